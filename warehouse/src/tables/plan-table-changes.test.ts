import { describe, expect, it } from 'vitest';
import { parseLiveType } from './column-type.ts';
import type { LiveTable } from './live-table.ts';
import { planTableChanges } from './plan-table-changes.ts';
import { declareTable, liveOf, sensorTable, sqlText } from './test-factories.ts';

const withColumns = (columns: Record<string, unknown>) => {
  const table = sensorTable();
  return declareTable({ ...table, columns: { ...table.columns, ...columns } });
};
const alterOf = (plan: ReturnType<typeof planTableChanges>) => plan.statements.map(sqlText);

describe('Function: planTableChanges()', () => {
  describe('when the table does not exist', () => {
    it('creates it in utf8mb4 with NOT NULL columns, its keys and indexes', () => {
      // Prepare
      const declared = declareTable({
        columns: { id: 'int', code: 'varchar(16)', note: { type: 'text', nullable: true }, doc: 'json' },
        primaryKey: ['id'],
        uniqueKey: ['code'],
        indexes: { things_code_id_idx: ['code', 'id'] },
      });

      // Act
      const plan = planTableChanges('things', declared, null);

      // Assess
      expect(plan).toMatchObject({ create: true, refusals: [], changes: ['things: created'] });
      expect(alterOf(plan)).toEqual([
        'create table `things` (`id` int not null, `code` varchar(16) not null, `note` text null, `doc` json not null, ' +
          'primary key (`id`), unique key `things_unique` (`code`), key `things_code_id_idx` (`code`, `id`)) ' +
          'engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci',
      ]);
    });
  });

  describe('when the table matches', () => {
    it('changes nothing', () => {
      const plan = planTableChanges('sensors', sensorTable(), liveOf(sensorTable()));
      expect(plan).toEqual({ create: false, statements: [], refusals: [], changes: [] });
    });

    it("reads MariaDB's int(11), tinyint(1), longtext and datetime(3) as the declared types", () => {
      // Prepare
      const declared = declareTable({
        columns: { id: 'int', big: 'bigint', ok: 'boolean', doc: 'json', at: 'datetime(3)' },
        primaryKey: ['id'],
      });
      const spelled = {
        id: 'int(11)',
        big: 'bigint(20)',
        ok: 'tinyint(1)',
        doc: 'longtext',
        at: 'datetime(3)',
      };
      const live: LiveTable = {
        columns: Object.entries(spelled).map(([name, type]) => ({
          name,
          type: parseLiveType(type),
          nullable: false,
          hasDefault: false,
        })),
        primaryKey: ['id'],
        indexes: [],
        hasRows: true,
      };

      // Act
      const plan = planTableChanges('t', declared, live);

      // Assess
      expect(plan).toEqual({ create: false, statements: [], refusals: [], changes: [] });
    });
  });

  describe('when columns are added', () => {
    it('adds a nullable column to a table with rows', () => {
      const plan = planTableChanges(
        'sensors',
        withColumns({ unit: { type: 'varchar(8)', nullable: true } }),
        liveOf(sensorTable()),
      );
      expect(alterOf(plan)).toEqual(['alter table `sensors` add column `unit` varchar(8) null']);
      expect(plan.changes).toEqual(['sensors.unit: added, varchar(8) NULL']);
      expect(plan.refusals).toEqual([]);
    });

    it('adds a NOT NULL column to an empty table', () => {
      const plan = planTableChanges(
        'sensors',
        withColumns({ unit: 'varchar(8)' }),
        liveOf(sensorTable(), false),
      );
      expect(alterOf(plan)).toEqual(['alter table `sensors` add column `unit` varchar(8) not null']);
    });

    it('refuses a NOT NULL column on a table with rows', () => {
      const plan = planTableChanges('sensors', withColumns({ unit: 'varchar(8)' }), liveOf(sensorTable()));
      expect(plan.statements).toEqual([]);
      expect(plan.refusals).toEqual([
        expect.stringMatching(
          /^sensors\.unit: new column varchar\(8\) NOT NULL, but the table has rows .*declare it nullable, or backfill and migrate explicitly/,
        ),
      ]);
    });

    it('adds a new index', () => {
      const declared = declareTable({
        ...sensorTable(),
        indexes: { ...sensorTable().indexes, sensors_label_idx: ['label', 'id'] },
      });
      const plan = planTableChanges('sensors', declared, liveOf(sensorTable()));
      expect(alterOf(plan)).toEqual(['alter table `sensors` add index `sensors_label_idx` (`label`, `id`)']);
      expect(plan.changes).toEqual(['sensors: added index sensors_label_idx (label, id)']);
    });
  });

  describe('when columns are widened', () => {
    it('modifies them all in one ALTER', () => {
      // Prepare
      const declared = withColumns({
        id: 'varchar(128)',
        reading: 'decimal(38,10)',
        count: 'bigint',
        seen_at: 'datetime(3)',
        ok: { type: 'boolean', nullable: true },
        unit: { type: 'varchar(8)', nullable: true },
      });

      // Act
      const plan = planTableChanges('sensors', declared, liveOf(sensorTable()));

      // Assess
      expect(plan.refusals).toEqual([]);
      expect(alterOf(plan)).toEqual([
        'alter table `sensors` modify column `id` varchar(128) not null, modify column `reading` decimal(38,10) not null, ' +
          'modify column `count` bigint not null, modify column `seen_at` datetime(3) not null, ' +
          'modify column `ok` boolean null, add column `unit` varchar(8) null',
      ]);
      expect(plan.changes).toEqual([
        'sensors.id: widened, varchar(64) NOT NULL → varchar(128) NOT NULL',
        'sensors.reading: widened, decimal(20,8) NOT NULL → decimal(38,10) NOT NULL',
        'sensors.count: widened, int NOT NULL → bigint NOT NULL',
        'sensors.seen_at: widened, datetime NOT NULL → datetime(3) NOT NULL',
        'sensors.ok: widened, boolean NOT NULL → boolean NULL',
        'sensors.unit: added, varchar(8) NULL',
      ]);
    });
  });

  describe('when a change could lose or reject data', () => {
    it.each([
      [
        'narrowing varchar',
        { id: 'varchar(32)' },
        'sensors.id: varchar(64) in the table, varchar(32) declared',
      ],
      ['bigint to int', { count: 'int' }, 'sensors.count: bigint in the table, int declared'],
      [
        'fewer decimals',
        { reading: 'decimal(20,6)' },
        'sensors.reading: decimal(20,8) in the table, decimal(20,6) declared',
      ],
      [
        'fewer integer digits',
        { reading: 'decimal(22,12)' },
        'decimal(20,8) in the table, decimal(22,12) declared',
      ],
      [
        'fewer fractional seconds',
        { seen_at: 'datetime(0)' },
        'sensors.seen_at: datetime(3) in the table, datetime declared',
      ],
      ['another type', { count: 'varchar(11)' }, 'sensors.count: bigint in the table, varchar(11) declared'],
      ['NULL to NOT NULL', { label: 'varchar(32)' }, 'sensors.label: NULL in the table, NOT NULL declared'],
    ])('refuses %s and changes nothing, even what could be added', (_, columns, message) => {
      // Prepare: the live table is one step wider where the case narrows back.
      const live = liveOf(withColumns({ count: 'bigint', seen_at: 'datetime(3)' }));
      const declared = withColumns({
        count: 'bigint',
        seen_at: 'datetime(3)',
        extra: { type: 'int', nullable: true },
        ...columns,
      });

      // Act
      const plan = planTableChanges('sensors', declared, live);

      // Assess
      expect(plan.statements).toEqual([]);
      expect(plan.refusals).toHaveLength(1);
      expect(plan.refusals[0]).toContain(message);
      expect(plan.refusals[0]).toMatch(/migrate it explicitly with SQL of your own, or revert the YAML$/);
    });

    it('lists every refusal of the table at once', () => {
      const declared = withColumns({
        id: 'varchar(8)',
        count: 'varchar(11)',
        label: 'varchar(32)',
        unit: 'int',
      });
      const plan = planTableChanges('sensors', declared, liveOf(sensorTable()));
      expect(plan.refusals.map((refusal) => refusal.split(':')[0])).toEqual([
        'sensors.id',
        'sensors.count',
        'sensors.label',
        'sensors.unit',
      ]);
    });
  });

  describe('when keys change', () => {
    it('refuses a changed or dropped primary key', () => {
      const changed = declareTable({ ...sensorTable(), primaryKey: ['id', 'count'] });
      const dropped = declareTable({ ...sensorTable(), primaryKey: undefined, writeMode: 'append' });
      expect(planTableChanges('sensors', changed, liveOf(sensorTable())).refusals).toEqual([
        expect.stringMatching(
          /^sensors: primary key \(id\) in the table, \(id, count\) declared: .*revert the YAML$/,
        ),
      ]);
      expect(planTableChanges('sensors', dropped, liveOf(sensorTable())).refusals).toEqual([
        expect.stringMatching(/^sensors: primary key \(id\) in the table, none declared/),
      ]);
    });

    it('refuses a changed, dropped or added unique key', () => {
      const unique = (columns?: string[]) => declareTable({ ...sensorTable(), uniqueKey: columns });
      const plan = (declared: ReturnType<typeof unique>, live: ReturnType<typeof unique>) =>
        planTableChanges('sensors', declared, liveOf(live)).refusals;
      expect(plan(unique(['label']), unique(['label']))).toEqual([]);
      expect(plan(unique(['count']), unique(['label']))).toEqual([
        expect.stringMatching(/^sensors: unique key u \(label\) in the table, \(count\) declared/),
      ]);
      expect(plan(unique(), unique(['label']))).toEqual([
        expect.stringMatching(/^sensors: unique key u \(label\) in the table, none declared/),
      ]);
      expect(plan(unique(['label']), unique())).toEqual([
        expect.stringMatching(/^sensors: unique key none in the table, \(label\) declared/),
      ]);
    });

    it('refuses an index whose columns changed', () => {
      const declared = declareTable({
        ...sensorTable(),
        indexes: { sensors_seen_at_idx: ['seen_at', 'id'] },
      });
      expect(planTableChanges('sensors', declared, liveOf(sensorTable())).refusals).toEqual([
        expect.stringMatching(
          /^sensors: index sensors_seen_at_idx is \(seen_at\) in the table, \(seen_at, id\) declared: give the new index another name/,
        ),
      ]);
    });
  });

  describe('when the table has more than is declared', () => {
    it('keeps a nullable column, or one with a default, and an index, and says so', () => {
      // Prepare
      const live = liveOf(withColumns({ unit: { type: 'varchar(8)', nullable: true }, seq: 'int' }));
      const seq = live.columns.find((column) => column.name === 'seq');
      if (seq) seq.hasDefault = true;

      // Act
      const plan = planTableChanges('sensors', declareTable({ ...sensorTable(), indexes: undefined }), live);

      // Assess
      expect(plan.statements).toEqual([]);
      expect(plan.refusals).toEqual([]);
      expect(plan.changes).toEqual([
        'sensors.unit: kept, no longer written (in the table, not declared)',
        'sensors.seq: kept, no longer written (in the table, not declared)',
        'sensors: index sensors_seen_at_idx (seen_at) kept (in the table, not declared)',
      ]);
    });

    it('refuses to leave a NOT NULL column behind, which every insert would fail on', () => {
      const live = liveOf(withColumns({ unit: 'varchar(8)' }));
      expect(planTableChanges('sensors', sensorTable(), live).refusals).toEqual([
        expect.stringMatching(
          /^sensors\.unit: NOT NULL in the table but no longer declared, so every insert would fail: declare it again, or drop it or make it nullable explicitly/,
        ),
      ]);
    });
  });
});
