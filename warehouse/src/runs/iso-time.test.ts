import { describe, expect, it } from 'vitest';
import { isoTimeOf, isoTimeOrNull } from './iso-time.ts';

describe('Function: isoTimeOf()', () => {
  it('gives a ledger time, UTC without a zone, as ISO 8601 with its Z', () => {
    expect(isoTimeOf('2026-12-04 04:19:20.507')).toBe('2026-12-04T04:19:20.507Z');
  });

  it('gives milliseconds whatever precision the column had', () => {
    expect(isoTimeOf('2026-12-04 04:19:20')).toBe('2026-12-04T04:19:20.000Z');
  });

  it('keeps null for a time not there yet', () => {
    expect(isoTimeOrNull(null)).toBeNull();
  });
});
