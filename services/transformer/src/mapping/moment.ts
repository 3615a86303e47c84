import { UTCDate, utc } from '@date-fns/utc';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { parseISO } from 'date-fns/parseISO';
import * as z from 'zod';

// Fields a format leaves out (the year of `MMMM d`) come from here, not from today: same input, same row.
const REFERENCE = new UTCDate(0);
const ISO_DATE = z.iso.date();
// An offset is optional: a time without one is read as UTC, never as the machine's local time.
const ISO_DATETIME = z.iso.datetime({ offset: true, local: true });
const EPOCH = /^-?\d+(?:\.\d+)?$/;
// DATE and DATETIME hold years 0000-9999; beyond, toISOString writes `+010000-…`, which MySQL refuses.
const FOUR_DIGIT_YEAR = /^\d{4}-/;

const valid = (date: Date): Date | undefined =>
  isValid(date) && FOUR_DIGIT_YEAR.test(date.toISOString()) ? date : undefined;

/** `T` (epoch milliseconds) and `t` (epoch seconds), given as a number or a numeric string. */
const fromEpoch = (value: unknown, format: 'T' | 't'): Date | undefined => {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && EPOCH.test(value) ? +value : NaN;
  if (!Number.isFinite(number) || (format === 'T' && !Number.isInteger(number))) return undefined;
  return new UTCDate(format === 'T' ? number : Math.round(number * 1000));
};

// The form most APIs write (`2017-11-04T18:48:46.250Z`), which the platform's own parser reads exactly.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * That form read without date-fns' general parser and zod's check, the transformer's costliest value:
 * undefined, to go the general way, unless the platform reads it as the very day written (it rolls a
 * day that does not exist, `02-30`, over into the next month, and `T24:00` into the next day).
 */
const isoUtcMoment = (value: string): Date | undefined => {
  if (!ISO_UTC.test(value)) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().slice(0, 10) === value.slice(0, 10) ? date : undefined;
};

/**
 * The moment a source value names: ISO 8601 when no format is given (a date, or a date and time), else
 * as the date-fns `format` says. Read in UTC whatever the machine's time zone; undefined when it is none.
 */
export const parseMoment = (
  value: unknown,
  format: string | undefined,
  dateOnly: boolean,
): Date | undefined => {
  if (format === 'T' || format === 't') return valid(fromEpoch(value, format) ?? new Date(NaN));
  if (typeof value !== 'string') return undefined;
  if (format !== undefined) return valid(parse(value, format, REFERENCE, { in: utc }));
  const common = dateOnly ? undefined : isoUtcMoment(value);
  if (common) return common;
  const iso = ISO_DATE.safeParse(value).success || (!dateOnly && ISO_DATETIME.safeParse(value).success);
  return iso ? valid(parseISO(value, { in: utc })) : undefined;
};

/** `2013-12-02`, the text a DATE column reads. */
export const toSqlDate = (date: Date): string => date.toISOString().slice(0, 10);

/** `2017-11-04 18:48:46.250`, the text a DATETIME(3) column reads, in UTC. */
export const toSqlDatetime = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');

// What a database source hands over for DATETIME and TIMESTAMP (`dateStrings`): up to microseconds.
const SQL_DATETIME_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?$/;

/**
 * `2025-03-01 10:00:00.000001` as it is, microseconds kept: a Date would keep milliseconds only, and a
 * version or fact dated a microsecond off could land on the other side of a change. Read as UTC, like
 * any time without an offset; undefined when it is not that text or not a real moment.
 */
export const sqlDatetimeText = (value: unknown): string | undefined => {
  const match = typeof value === 'string' ? SQL_DATETIME_TEXT.exec(value) : null;
  if (!match) return undefined;
  const [, day, time, fraction = ''] = match;
  const date = parseMoment(`${day}T${time}`, undefined, false);
  return date && toSqlDatetime(date).slice(0, 10) === day ? `${day} ${time}${fraction}` : undefined;
};
