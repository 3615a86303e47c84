import { describe, expect, it } from 'vitest';
import { retryTransaction } from './transaction-retry.ts';

const deadlock = () =>
  Object.assign(new Error('Failed query'), {
    cause: Object.assign(new Error('Deadlock found'), { errno: 1213 }),
  });
const noSleep = async () => {};

describe('Function: retryTransaction()', () => {
  it('runs a transaction again after a deadlock', async () => {
    let attempts = 0;
    const result = await retryTransaction(
      async () => {
        attempts += 1;
        if (attempts < 3) throw deadlock();
        return 'committed';
      },
      5,
      noSleep,
    );
    expect(result).toBe('committed');
    expect(attempts).toBe(3);
  });

  it('gives up after the last attempt and passes the error on', async () => {
    let attempts = 0;
    const act = retryTransaction(
      async () => {
        attempts += 1;
        throw deadlock();
      },
      3,
      noSleep,
    );
    await expect(act).rejects.toThrow('Failed query');
    expect(attempts).toBe(3);
  });

  it('does not rerun on other errors', async () => {
    let attempts = 0;
    const act = retryTransaction(
      async () => {
        attempts += 1;
        throw Object.assign(new Error('Duplicate column'), { errno: 1060 });
      },
      5,
      noSleep,
    );
    await expect(act).rejects.toThrow('Duplicate column');
    expect(attempts).toBe(1);
  });
});
