import { utc } from '@date-fns/utc';
import { parseISO } from 'date-fns/parseISO';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseMoment, toSqlDatetime } from './moment.ts';

/** What the general path (zod's ISO check, then date-fns' parser, in UTC) makes of a value. */
const general = (value: string): number | undefined => {
  if (!z.iso.datetime({ offset: true, local: true }).safeParse(value).success) return undefined;
  const time = parseISO(value, { in: utc }).getTime();
  return Number.isNaN(time) ? undefined : time;
};

describe('Function: parseMoment()', () => {
  it('reads `…T…Z` datetimes as the general ISO parser does, days that do not exist included', () => {
    const values = [
      '2017-11-04T18:48:46.250Z',
      '2017-11-04T18:48:46Z',
      '2017-11-04T18:48:46.5Z',
      '2016-02-29T23:59:59.999Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      // The platform rolls these over into the next day or month; they must be refused as before.
      '2017-02-30T00:00:00Z',
      '2017-04-31T10:00:00Z',
      '2017-02-29T12:00:00Z',
      '2017-13-01T00:00:00Z',
      // Read by the general path: an hour of 24, a leap second, an offset, no offset.
      '2017-02-28T24:00:00Z',
      '2017-02-28T23:59:60Z',
      '2017-11-04T18:48:46.250+01:00',
      '2017-11-04T18:48:46',
    ];
    for (const value of values) {
      expect([value, parseMoment(value, undefined, false)?.getTime()]).toEqual([value, general(value)]);
    }
  });

  it('gives the same rows as the general parser for a year of datetimes, hour by hour', () => {
    const start = Date.UTC(2023, 0, 1);
    for (let hour = 0; hour < 366 * 24; hour += 7) {
      const iso = new Date(start + hour * 3_600_000 + (hour % 1000)).toISOString();
      const date = parseMoment(iso, undefined, false);
      expect(date && toSqlDatetime(date)).toBe(iso.replace('T', ' ').replace('Z', ''));
    }
  });
});
