import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

describe('Function: oneAtATime()', () => {
  it('starts each task only when the one before has settled, failed ones included, and returns its own result', async () => {
    // Prepare: tasks that record when they start and end, the second failing.
    const events: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const task =
      (name: string, fails = false) =>
      async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        running -= 1;
        if (fails) throw new Error(`${name} failed`);
        return name;
      };
    const inTurn = oneAtATime();

    // Act
    const results = await Promise.allSettled([inTurn(task('a')), inTurn(task('b', true)), inTurn(task('c'))]);

    // Assess
    expect(mostAtOnce).toBe(1);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(
      results.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason))),
    ).toEqual(['a', 'Error: b failed', 'c']);
  });
});
