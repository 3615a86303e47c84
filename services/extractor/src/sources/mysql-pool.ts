import type { MysqlSource } from '@sluice/contracts/pipeline-definition';
import { createPool, type Pool } from 'mysql2/promise';

/** How a source's pool connects: the resolved URL, and what it adds to it. */
export interface SourcePoolSettings {
  url: string;
  connectionLimit: number;
  /**
   * An mysql2 TLS profile (`sourceTlsOf`: 'Amazon RDS' in AWS), for a URL without its own `ssl` parameter;
   * unset, the URL alone decides.
   */
  ssl?: string | undefined;
}

/**
 * The pool a mysql source is read through, one per pipeline and process. Values come as the server
 * writes them: DATETIME, TIMESTAMP and DATE as text (`dateStrings`), DECIMAL and BIGINT as text
 * (`bigNumberStrings`), so no value passes through a JS Date or a float. Connecting happens at the first
 * query, not here.
 */
export const createSourcePool = (source: MysqlSource, settings: SourcePoolSettings): Pool =>
  createPool({
    uri: settings.url,
    dateStrings: true,
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // Only used to write JS Dates into queries, which Sluice never sends; an offset is all mysql2 takes.
    ...(/^[+-]\d{2}:\d{2}$/.test(source.timezone) ? { timezone: source.timezone } : {}),
    // An option given here beats the URL's own parameter in mysql2, so it is given only for a URL without one.
    ...(settings.ssl && !new URL(settings.url).searchParams.has('ssl') ? { ssl: settings.ssl } : {}),
    connectionLimit: settings.connectionLimit,
    connectTimeout: 10_000,
    enableKeepAlive: true,
  });
