import { describe, expect, it } from 'vitest';
import { type DimensionSpec, dimensionOf } from './dimension-spec.ts';
import { factOf } from './fact-spec.ts';
import { assertIdentifier } from './identifiers.ts';
import { customerSpec, paymentSpec } from './test-support.ts';

const customer = (overrides: Partial<DimensionSpec> = {}) => ({ ...customerSpec('customer'), ...overrides });

describe('Function: assertIdentifier()', () => {
  it('accepts letters, digits and underscores, and refuses anything that could leave a quoted name', () => {
    expect(assertIdentifier('dim_customer_2', 'table')).toBe('dim_customer_2');
    for (const bad of ['a`b', 'a b', '1abc', 'a-b', 'é', '', 'x'.repeat(65)]) {
      expect(() => assertIdentifier(bad, 'table')).toThrow(/letters, digits and underscores/);
    }
  });
});

describe('Function: dimensionOf()', () => {
  it('names the surrogate key and the change table, and canonicalises the low date', () => {
    expect(dimensionOf(customer())).toMatchObject({
      table: 'customer',
      changes: 'customer__changes',
      surrogateKey: 'customer_sk',
      keyColumns: ['customer_id'],
      attributeColumns: ['city', 'tier', 'email'],
      lowDate: '1900-01-01 00:00:00.000000',
    });
  });

  it('refuses columns that collide with each other or with the history columns', () => {
    expect(() => dimensionOf(customer({ overwrite: { city: 'text' } }))).toThrow(/city is declared twice/);
    expect(() => dimensionOf(customer({ tracked: { valid_to: 'datetime' } }))).toThrow(
      /valid_to is declared twice/,
    );
    expect(() => dimensionOf(customer({ tracked: { customer_sk: 'int' } }))).toThrow(/declared twice/);
    expect(() => dimensionOf(customer({ tracked: { 'city`': 'text' } }))).toThrow(/letters, digits/);
    expect(() => dimensionOf(customer({ naturalKey: {} }))).toThrow(/needs a natural key/);
    expect(() => dimensionOf(customer({ table: 'x'.repeat(56) }))).toThrow(/longer than 55/);
    expect(() => dimensionOf(customer({ tracked: { city: 'varchar(64); drop' } }))).toThrow(
      /not a column type/,
    );
  });
});

describe('Function: factOf()', () => {
  it('orders the written columns: id, event time, measures, then the natural keys of the lookups', () => {
    const fact = factOf(paymentSpec(customer(), 'infer', 'payment'));
    expect(fact.valueColumns.map(([name]) => name)).toEqual([
      'payment_id',
      'paid_at',
      'amount',
      'customer_id',
    ]);
    expect(fact.lookups).toMatchObject([
      { skColumn: 'customer_sk', factColumns: ['customer_id'], missing: 'infer' },
    ]);
  });

  it('refuses a lookup that does not cover the natural key, or an unknown policy', () => {
    const spec = paymentSpec(customer(), 'infer', 'payment');
    const lookup = spec.dimensions.customer_sk;
    if (!lookup) throw new Error('the factory declares customer_sk');
    expect(() => factOf({ ...spec, dimensions: { customer_sk: { ...lookup, naturalKey: {} } } })).toThrow(
      /no fact column holds customer.customer_id/,
    );
    expect(() =>
      factOf({ ...spec, dimensions: { customer_sk: { ...lookup, missing: 'guess' as 'infer' } } }),
    ).toThrow(/missing must be one of infer, unknown, reject/);
    expect(() => factOf({ ...spec, id: { a: 'int', b: 'int' } })).toThrow(/exactly one column/);
    expect(() => factOf({ ...spec, measures: { paid_at: 'int' } })).toThrow(/paid_at is declared twice/);
  });
});
