import { describe, expect, it } from 'vitest';
import { idFromUrl, toSqlDate, toSqlDatetime } from './values.ts';

describe('Function: idFromUrl()', () => {
  it('reads the id at the end of an API URL, whatever the host', () => {
    expect(idFromUrl('https://rickandmortyapi.com/api/location/20')).toBe(20);
    expect(idFromUrl('http://127.0.0.1:8080/api/episode/3/')).toBe(3);
  });
  it('gives null for the empty URL of an unknown place', () => {
    expect(idFromUrl('')).toBeNull();
  });
  it('throws on a URL without an id', () => {
    expect(() => idFromUrl('https://rickandmortyapi.com/api/location/')).toThrow(/no id/);
  });
});

describe('Function: toSqlDate()', () => {
  it('turns the API air dates into DATE strings', () => {
    expect(toSqlDate('December 2, 2013')).toBe('2013-12-02');
    expect(toSqlDate('April 7, 2014')).toBe('2014-04-07');
    expect(toSqlDate('September 10, 2017')).toBe('2017-09-10');
  });
  it('refuses impossible or foreign dates', () => {
    expect(() => toSqlDate('February 30, 2015')).toThrow(/not like/);
    expect(() => toSqlDate('2013-12-02')).toThrow(/not like/);
    expect(() => toSqlDate('Smarch 2, 2013')).toThrow(/not like/);
  });
});

describe('Function: toSqlDatetime()', () => {
  it('keeps milliseconds and UTC', () => {
    expect(toSqlDatetime('2017-11-04T18:48:46.250Z')).toBe('2017-11-04 18:48:46.250');
    expect(toSqlDatetime('2017-11-04T20:48:46+02:00')).toBe('2017-11-04 18:48:46.000');
  });
});
