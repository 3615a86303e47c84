import { type BatchResults, createLogger, type ReceivedMessage } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import { holdThroughDatabaseOutages } from './wait-for-database.ts';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
const sqlError = () =>
  Object.assign(new Error("Table 'sluice.characters' doesn't exist"), { errno: 1146, sqlState: '42S02' });

/** A database that is down until `ping` has been tried `downForPings` times, and what happened meanwhile. */
const createFakeDatabase = (downForPings: number) => {
  const state = { up: downForPings === 0, pings: 0, delays: [] as number[], logs: [] as string[] };
  const log = createLogger('loader', {
    destination: { write: (line: string) => state.logs.push(JSON.parse(line).msg) },
  });
  return {
    state,
    options: {
      log,
      ping: async () => {
        state.pings += 1;
        if (state.pings >= downForPings) state.up = true;
        if (!state.up) throw refused();
      },
      // Each pause yields to the event loop, so that the messages waiting meanwhile get to run.
      sleep: (ms: number) => {
        state.delays.push(ms);
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
    },
  };
};

/** A batch handler from a handler of one body: each message settles alone, as the loader's core settles them. */
const eachBody =
  (handle: (body: string) => Promise<Record<string, unknown>>) =>
  (received: readonly ReceivedMessage[]): Promise<BatchResults> =>
    Promise.allSettled(received.map(({ body }) => handle(body)));

const message = (body: string): ReceivedMessage => ({ messageId: body, body, attempts: 1 });

/** Hands one message to the batch handler; resolves or rejects as its result says. */
const one = async (handle: ReturnType<typeof holdThroughDatabaseOutages>, body: string) => {
  const [result] = await handle([message(body)]);
  if (result?.status !== 'fulfilled') throw result?.reason;
  return result.value;
};

describe('Function: holdThroughDatabaseOutages()', () => {
  it('checks at start when asked, before any message, and says what is down in its own words', async () => {
    // Prepare
    const database = createFakeDatabase(4);

    // Act
    const handle = holdThroughDatabaseOutages(
      eachBody(async (body) => {
        if (!database.state.up) throw refused();
        return { loaded: body };
      }),
      {
        ...database.options,
        checkAtStart: true,
        describeOutage: () => 'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL)',
      },
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    const logsBeforeAnyMessage = [...database.state.logs];
    const result = await one(handle, 'page-1');

    // Assess
    expect(logsBeforeAnyMessage).toEqual([
      'cannot reach the warehouse at 127.0.0.1:3399 (DATABASE_URL): holding messages until it answers',
    ]);
    expect(result).toEqual({ loaded: 'page-1' });
  });

  it('holds a message while the database is unreachable and handles it once it answers', async () => {
    // Prepare
    const database = createFakeDatabase(8);
    let tries = 0;
    const handle = holdThroughDatabaseOutages(
      eachBody(async (body) => {
        tries += 1;
        if (!database.state.up) throw refused();
        return { loaded: body };
      }),
      database.options,
    );

    // Act
    const result = await one(handle, 'page 1');

    // Assess: one try that met the outage, one after it; pings backed off and capped.
    expect(result).toEqual({ loaded: 'page 1' });
    expect(tries).toBe(2);
    expect(database.state.delays).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000, 2000]);
    expect(database.state.logs).toEqual([
      'database unreachable: holding messages until it answers',
      'database is back',
    ]);
  });

  it('shares one wait between the messages in hand, and those arriving during it wait before trying', async () => {
    // Prepare
    const database = createFakeDatabase(5);
    const tried: string[] = [];
    const handle = holdThroughDatabaseOutages(
      eachBody(async (body) => {
        tried.push(body);
        if (!database.state.up) throw refused();
        return { loaded: body };
      }),
      database.options,
    );

    // Act
    const first = [one(handle, 'page 1'), one(handle, 'page 2')];
    await new Promise((resolve) => setImmediate(resolve));
    const late = one(handle, 'page 3');
    const results = await Promise.all([...first, late]);

    // Assess
    expect(results.map((result) => result.loaded)).toEqual(['page 1', 'page 2', 'page 3']);
    expect(tried.filter((body) => body === 'page 3')).toHaveLength(1);
    expect(database.state.pings).toBe(5);
    expect(database.state.logs.filter((msg) => msg === 'database is back')).toHaveLength(1);
  });

  it('throws any other error at once, without waiting', async () => {
    // Prepare
    const database = createFakeDatabase(0);
    const handle = holdThroughDatabaseOutages(
      eachBody(async () => {
        throw sqlError();
      }),
      database.options,
    );

    // Act
    const act = one(handle, 'page 1');

    // Assess
    await expect(act).rejects.toThrow(/doesn't exist/);
    expect(database.state.pings).toBe(0);
    expect(database.state.logs).toEqual([]);
  });

  it('stops waiting when the database answers with a refusal, and lets the message fail with its own error', async () => {
    // Prepare: reachable again, but the loader's credentials no longer work.
    const database = createFakeDatabase(0);
    const denied = Object.assign(new Error('Access denied'), { errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' });
    let tries = 0;
    const handle = holdThroughDatabaseOutages(
      eachBody(async () => {
        tries += 1;
        throw tries === 1 ? refused() : denied;
      }),
      {
        ...database.options,
        ping: async () => {
          throw denied;
        },
      },
    );

    // Act
    const act = one(handle, 'page 1');

    // Assess
    await expect(act).rejects.toBe(denied);
    expect(tries).toBe(2);
  });
});
