import type { SQL } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';

/** mysql2 answers [rows, fields] for a select, [ResultSetHeader] for a write. */
export const rowsOf = async <T>(db: Executor, query: SQL): Promise<T[]> => {
  const [rows] = (await db.execute(query)) as unknown as [T[]];
  return rows;
};

export const affectedRowsOf = async (db: Executor, query: SQL): Promise<number> => {
  const [header] = (await db.execute(query)) as unknown as [{ affectedRows: number }];
  return header.affectedRows;
};
