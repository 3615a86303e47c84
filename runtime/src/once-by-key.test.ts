import { describe, expect, it } from 'vitest';
import { onceByKey } from './once-by-key.ts';

describe('Function: onceByKey()', () => {
  it('loads each key once and gives every caller of a key the same result', async () => {
    const loads: string[] = [];
    const read = onceByKey(async (key) => {
      loads.push(key);
      return key.toUpperCase();
    });
    expect(await Promise.all([read('a'), read('b'), read('a')])).toEqual(['A', 'B', 'A']);
    expect(loads).toEqual(['a', 'b']);
  });
});
