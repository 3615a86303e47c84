import { describe, expect, it } from 'vitest';
import { selectStages } from './select-stages.ts';

describe('Function: selectStages()', () => {
  it('names one stage, or every stage in flow order for all', () => {
    expect(selectStages('transform')).toEqual(['transform']);
    expect(selectStages('all')).toEqual(['extract', 'transform', 'load']);
  });

  it('throws on anything else, naming what it expects', () => {
    expect(() => selectStages('loader')).toThrow(
      'unknown stage loader; expected extract, transform, load or all',
    );
  });
});
