import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseDb } from '../connect.ts';
import { applyDimensionObservations } from './apply-dimension-observations.ts';
import { applyFacts } from './apply-facts.ts';
import { createFactTable } from './create-tables.ts';
import type { DimensionSpec } from './dimension-spec.ts';
import { type FactSpec, type MissingMemberPolicy, UNKNOWN_MEMBER_SK } from './fact-spec.ts';
import { rowsOf } from './query-rows.ts';
import {
  customer,
  customerSpec,
  openTestDatabase,
  payment,
  paymentSpec,
  readTable,
  seen,
  type TestDatabase,
} from './test-support.ts';

const DAY1 = '2024-03-01 08:00:00.000000';
const DAY2 = '2024-03-02 08:00:00.000000';
const DAY3 = '2024-03-03 08:00:00.000000';

let test: TestDatabase;
let db: WarehouseDb;

beforeAll(async () => {
  test = await openTestDatabase();
  db = test.warehouse.db;
}, 30_000);

afterAll(async () => {
  await test.drop();
});

const newStar = async (missing: MissingMemberPolicy = 'infer') => {
  const dimension = customerSpec();
  const fact = paymentSpec(dimension, missing);
  await createFactTable(db, fact);
  return { dimension, fact };
};

const skColumn = (dimension: DimensionSpec) => `${dimension.table}_sk`;

/** payment id → the city of the customer version it points at (null: no version). */
const citiesOf = async (dimension: DimensionSpec, fact: FactSpec) => {
  const versions = await readTable(db, dimension.table, [skColumn(dimension)]);
  const payments = await readTable(db, fact.table, ['payment_id']);
  return Object.fromEntries(
    payments.map((row) => [
      row.payment_id,
      versions.find((version) => version[skColumn(dimension)] === row.customer_sk)?.city ?? null,
    ]),
  );
};

describe('Function: applyFacts()', () => {
  it('points facts before a tracked change at the old version and after it at the new one', async () => {
    // Prepare
    const { dimension, fact } = await newStar();
    await applyDimensionObservations(db, dimension, [
      seen(DAY1, customer({ customer_id: 1, city: 'Paris' })),
      seen(DAY2, customer({ customer_id: 1, city: 'Lyon' })),
    ]);

    // Act
    const result = await applyFacts(db, fact, [
      payment('p1', 1, '2024-03-01 12:00:00'),
      payment('p2', 1, DAY2),
      payment('p3', 1, '2024-03-05 09:30:00'),
    ]);

    // Assess
    expect(result).toEqual({ inserted: 3, updated: 0, unchanged: 0, inferredMembers: 0, rejected: [] });
    expect(await citiesOf(dimension, fact)).toEqual({ p1: 'Paris', p2: 'Lyon', p3: 'Lyon' });
  });

  it('points a back-dated payment at the version valid at its event time', async () => {
    // Prepare
    const { dimension, fact } = await newStar();
    await applyDimensionObservations(db, dimension, [
      seen(DAY1, customer({ customer_id: 1, city: 'Paris' })),
      seen(DAY3, customer({ customer_id: 1, city: 'Lyon' })),
    ]);
    await applyFacts(db, fact, [payment('late', 1, DAY3)]);

    // Act
    await applyFacts(db, fact, [payment('early', 1, '1999-12-31 23:59:59.999999')]);

    // Assess
    expect(await citiesOf(dimension, fact)).toEqual({ early: 'Paris', late: 'Lyon' });
  });

  it('re-points the facts of a key when a back-dated change splits its version', async () => {
    // Prepare
    const { dimension, fact } = await newStar();
    await applyDimensionObservations(db, dimension, [
      seen(DAY1, customer({ customer_id: 1, city: 'Paris' })),
    ]);
    await applyFacts(db, fact, [payment('p1', 1, '2024-03-01 12:00:00'), payment('p2', 1, DAY3)]);

    // Act: day 3's observation arrives late, after the facts
    const counts = await applyDimensionObservations(
      db,
      dimension,
      [seen('2024-03-02 00:00:00', customer({ customer_id: 1, city: 'Lyon' }))],
      { dependentFacts: [fact] },
    );

    // Assess
    expect(counts).toMatchObject({ versionsOpened: 1, versionsClosed: 1 });
    expect(await citiesOf(dimension, fact)).toEqual({ p1: 'Paris', p2: 'Lyon' });
  });

  it('points facts at the same versions whichever order the customer days and the facts came in', async () => {
    // Prepare
    const inOrder = await newStar();
    const outOfOrder = await newStar();
    const day1 = [seen(DAY1, customer({ customer_id: 1, city: 'Paris' }))];
    const day3 = [seen(DAY3, customer({ customer_id: 1, city: 'Lyon' }))];
    const payments = [payment('p1', 1, DAY2), payment('p2', 1, '2024-03-04 00:00:00')];
    await applyDimensionObservations(db, inOrder.dimension, day1);
    await applyDimensionObservations(db, inOrder.dimension, day3);
    await applyFacts(db, inOrder.fact, payments);

    // Act
    const options = { dependentFacts: [outOfOrder.fact] };
    await applyFacts(db, outOfOrder.fact, payments);
    await applyDimensionObservations(db, outOfOrder.dimension, day3, options);
    await applyDimensionObservations(db, outOfOrder.dimension, day1, options);

    // Assess
    expect(await citiesOf(outOfOrder.dimension, outOfOrder.fact)).toEqual({ p1: 'Paris', p2: 'Lyon' });
    expect(await citiesOf(inOrder.dimension, inOrder.fact)).toEqual({ p1: 'Paris', p2: 'Lyon' });
  });

  it('infers a member for a payment before its customer, which the customer load fills in place', async () => {
    // Prepare
    const { dimension, fact } = await newStar('infer');

    // Act
    const result = await applyFacts(db, fact, [payment('p1', 7, DAY2), payment('p2', 7, DAY3)]);
    const [inferred] = await readTable(db, dimension.table, [skColumn(dimension)]);
    await applyDimensionObservations(
      db,
      dimension,
      [seen(DAY1, customer({ customer_id: 7, city: 'Nice' }))],
      {
        dependentFacts: [fact],
      },
    );

    // Assess
    expect(result).toMatchObject({ inserted: 2, inferredMembers: 1 });
    expect(inferred).toMatchObject({
      customer_id: 7,
      is_inferred: 1,
      is_current: 1,
      city: null,
      row_hash: null,
    });
    const filled = await readTable(db, dimension.table, [skColumn(dimension)]);
    expect(filled).toEqual([
      {
        ...inferred,
        is_inferred: 0,
        city: 'Nice',
        tier: 'gold',
        email: 'c7@example.com',
        row_hash: filled[0]?.row_hash,
      },
    ]);
    const payments = await readTable(db, fact.table, ['payment_id']);
    expect(payments.map((row) => row.customer_sk)).toEqual([
      inferred?.[skColumn(dimension)],
      inferred?.[skColumn(dimension)],
    ]);
  });

  it('gives the unknown member until the customer arrives, then the real version', async () => {
    // Prepare
    const { dimension, fact } = await newStar('unknown');

    // Act
    const result = await applyFacts(db, fact, [payment('p1', 8, DAY2), payment('p2', null, DAY2)]);
    const before = await readTable(db, fact.table, ['payment_id']);
    await applyDimensionObservations(db, dimension, [seen(DAY1, customer({ customer_id: 8 }))], {
      dependentFacts: [fact],
    });

    // Assess
    expect(result).toMatchObject({ inserted: 2, inferredMembers: 0, rejected: [] });
    expect(before.map((row) => row.customer_sk)).toEqual([UNKNOWN_MEMBER_SK, UNKNOWN_MEMBER_SK]);
    expect(await citiesOf(dimension, fact)).toEqual({ p1: 'Paris', p2: null });
    expect(await readTable(db, dimension.table, [skColumn(dimension)])).toHaveLength(1);
  });

  it('rejects, with a reason, facts whose customer is missing or that predate the low date', async () => {
    // Prepare
    const { dimension, fact } = await newStar('reject');
    await applyDimensionObservations(db, dimension, [seen(DAY1, customer({ customer_id: 1 }))]);

    // Act
    const result = await applyFacts(db, fact, [
      payment('ok', 1, DAY2),
      payment('stranger', 2, DAY2),
      payment('anonymous', null, DAY2),
      payment('ancient', 1, '1899-12-31 23:59:59'),
    ]);

    // Assess
    expect(result.inserted).toBe(1);
    expect(result.rejected).toEqual([
      {
        id: 'ancient',
        reason: `paid_at 1899-12-31 23:59:59.000000 is before ${dimension.table}'s low date 1900-01-01 00:00:00.000000`,
      },
      { id: 'stranger', reason: `no ${dimension.table} member for customer_id="2"` },
      { id: 'anonymous', reason: `no ${dimension.table} member for customer_id=null` },
    ]);
    expect((await readTable(db, fact.table, ['payment_id'])).map((row) => row.payment_id)).toEqual(['ok']);
  });

  it('tells a replay from a correction, and a replay changes nothing', async () => {
    // Prepare
    const { fact } = await newStar();
    const batch = [payment('p1', 1, DAY1, '10.5'), payment('p2', 2, DAY2, '20')];
    await applyFacts(db, fact, batch);
    const loaded = await readTable(db, fact.table, ['payment_id']);

    // Act
    const replayed = await applyFacts(db, fact, batch);
    const replayedTable = await readTable(db, fact.table, ['payment_id']);
    const corrected = await applyFacts(db, fact, [payment('p1', 1, DAY1, '10.75')]);

    // Assess
    expect(replayed).toEqual({ inserted: 0, updated: 0, unchanged: 2, inferredMembers: 0, rejected: [] });
    expect(replayedTable).toEqual(loaded);
    expect(corrected).toMatchObject({ updated: 1, unchanged: 0 });
  });
});

describe('Function: applyFacts() in a session that is not UTC', () => {
  it('keeps microseconds and decimals exactly', async () => {
    // Prepare
    const elsewhere = await openTestDatabase('-07:00');
    const savedTz = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const dimension = customerSpec();
      const fact = paymentSpec(dimension);
      await createFactTable(elsewhere.warehouse.db, fact);
      await applyDimensionObservations(elsewhere.warehouse.db, dimension, [
        seen('2024-03-01 08:00:00.000001', customer({ customer_id: 1, city: 'Paris' })),
        seen('2024-03-01 08:00:00.000002', customer({ customer_id: 1, city: 'Lyon' })),
      ]);

      // Act
      await applyFacts(elsewhere.warehouse.db, fact, [
        payment('at', 1, '2024-03-01 08:00:00.000002', '12345678.9012'),
        payment('before', 1, '2024-03-01 08:00:00.000001', '-0.0001'),
      ]);

      // Assess
      const [zone] = await rowsOf<{ zone: string }>(
        elsewhere.warehouse.db,
        sql`select @@session.time_zone as zone`,
      );
      expect(zone?.zone).toBe('-07:00');
      const versions = await readTable(elsewhere.warehouse.db, dimension.table, ['valid_from']);
      expect(versions.map((row) => [row.valid_from, row.valid_to])).toEqual([
        ['1900-01-01 00:00:00.000000', '2024-03-01 08:00:00.000002'],
        ['2024-03-01 08:00:00.000002', '9999-12-31 00:00:00.000000'],
      ]);
      const payments = await readTable(elsewhere.warehouse.db, fact.table, ['payment_id']);
      expect(payments).toEqual([
        {
          payment_id: 'at',
          paid_at: '2024-03-01 08:00:00.000002',
          amount: '12345678.9012',
          customer_id: 1,
          customer_sk: versions[1]?.[skColumn(dimension)],
        },
        {
          payment_id: 'before',
          paid_at: '2024-03-01 08:00:00.000001',
          amount: '-0.0001',
          customer_id: 1,
          customer_sk: versions[0]?.[skColumn(dimension)],
        },
      ]);
    } finally {
      process.env.TZ = savedTz;
      await elsewhere.drop();
    }
  });
});
