import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { connectWarehouse } from './connect.ts';
import { isDatabaseOutage } from './database-outage.ts';

// The machine's MariaDB, for errors the server itself gives; nothing is created on it.
const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';

/** A loopback port nobody listens on: connecting to it is refused, as when the server is down. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
};

const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
};

describe('Function: isDatabaseOutage()', () => {
  it('recognises a server that refuses connections, from mysql2 and through drizzle', async () => {
    // Prepare
    const url = `mysql://root@127.0.0.1:${await closedPort()}/sluice`;
    const { db, close } = connectWarehouse(url, 1);

    // Act
    const direct = await failureOf(() => createConnection({ uri: url }));
    const viaDrizzle = await failureOf(() => db.execute(sql`select 1`));
    const inTransaction = await failureOf(() => db.transaction(async (tx) => tx.execute(sql`select 1`)));
    await close();

    // Assess
    expect(direct).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseOutage(direct)).toBe(true);
    expect(isDatabaseOutage(viaDrizzle)).toBe(true);
    expect(isDatabaseOutage(inTransaction)).toBe(true);
  });

  it('recognises a connection the server dropped mid-query, and the commands sent on it afterwards', async () => {
    // Prepare: the server kills a busy connection, as it does to every connection when it shuts down.
    const victim = await createConnection({ uri: SERVER });
    const killer = await createConnection({ uri: SERVER });
    victim.on('error', () => {}); // the loss is also emitted; the query's rejection is what is checked
    const busy = failureOf(() => victim.query('select sleep(10)'));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Act
    await killer.query(`KILL CONNECTION ${victim.threadId}`);
    const lost = await busy;
    const afterwards = await failureOf(() => victim.query('select 1'));
    await killer.end();
    victim.destroy();

    // Assess
    expect(lost).toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
    expect(isDatabaseOutage(lost)).toBe(true);
    expect(afterwards).toMatchObject({ message: expect.stringMatching(/closed state/) });
    expect(isDatabaseOutage(afterwards)).toBe(true);
  });

  it('does not mistake what the server refuses for an outage', async () => {
    // Prepare
    const connection = await createConnection({ uri: SERVER });
    const wrongUser = new URL(SERVER);
    wrongUser.username = 'sluice_nobody';

    // Act
    const syntax = await failureOf(() => connection.query('selec 1'));
    const missingTable = await failureOf(() => connection.query('select * from sluice_no_db.no_table'));
    const signalled = await failureOf(() =>
      connection.query("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'"),
    );
    await connection.end();
    const denied = await failureOf(() => createConnection({ uri: wrongUser.toString() }));

    // Assess
    for (const error of [syntax, missingTable, signalled, denied]) {
      expect(error).toHaveProperty('errno');
      expect(isDatabaseOutage(error)).toBe(false);
    }
  });

  it('reads server error numbers mysql2 has no name for, and errors wrapped as causes', () => {
    const killed = Object.assign(new Error('Connection was killed'), { errno: 1927, sqlState: '70100' });
    const tooMany = Object.assign(new Error('Too many connections'), { errno: 1040, fatal: true });
    const deadlock = Object.assign(new Error('Deadlock found'), { errno: 1213, sqlState: '40001' });
    const wrapped = (cause: Error) => new Error('Failed query: insert …', { cause });

    expect(isDatabaseOutage(wrapped(killed))).toBe(true);
    expect(isDatabaseOutage(wrapped(tooMany))).toBe(true);
    expect(
      isDatabaseOutage(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNRESET' })])),
    ).toBe(true);
    expect(isDatabaseOutage(wrapped(deadlock))).toBe(false);
    expect(isDatabaseOutage(new Error('s3://bucket/key does not exist'))).toBe(false);
    expect(isDatabaseOutage('ECONNREFUSED')).toBe(false);
  });
});
