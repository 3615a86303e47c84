import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { compileDeletedRows } from './deleted-rows.ts';

const pipeline = (destination: Record<string, unknown>) =>
  ({
    name: 'shop',
    transform: {
      payments: {
        table: 'payments',
        columns: {
          payment_id: { from: 'id', type: 'int' },
          amount: { from: 'amount', type: 'decimal' },
        },
      },
    },
    destination,
  }) as unknown as PipelineDefinition;

describe('Function: compileDeletedRows()', () => {
  it("gives the table's key, read where the mapping reads it, whatever else the record lacks", () => {
    // Prepare: a key scan knows only the key.
    const deleted = compileDeletedRows(
      pipeline({ payments: { writeMode: 'upsert', primaryKey: ['payment_id'] } }),
      'payments',
    );

    // Act
    const result = deleted([
      { $sluice_deleted: true, id: 7 },
      { $sluice_deleted: true, amount: '1.00' },
    ]);

    // Assess
    expect(result.table).toBe('payments');
    expect(result.rows).toEqual([{ payment_id: 7 }]);
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 1, reason: 'a deleted row without its key payment_id (from id)' }),
    ]);
  });

  it("takes a dimension's natural key and a fact's id", () => {
    const scd2 = pipeline({ payments: { writeMode: 'scd2', scd2: { naturalKey: ['payment_id'] } } });
    const fact = pipeline({ payments: { writeMode: 'fact', fact: { id: 'payment_id' } } });
    expect(compileDeletedRows(scd2, 'payments')([{ id: '12' }]).rows).toEqual([{ payment_id: '12' }]);
    expect(compileDeletedRows(fact, 'payments')([{ id: 3 }]).rows).toEqual([{ payment_id: 3 }]);
  });

  it('refuses a table with no key to find deleted rows by', () => {
    expect(() => compileDeletedRows(pipeline({ payments: { writeMode: 'append' } }), 'payments')).toThrow(
      /payments has no key to find them by/,
    );
  });
});
