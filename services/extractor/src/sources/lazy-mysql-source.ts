import type { MysqlSource, PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import type { Pool } from 'mysql2/promise';
import type { SourcePoolSettings } from './mysql-pool.ts';
import type { PageSource } from './page-source.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/**
 * A mysql pipeline's page source, loaded on first use: mysql2 is most of what the source adds to the
 * extractor's bundle, and a function that reads only web APIs never needs it at its cold start. The pool
 * it opens is handed to `onPool`, so the process can close it when it stops.
 */
export const lazyMysqlPageSource = (
  pipeline: Pick<PipelineDefinition, 'name'> & { source: MysqlSource },
  settings: SourcePoolSettings,
  snapshots: SnapshotStore,
  onPool: (pool: Pool) => void,
): PageSource => {
  let loaded: Promise<PageSource> | undefined;
  const load = () => {
    loaded ??= (async () => {
      const [{ createSourcePool }, { createMysqlPageSource }] = await Promise.all([
        import('./mysql-pool.ts'),
        import('./mysql-source.ts'),
      ]);
      const pool = createSourcePool(pipeline.source, settings);
      onPool(pool);
      return createMysqlPageSource(pipeline, pool, snapshots);
    })();
    return loaded;
  };
  return {
    firstPageUrl: async (resource, cursor) => (await load()).firstPageUrl(resource, cursor),
    fetchPage: async (request) => (await load()).fetchPage(request),
  };
};
