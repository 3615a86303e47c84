import { afterEach, describe, expect, it } from 'vitest';
import { Problem } from './problem.ts';
import { valueConversion } from './value-conversion.ts';

type Converted = { value: unknown } | { problem: string };

const convert = (type: Parameters<typeof valueConversion>[0], value: unknown, format?: string): Converted => {
  const result = valueConversion(type, format)(value);
  return result instanceof Problem ? { problem: result.message } : { value: result };
};
const converted = (type: Parameters<typeof valueConversion>[0], values: unknown[], format?: string) =>
  values.map((value) => convert(type, value, format));

describe('Function: valueConversion()', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('takes a string as it is and refuses any other value, saying what it got', () => {
    expect(converted('string', ['Earth (J19ζ7)', ''])).toEqual([{ value: 'Earth (J19ζ7)' }, { value: '' }]);
    expect(convert('string', 42)).toEqual({ problem: 'expected a string, got 42' });
  });

  it('takes an int as an integer number or a string of digits, and nothing a JS number cannot hold exactly', () => {
    expect(converted('int', [7, '-12', '+3', '007'])).toEqual([
      { value: 7 },
      { value: -12 },
      { value: 3 },
      { value: 7 },
    ]);
    for (const bad of [7.5, '7.5', '1e3', ' 7', '', true, '9007199254740993']) {
      expect(convert('int', bad)).toMatchObject({ problem: expect.stringMatching(/^expected an integer/) });
    }
  });

  it('keeps every digit of a decimal as text, and writes exponents out', () => {
    expect(
      converted('decimal', ['67012.123456789012345678', '1.50', -0.25, 1e-7, '2.5E+3', '-000.10', 1e21]),
    ).toEqual([
      { value: '67012.123456789012345678' },
      { value: '1.50' },
      { value: '-0.25' },
      { value: '0.0000001' },
      { value: '2500' },
      { value: '-0.10' },
      { value: '1000000000000000000000' },
    ]);
    for (const bad of ['12,5', 'NaN', '', '.', Number.POSITIVE_INFINITY, false]) {
      expect(convert('decimal', bad)).toMatchObject({
        problem: expect.stringMatching(/^expected a decimal/),
      });
    }
  });

  it('takes true/false, "true"/"false" and 1/0 as booleans', () => {
    expect(converted('boolean', [true, 'false', 1, 0, '1'])).toEqual([
      { value: true },
      { value: false },
      { value: true },
      { value: false },
      { value: true },
    ]);
    expect(convert('boolean', 'yes')).toMatchObject({ problem: expect.stringMatching(/got "yes"$/) });
    expect(convert('boolean', 2)).toMatchObject({ problem: expect.stringMatching(/got 2$/) });
  });

  it('reads a date as ISO YYYY-MM-DD, or as its format says, refusing days that do not exist', () => {
    expect(converted('date', ['2013-12-02', '2016-02-29'])).toEqual([
      { value: '2013-12-02' },
      { value: '2016-02-29' },
    ]);
    expect(converted('date', ['December 2, 2013', 'April 7, 2014'], 'MMMM d, yyyy')).toEqual([
      { value: '2013-12-02' },
      { value: '2014-04-07' },
    ]);
    expect(convert('date', 'February 30, 2015', 'MMMM d, yyyy')).toEqual({
      problem: 'expected a date like "MMMM d, yyyy", got "February 30, 2015"',
    });
    expect(convert('date', '2015-02-29')).toEqual({
      problem: 'expected a date YYYY-MM-DD, got "2015-02-29"',
    });
    expect(convert('date', '2013-12-02T10:00:00Z')).toMatchObject({ problem: expect.any(String) });
    expect(convert('date', 'December 2, 2013')).toMatchObject({ problem: expect.any(String) });
  });

  it('reads an ISO datetime into UTC with milliseconds, an offset applied, none meaning UTC', () => {
    expect(
      converted('datetime', [
        '2017-11-04T18:48:46.250Z',
        '2017-11-04T20:48:46+02:00',
        '2017-11-04T18:48',
        '2017-11-04T18:48:46.123456Z',
        '2017-11-04',
      ]),
    ).toEqual([
      { value: '2017-11-04 18:48:46.250' },
      { value: '2017-11-04 18:48:46.000' },
      { value: '2017-11-04 18:48:00.000' },
      { value: '2017-11-04 18:48:46.123' },
      { value: '2017-11-04 00:00:00.000' },
    ]);
    for (const bad of ['not-a-date', '2017', '2017-02-30T00:00:00Z', 1509821326250]) {
      expect(convert('datetime', bad)).toMatchObject({
        problem: expect.stringMatching(/^expected a date and time/),
      });
    }
  });

  it("keeps a database's DATETIME text exactly, microseconds included, and refuses a day that is none", () => {
    expect(
      converted('datetime', ['2025-03-01 10:00:00.000001', '2025-03-01 10:00:00', '2024-02-29 23:59:59.5']),
    ).toEqual([
      { value: '2025-03-01 10:00:00.000001' },
      { value: '2025-03-01 10:00:00' },
      { value: '2024-02-29 23:59:59.5' },
    ]);
    for (const bad of ['2025-02-30 10:00:00', '2025-03-01 10:00:00.1234567', '2025-03-01 25:00:00']) {
      expect(convert('datetime', bad)).toMatchObject({ problem: expect.any(String) });
    }
  });

  it('reads epoch milliseconds (T) and seconds (t), given as numbers or numeric strings', () => {
    expect(converted('datetime', [1509821326250, '1509821326250'], 'T')).toEqual([
      { value: '2017-11-04 18:48:46.250' },
      { value: '2017-11-04 18:48:46.250' },
    ]);
    expect(converted('datetime', [1509821326, '1509821326.25'], 't')).toEqual([
      { value: '2017-11-04 18:48:46.000' },
      { value: '2017-11-04 18:48:46.250' },
    ]);
    for (const bad of ['soon', 1509821326250.5, '1e12', 8.64e15 + 1]) {
      expect(convert('datetime', bad, 'T')).toMatchObject({ problem: expect.any(String) });
    }
  });

  it('parses a formatted datetime as UTC, whatever time zone the machine is in', () => {
    // Prepare: Kiribati is UTC+14, so a local-time parse would be off by a whole day.
    process.env.TZ = 'Pacific/Kiritimati';

    // Act
    const local = convert('datetime', '02/12/2013 10:20', 'dd/MM/yyyy HH:mm');
    const withOffset = convert('datetime', '2013-12-02T10:20:00+02:00', "yyyy-MM-dd'T'HH:mm:ssXXX");
    const iso = convert('datetime', '2013-12-02T10:20:00');
    const date = convert('date', 'December 2, 2013', 'MMMM d, yyyy');

    // Assess
    expect(local).toEqual({ value: '2013-12-02 10:20:00.000' });
    expect(withOffset).toEqual({ value: '2013-12-02 08:20:00.000' });
    expect(iso).toEqual({ value: '2013-12-02 10:20:00.000' });
    expect(date).toEqual({ value: '2013-12-02' });
  });

  it('refuses years DATE and DATETIME cannot hold', () => {
    expect(convert('datetime', '+010000-01-01T00:00:00Z')).toMatchObject({ problem: expect.any(String) });
    expect(convert('datetime', 253402300800000, 'T')).toMatchObject({ problem: expect.any(String) });
  });

  it('takes the integer id that ends a URL path: a trailing slash, an extension or a query allowed', () => {
    expect(
      converted('id_from_url', [
        'https://rickandmortyapi.com/api/location/3',
        'http://127.0.0.1:8080/api/episode/12/',
        'http://127.0.0.1:8080/products/1.html',
        'https://x.test/location/3?x=1',
      ]),
    ).toEqual([{ value: 3 }, { value: 12 }, { value: 1 }, { value: 3 }]);
    for (const bad of [
      'https://rickandmortyapi.com/api/location/',
      '',
      3,
      'https://x.test/products/one.html',
    ]) {
      expect(convert('id_from_url', bad)).toMatchObject({
        problem: expect.stringMatching(/^expected a URL whose path ends in an integer id/),
      });
    }
  });

  it('stores any value as its JSON text', () => {
    expect(converted('json', [{ a: [1, 'b'] }, 'text', 0, false, []])).toEqual([
      { value: '{"a":[1,"b"]}' },
      { value: '"text"' },
      { value: '0' },
      { value: 'false' },
      { value: '[]' },
    ]);
  });
});
