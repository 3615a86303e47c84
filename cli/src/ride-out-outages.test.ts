import { describe, expect, it } from 'vitest';
import { OutageError, rideOutOutages } from './ride-out-outages.ts';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

/** A clock that moves only when the helper sleeps. */
const fakeTime = () => {
  let at = 0;
  const sleep = async (ms: number) => {
    at += ms;
  };
  return { now: () => at, sleep };
};

describe('Function: rideOutOutages()', () => {
  it('retries through an outage and tells the operator once per 10 s', async () => {
    const time = fakeTime();
    const lines: string[] = [];
    let calls = 0;
    const result = await rideOutOutages(
      'warehouse',
      async () => {
        calls += 1;
        if (calls < 8) throw refused();
        return 'answer';
      },
      { ...time, onRetry: (line) => lines.push(line) },
    );
    expect(result).toBe('answer');
    expect(calls).toBe(8);
    expect(lines[0]).toBe('warehouse unreachable, retrying (0 s)');
    expect(lines.length).toBeLessThan(calls - 1);
  });

  it('gives up past the limit, naming what was down and the variable that sets the limit', async () => {
    const act = rideOutOutages('warehouse', () => Promise.reject(refused()), {
      ...fakeTime(),
      limitSeconds: 10,
    });
    await expect(act).rejects.toThrow(OutageError);
    await expect(act).rejects.toThrow(/warehouse unreachable for \d+ s.*SLUICE_OUTAGE_LIMIT_SECONDS/);
  });

  it('throws at once what is not an outage', async () => {
    let calls = 0;
    const act = rideOutOutages(
      'warehouse',
      async () => {
        calls += 1;
        throw Object.assign(new Error("Table 'sluice.sluice_runs' doesn't exist"), { errno: 1146 });
      },
      fakeTime(),
    );
    await expect(act).rejects.toThrow(/doesn't exist/);
    expect(calls).toBe(1);
  });

  it('names the address of what is down and the variable that set it, never a password', async () => {
    // Prepare
    const time = fakeTime();
    const lines: string[] = [];
    const settings = {
      DATABASE_URL: 'mysql://root:s3cret@127.0.0.1:3399/sluice',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4599',
    };
    let calls = 0;
    const failTwice = async () => {
      calls += 1;
      if (calls % 3 !== 0) throw Object.assign(refused(), { $metadata: { httpStatusCode: 503 } });
    };

    // Act
    await rideOutOutages('warehouse', failTwice, { ...time, settings, onRetry: (line) => lines.push(line) });
    await rideOutOutages('queues', failTwice, { ...time, settings, onRetry: (line) => lines.push(line) });
    const gaveUp = await rideOutOutages('queues', () => Promise.reject(refused()), {
      ...time,
      settings,
      limitSeconds: 1,
    }).catch((error: unknown) => error as Error);

    // Assess
    expect(lines).toEqual([
      'warehouse at 127.0.0.1:3399 (DATABASE_URL) unreachable, retrying (0 s)',
      'queues at http://127.0.0.1:4599 (AWS_ENDPOINT_URL) unreachable, retrying (0 s)',
    ]);
    expect(gaveUp.message).toMatch(
      /^queues at http:\/\/127\.0\.0\.1:4599 \(AWS_ENDPOINT_URL\) unreachable for/,
    );
  });

  it('waits through a 503 from the queues but not through a 400', async () => {
    const time = fakeTime();
    let calls = 0;
    await rideOutOutages(
      'queues',
      async () => {
        calls += 1;
        if (calls === 1)
          throw Object.assign(new Error('unavailable'), { $metadata: { httpStatusCode: 503 } });
      },
      time,
    );
    expect(calls).toBe(2);
    const bad = Object.assign(new Error('bad request'), { $metadata: { httpStatusCode: 400 } });
    await expect(rideOutOutages('queues', () => Promise.reject(bad), time)).rejects.toBe(bad);
  });
});
