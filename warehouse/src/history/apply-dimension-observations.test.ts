import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseDb } from '../connect.ts';
import { applyDimensionObservations } from './apply-dimension-observations.ts';
import { createScd2Table } from './create-tables.ts';
import type { DimensionSpec } from './dimension-spec.ts';
import type { Observation } from './record-observations.ts';
import {
  customer,
  customerSpec,
  gone,
  openTestDatabase,
  readTable,
  seen,
  type TestDatabase,
  withoutColumn,
} from './test-support.ts';

const LOW = '1900-01-01 00:00:00.000000';
const FAR = '9999-12-31 00:00:00.000000';
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

const newDimension = async (): Promise<DimensionSpec> => {
  const spec = customerSpec();
  await createScd2Table(db, spec);
  return spec;
};

const versions = (spec: DimensionSpec) => readTable(db, spec.table, ['customer_id', 'valid_from']);
const apply = (spec: DimensionSpec, observations: Observation[]) =>
  applyDimensionObservations(db, spec, observations);

/** The attributes and validity of each version, in order: what a reader of the dimension sees. */
const history = async (spec: DimensionSpec) =>
  (await versions(spec)).map((row) => ({
    id: row.customer_id,
    from: row.valid_from,
    to: row.valid_to,
    current: row.is_current,
    deleted: row.is_deleted,
    city: row.city,
    email: row.email,
  }));

describe('Function: applyDimensionObservations()', () => {
  it('loads a first batch as one current version per key, from the low date', async () => {
    // Prepare
    const spec = await newDimension();
    const source = [customer({ customer_id: 1 }), customer({ customer_id: 2, city: 'Lyon', tier: 'silver' })];

    // Act
    const counts = await apply(
      spec,
      source.map((row) => seen(DAY1, row)),
    );

    // Assess
    expect(counts).toMatchObject({ versionsOpened: 2, versionsClosed: 0, retired: 0, unchanged: 0 });
    const rows = await versions(spec);
    expect(rows.map((row) => ({ ...source.find((s) => s.customer_id === row.customer_id) }))).toEqual(
      rows.map((row) => ({ customer_id: row.customer_id, city: row.city, tier: row.tier, email: row.email })),
    );
    expect(rows).toMatchObject([
      { customer_id: 1, valid_from: LOW, valid_to: FAR, is_current: 1, is_deleted: 0, is_inferred: 0 },
      { customer_id: 2, valid_from: LOW, valid_to: FAR, is_current: 1, is_deleted: 0, is_inferred: 0 },
    ]);
    expect(rows[0]?.row_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes nothing for an unchanged reload on a later day, nor for a replayed batch', async () => {
    // Prepare
    const spec = await newDimension();
    const day1 = [seen(DAY1, customer({ customer_id: 1 })), seen(DAY1, customer({ customer_id: 2 }))];
    await apply(spec, day1);
    const loaded = await versions(spec);
    const changes = await readTable(db, `${spec.table}__changes`, ['customer_id', 'observed_at']);

    // Act
    const replayed = await apply(spec, day1);
    const reloaded = await apply(spec, [
      seen(DAY2, customer({ customer_id: 1 })),
      seen(DAY2, customer({ customer_id: 2 })),
    ]);

    // Assess
    const nothing = {
      versionsOpened: 0,
      versionsClosed: 0,
      versionsRemoved: 0,
      inPlaceUpdates: 0,
      retired: 0,
    };
    expect(replayed).toMatchObject({ ...nothing, unchanged: 2 });
    expect(reloaded).toMatchObject({ ...nothing, unchanged: 2 });
    expect(await versions(spec)).toEqual(loaded);
    expect(await readTable(db, `${spec.table}__changes`, ['customer_id', 'observed_at'])).toHaveLength(
      changes.length + 2,
    );
  });

  it('closes the current version at the time of a tracked change and opens the next from it', async () => {
    // Prepare
    const spec = await newDimension();
    await apply(spec, [seen(DAY1, customer({ customer_id: 1 }))]);
    const [first] = await versions(spec);

    // Act
    const counts = await apply(spec, [seen(DAY2, customer({ customer_id: 1, city: 'Lyon' }))]);

    // Assess
    expect(counts).toMatchObject({ versionsOpened: 1, versionsClosed: 1, inPlaceUpdates: 0 });
    const rows = await versions(spec);
    expect(rows).toMatchObject([
      { valid_from: LOW, valid_to: DAY2, is_current: 0, city: 'Paris' },
      { valid_from: DAY2, valid_to: FAR, is_current: 1, city: 'Lyon' },
    ]);
    expect(rows[0]?.[`${spec.table}_sk`]).toBe(first?.[`${spec.table}_sk`]);
    expect(rows.filter((row) => row.is_current === 1)).toHaveLength(1);
  });

  it('rewrites type 1 columns on every version in place, without a new version', async () => {
    // Prepare
    const spec = await newDimension();
    await apply(spec, [
      seen(DAY1, customer({ customer_id: 1 })),
      seen(DAY2, customer({ customer_id: 1, city: 'Lyon' })),
    ]);
    const before = await versions(spec);

    // Act
    const counts = await apply(spec, [
      seen(DAY3, customer({ customer_id: 1, city: 'Lyon', email: 'new@example.com' })),
    ]);

    // Assess
    expect(counts).toMatchObject({ versionsOpened: 0, versionsClosed: 0, inPlaceUpdates: 2 });
    const after = await versions(spec);
    expect(after.map((row) => row.email)).toEqual(['new@example.com', 'new@example.com']);
    expect(withoutColumn(after, 'email')).toEqual(withoutColumn(before, 'email'));
  });

  it('keeps three versions for A, B, then A again', async () => {
    // Prepare
    const spec = await newDimension();

    // Act
    await apply(spec, [
      seen(DAY1, customer({ customer_id: 1, city: 'Paris' })),
      seen(DAY2, customer({ customer_id: 1, city: 'Lyon' })),
      seen(DAY3, customer({ customer_id: 1, city: 'Paris' })),
    ]);

    // Assess
    expect((await history(spec)).map(({ from, to, city }) => ({ from, to, city }))).toEqual([
      { from: LOW, to: DAY2, city: 'Paris' },
      { from: DAY2, to: DAY3, city: 'Lyon' },
      { from: DAY3, to: FAR, city: 'Paris' },
    ]);
  });

  it('retires a deleted row, and opens a new version when it comes back unchanged', async () => {
    // Prepare
    const spec = await newDimension();
    await apply(spec, [seen(DAY1, customer({ customer_id: 1 }))]);

    // Act
    const deletion = await apply(spec, [gone(DAY2, 1)]);
    const retired = await history(spec);
    const comeback = await apply(spec, [seen(DAY3, customer({ customer_id: 1 }))]);

    // Assess
    expect(deletion).toMatchObject({ retired: 1, versionsOpened: 0, versionsClosed: 0 });
    expect(retired).toMatchObject([{ from: LOW, to: DAY2, current: 0, deleted: 1 }]);
    expect(comeback).toMatchObject({ versionsOpened: 1 });
    expect(await history(spec)).toMatchObject([
      { from: LOW, to: DAY2, current: 0, deleted: 1, city: 'Paris' },
      { from: DAY3, to: FAR, current: 1, deleted: 0, city: 'Paris' },
    ]);
  });

  it('ignores the deletion of a key never seen alive', async () => {
    // Prepare
    const spec = await newDimension();

    // Act
    const counts = await apply(spec, [gone(DAY1, 9)]);

    // Assess
    expect(counts).toMatchObject({ versionsOpened: 0, retired: 0, unchanged: 1 });
    expect(await versions(spec)).toEqual([]);
  });
});

/** Three days of a small source: changes, a type 1 change, a deletion and a return. */
const DAYS: Observation[][] = [
  [
    seen(DAY1, customer({ customer_id: 1 })),
    seen(DAY1, customer({ customer_id: 2, city: 'Lyon' })),
    seen(DAY1, customer({ customer_id: 3, tier: 'bronze' })),
  ],
  [
    seen(DAY2, customer({ customer_id: 1, city: 'Nice' })),
    seen(DAY2, customer({ customer_id: 2, city: 'Lyon', email: 'two@example.com' })),
    gone(DAY2, 3),
    seen(DAY2, customer({ customer_id: 4 })),
  ],
  [
    seen(DAY3, customer({ customer_id: 1, city: 'Paris' })),
    seen(DAY3, customer({ customer_id: 2, city: 'Lyon', email: 'two@example.com' })),
    seen(DAY3, customer({ customer_id: 3, tier: 'bronze' })),
    seen(DAY3, customer({ customer_id: 4, tier: 'silver' })),
  ],
];

describe('Function: applyDimensionObservations() in any order', () => {
  it('ends with the same versions when day 2 comes before day 1', async () => {
    // Prepare
    const inOrder = await newDimension();
    const outOfOrder = await newDimension();
    for (const day of DAYS) await apply(inOrder, day);

    // Act
    for (const index of [1, 0, 2]) await apply(outOfOrder, DAYS[index] ?? []);

    // Assess
    const sk = (spec: DimensionSpec) => `${spec.table}_sk`;
    expect(withoutColumn(await versions(outOfOrder), sk(outOfOrder))).toEqual(
      withoutColumn(await versions(inOrder), sk(inOrder)),
    );
    expect((await history(inOrder)).filter((row) => row.id === 3)).toMatchObject([
      { from: LOW, to: DAY2, deleted: 1 },
      { from: DAY3, to: FAR, deleted: 0 },
    ]);
  });

  it('ends the same for every order of the days, and replays keep every surrogate key', async () => {
    // Prepare
    const reference = await newDimension();
    for (const day of DAYS) await apply(reference, day);
    const expected = withoutColumn(await versions(reference), `${reference.table}_sk`);
    const orders = [
      [2, 1, 0],
      [2, 0, 1],
      [0, 2, 1],
      [1, 2, 0],
    ];

    for (const order of orders) {
      const spec = await newDimension();
      // Act: the days in this order, every batch split and shuffled as parallel pages would be
      for (const index of order) {
        const day = DAYS[index] ?? [];
        await apply(spec, day.slice(2));
        await apply(spec, day.slice(0, 2).reverse());
      }
      const loaded = await versions(spec);
      for (const day of DAYS) await apply(spec, day);

      // Assess
      expect(withoutColumn(loaded, `${spec.table}_sk`)).toEqual(expected);
      expect(await versions(spec)).toEqual(loaded);
    }
  });

  it('picks the same winner for two different observations of one key at one instant', async () => {
    // Prepare
    const first = await newDimension();
    const second = await newDimension();
    const lyon = seen(DAY1, customer({ customer_id: 1, city: 'Lyon' }));
    const nice = seen(DAY1, customer({ customer_id: 1, city: 'Nice' }));

    // Act
    await apply(first, [lyon]);
    await apply(first, [nice]);
    await apply(second, [nice, lyon]);

    // Assess
    expect(withoutColumn(await versions(second), `${second.table}_sk`)).toEqual(
      withoutColumn(await versions(first), `${first.table}_sk`),
    );
  });

  it('rolls back the change table and the dimension together when a statement fails', async () => {
    // Prepare
    const spec = await newDimension();
    await apply(spec, [seen(DAY1, customer({ customer_id: 1 }))]);

    // Act
    const failure = db.transaction(async (tx) => {
      await applyDimensionObservations(tx, spec, [seen(DAY2, customer({ customer_id: 1, city: 'Lyon' }))]);
      await tx.execute(sql`select * from no_such_table`);
    });

    // Assess
    await expect(failure).rejects.toThrow();
    expect(await history(spec)).toMatchObject([{ from: LOW, to: FAR, city: 'Paris' }]);
    expect(await readTable(db, `${spec.table}__changes`, ['observed_at'])).toHaveLength(1);
  });
});
