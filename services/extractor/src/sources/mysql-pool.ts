import type { MysqlSource } from '@sluice/contracts/pipeline-definition';
import { createPool, type Pool } from 'mysql2/promise';

/**
 * The pool a mysql source is read through, one per pipeline and process. Values come as the server
 * writes them: DATETIME, TIMESTAMP and DATE as text (`dateStrings`), DECIMAL and BIGINT as text
 * (`bigNumberStrings`), so no value passes through a JS Date or a float. Connecting happens at the first
 * query, not here.
 */
export const createSourcePool = (source: MysqlSource, url: string, connectionLimit: number): Pool =>
  createPool({
    uri: url,
    dateStrings: true,
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // Only used to write JS Dates into queries, which Sluice never sends; an offset is all mysql2 takes.
    ...(/^[+-]\d{2}:\d{2}$/.test(source.timezone) ? { timezone: source.timezone } : {}),
    connectionLimit,
    connectTimeout: 10_000,
    enableKeepAlive: true,
  });
