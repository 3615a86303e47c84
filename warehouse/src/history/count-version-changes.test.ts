import { describe, expect, it } from 'vitest';
import { countVersionChanges } from './count-version-changes.ts';
import { FAR_FUTURE } from './dimension-spec.ts';
import type { VersionRow } from './read-versions.ts';

const LOW = '1900-01-01 00:00:00.000000';
const T = '2024-03-02 08:00:00.000000';

const version = (overrides: Partial<VersionRow>): VersionRow => ({
  sk: 1,
  key: '["1"]',
  validFrom: LOW,
  validTo: FAR_FUTURE,
  isDeleted: false,
  isInferred: false,
  rowHash: 'a',
  attributes: '["Paris"]',
  ...overrides,
});

describe('Function: countVersionChanges()', () => {
  it('counts a tracked change as one version closed and one opened', () => {
    const before = [version({})];
    const after = [
      version({ validTo: T }),
      version({ sk: 2, validFrom: T, rowHash: 'b', attributes: '["Lyon"]' }),
    ];
    expect(countVersionChanges(before, after, 1)).toEqual({
      versionsOpened: 1,
      versionsClosed: 1,
      versionsRemoved: 0,
      inPlaceUpdates: 0,
      inferredFilled: 0,
      retired: 0,
      unchanged: 0,
    });
  });

  it('counts a retirement, an inferred member filled, a removed version and unchanged keys', () => {
    const before = [
      version({}),
      version({ sk: 2, key: '["2"]', isInferred: true, rowHash: null, attributes: '[null]' }),
      version({ sk: 3, key: '["3"]', validTo: T }),
      version({ sk: 4, key: '["3"]', validFrom: T }),
      version({ sk: 5, key: '["4"]' }),
    ];
    const after = [
      version({ validTo: T, isDeleted: true }),
      version({ sk: 2, key: '["2"]' }),
      version({ sk: 3, key: '["3"]' }),
      version({ sk: 5, key: '["4"]' }),
    ];
    expect(countVersionChanges(before, after, 5)).toMatchObject({
      retired: 1,
      versionsClosed: 0,
      inPlaceUpdates: 2,
      inferredFilled: 1,
      versionsRemoved: 1,
      // key 3's first version is reopened: its second was removed
      // key 4, and key 5 that has no row at all (only ever seen deleted)
      unchanged: 2,
    });
  });
});
