import { type Connection, createConnection } from 'mysql2/promise';

type Say = (line: string) => void;

/** Past this, a part starts with the flushing left for it to do. */
const DIRTY_PAGES_LEFT = 10;
const TIMEOUT_MS = 60_000;
// For the flush alone: Debian's MariaDB writes 200 pages a second when asked to write everything out.
const FLUSH_IO_CAPACITY = 20_000;

const dirtyPages = async (connection: Connection): Promise<number> => {
  const [rows] = await connection.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
  return Number((rows as { Value: string }[])[0]?.Value ?? 0);
};

/**
 * Has MariaDB write out its buffer pool's dirty pages before a timed part, so that no part pays for the
 * writes of the part before it. Left alone, MariaDB (10.11, as Debian configures it: a 96 MB redo log,
 * innodb_io_capacity 200) keeps a finished run's pages dirty while it idles, and the next part to write
 * runs with its redo log near the checkpoint limit, where every write waits on flushing: the loader alone
 * took 14 s in some runs and 7 s in others, its batches slowing from 144 to 460 ms as its tables grew,
 * and the ceiling's later passes carried its earlier ones'. Every part (Sluice's runs, the loader alone,
 * dlt's runs, each pass of the ceiling) starts from the same written-out state. The server's settings
 * are put back as they were, whatever happens.
 */
export const writeOutDirtyPages = async (databaseServer: string, say: Say): Promise<void> => {
  const started = performance.now();
  let connection: Connection | undefined;
  try {
    connection = await createConnection({ uri: databaseServer });
    const dirtyBefore = await dirtyPages(connection);
    if (dirtyBefore <= DIRTY_PAGES_LEFT) return;
    const [[settings]] = (await connection.query(
      'SELECT @@GLOBAL.innodb_io_capacity AS capacity, @@GLOBAL.innodb_io_capacity_max AS capacityMax, ' +
        '@@GLOBAL.innodb_max_dirty_pages_pct AS dirtyPct',
    )) as unknown as [{ capacity: number; capacityMax: number; dirtyPct: number }[]];
    if (!settings) throw new Error('the server did not say its InnoDB settings');
    let dirty = dirtyBefore;
    try {
      await connection.query('SET GLOBAL innodb_io_capacity_max = ?', [
        Math.max(Number(settings.capacityMax), FLUSH_IO_CAPACITY),
      ]);
      await connection.query('SET GLOBAL innodb_io_capacity = ?', [FLUSH_IO_CAPACITY]);
      await connection.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
      while (dirty > DIRTY_PAGES_LEFT && performance.now() - started < TIMEOUT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        dirty = await dirtyPages(connection);
      }
    } finally {
      await connection.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [Number(settings.dirtyPct)]);
      await connection.query('SET GLOBAL innodb_io_capacity = ?', [Number(settings.capacity)]);
      await connection.query('SET GLOBAL innodb_io_capacity_max = ?', [Number(settings.capacityMax)]);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(
      `MariaDB: ${dirtyBefore - dirty} dirty pages written out in ${seconds} s before this part` +
        (dirty > DIRTY_PAGES_LEFT ? ` (${dirty} still dirty after ${TIMEOUT_MS / 1000} s)` : ''),
    );
  } catch (error) {
    // A server that refuses (no SUPER privilege, not MariaDB) is measured as it is, and the report says so.
    say(
      `MariaDB: dirty pages not written out before this part (${(error as Error).message}); figures may carry the last part's writes`,
    );
  } finally {
    await connection?.end();
  }
};
