import { toSqlDatetime as formatSqlDatetime } from '@sluice/contracts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The id at the end of an API URL (`…/location/3` → 3); null for the empty URL of an unknown place. */
export const idFromUrl = (url: string): number | null => {
  if (url === '') return null;
  const match = /\/(\d+)\/?$/.exec(url);
  if (!match?.[1]) throw new Error(`no id at the end of URL ${JSON.stringify(url)}`);
  return Number(match[1]);
};

/** The API's air dates ("December 2, 2013") as a DATE (`2013-12-02`); throws on anything else. */
export const toSqlDate = (airDate: string): string => {
  const match = /^([A-Z][a-z]+) (\d{1,2}), (\d{4})$/.exec(airDate.trim());
  const month = match ? MONTHS.indexOf(match[1] as (typeof MONTHS)[number]) + 1 : 0;
  const day = Number(match?.[2]);
  const year = Number(match?.[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (!match || month === 0 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new Error(`air date ${JSON.stringify(airDate)} is not like "December 2, 2013"`);
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** An ISO timestamp as a MySQL DATETIME(3) in UTC (`2017-11-04 18:48:46.250`). */
export const toSqlDatetime = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`timestamp ${JSON.stringify(iso)} is not a date`);
  return formatSqlDatetime(date);
};
