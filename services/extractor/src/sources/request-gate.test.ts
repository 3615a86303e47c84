import { describe, expect, it } from 'vitest';
import { createRequestGate } from './request-gate.ts';

/** A clock and sleep that only move when the test says so: timers fire in time order, none waits. */
const createFakeTime = () => {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    clock: { now: () => new Date(now) },
    sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    now: () => now,
    /** Fires every timer, earliest first, letting the woken code run before the next. */
    runAll: async () => {
      for (await settle(); timers.length > 0; await settle()) {
        timers.sort((a, b) => a.at - b.at);
        const timer = timers.shift() as { at: number; wake: () => void };
        now = timer.at;
        timer.wake();
      }
    },
  };
};

describe('Function: createRequestGate()', () => {
  it('keeps at most `concurrency` tasks in flight and starts the waiting ones in arrival order', async () => {
    // Prepare
    const gate = createRequestGate({ concurrency: 2 });
    const started: number[] = [];
    const finishers: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    const task = (id: number) => () => {
      started.push(id);
      inFlight += 1;
      most = Math.max(most, inFlight);
      return new Promise<number>((resolve) =>
        finishers.push(() => {
          inFlight -= 1;
          resolve(id);
        }),
      );
    };

    // Act
    const results = [1, 2, 3, 4, 5].map((id) => gate.run(task(id)));
    await new Promise((resolve) => setImmediate(resolve));
    const startedBeforeAnyEnds = [...started];
    while (finishers.length > 0 || started.length < 5) {
      finishers.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }

    // Assess
    expect(startedBeforeAnyEnds).toEqual([1, 2]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
  });

  it('spaces starts 1/rate apart, even with free slots', async () => {
    // Prepare
    const time = createFakeTime();
    const gate = createRequestGate({
      concurrency: 3,
      ratePerSecond: 2,
      clock: time.clock,
      sleep: time.sleep,
    });
    const starts: number[] = [];

    // Act
    const runs = Array.from({ length: 5 }, () => gate.run(async () => starts.push(time.now())));
    await time.runAll();
    await Promise.all(runs);

    // Assess
    expect(starts).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('holds to both limits when tasks take longer than the rate allows', async () => {
    // Prepare: each task takes 2 s; two slots; up to 10 starts a second.
    const time = createFakeTime();
    const gate = createRequestGate({
      concurrency: 2,
      ratePerSecond: 10,
      clock: time.clock,
      sleep: time.sleep,
    });
    const starts: number[] = [];

    // Act
    const runs = Array.from({ length: 4 }, () =>
      gate.run(async () => {
        starts.push(time.now());
        await time.sleep(2000);
      }),
    );
    await time.runAll();
    await Promise.all(runs);

    // Assess
    expect(starts).toEqual([0, 100, 2000, 2100]);
  });

  it('never sleeps without a rate, and frees the slot of a task that fails', async () => {
    // Prepare
    const slept: number[] = [];
    const gate = createRequestGate({ concurrency: 1, sleep: async (ms) => void slept.push(ms) });

    // Act
    const failed = gate.run(() => Promise.reject(new Error('boom')));
    const next = gate.run(async () => 'ran');

    // Assess
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    expect(slept).toEqual([]);
  });

  it('refuses a concurrency below 1 and a rate that is not positive', () => {
    expect(() => createRequestGate({ concurrency: 0 })).toThrow(RangeError);
    expect(() => createRequestGate({ concurrency: 1, ratePerSecond: 0 })).toThrow(RangeError);
  });
});
