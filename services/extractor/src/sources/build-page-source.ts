import { resolveTemplate } from '@sluice/contracts/pipeline-definition';
import type { Pool } from 'mysql2/promise';
import { createHttpClient } from '../http-client.ts';
import { lazyMysqlPageSource } from './lazy-mysql-source.ts';
import { mysqlPoolSettingsOf, type SourceVariables } from './mysql-pool-settings.ts';
import { createPageSource, type PageSource, type SourcedPipeline } from './page-source.ts';
import type { SnapshotStore } from './snapshot-store.ts';

export interface PageSourceSettings {
  timeoutMs: number;
  /** Retries of a failed request when the file does not say. */
  retries: number;
  /** Requests in flight at once (connections, for a database) when the file does not say. */
  concurrency: number;
  /** Where a mysql source's table snapshots are compared and expired. */
  snapshots: SnapshotStore;
  /** Given each connection pool a mysql source opens, so that whoever built the source can close it. */
  onPool: (pool: Pool) => void;
}

/**
 * The page source of a pipeline as its file declares it, whatever its type: ky with the source's headers
 * and retries for a web API or site, a lazily loaded connection pool for a database. `variables` resolve
 * the file's `${…}` (`resolved`: secrets already read; `given`: as the environment had them, which tells
 * a database URL read from Secrets Manager, and so TLS to RDS). The extractor builds one per pipeline and process;
 * `sluice preview` builds one for a page.
 */
export const buildPageSource = (
  pipeline: SourcedPipeline,
  variables: SourceVariables,
  settings: PageSourceSettings,
): PageSource => {
  const { source } = pipeline;
  if (source.type === 'mysql') {
    // Pages of a table are read one after another, so one connection per page in flight is plenty.
    const pool = mysqlPoolSettingsOf(source, variables, settings.concurrency);
    return lazyMysqlPageSource({ ...pipeline, source }, pool, settings.snapshots, settings.onPool);
  }
  const { resolved } = variables;
  return createPageSource(pipeline, {
    http: createHttpClient({
      timeoutMs: settings.timeoutMs,
      retries: source.retries ?? settings.retries,
      headers: {
        ...(source.type === 'html' ? { accept: 'text/html, application/xhtml+xml' } : {}),
        ...Object.fromEntries(
          Object.entries(source.headers ?? {}).map(([name, value]) => [
            name,
            resolveTemplate(value, resolved),
          ]),
        ),
      },
    }),
    env: resolved,
    defaultConcurrency: settings.concurrency,
  });
};
