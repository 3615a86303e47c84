import { bucketName } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { createAwsClients, loadPipelineCatalogue, pipelinesDirOf, resolveQueueUrls } from '@sluice/runtime';
import type { Pool } from 'mysql2/promise';
import type { ExtractorEnv } from './env.ts';
import type { ExtractorDeps } from './extract.ts';
import { createPageStatesReader } from './page-states.ts';
import { resolveSecretVariables } from './secret-variables.ts';
import { buildPageSource } from './sources/build-page-source.ts';
import type { PageSource } from './sources/page-source.ts';
import { createSnapshotStore } from './sources/snapshot-store.ts';

/**
 * Builds the extractor's clients once per process (or Lambda container), and reads the pipeline files:
 * an invalid file, or a credential variable that is not set, stops it here rather than at its first page.
 * A mysql pipeline gets one connection pool for the life of the process, closed by `close`.
 */
export const createExtractorDeps = async (
  env: ExtractorEnv,
  variables: Record<string, string | undefined> = process.env,
): Promise<ExtractorDeps> => {
  const clients = createAwsClients(env);
  const pipelines = await loadPipelineCatalogue(pipelinesDirOf(env));
  const all = pipelines.names().map((name) => pipelines.get(name));
  const resolved = await resolveSecretVariables(all, variables, env);
  const sources = new Map<string, PageSource>();
  const pools: Pool[] = [];
  const concurrency = env.EXTRACT_BATCH_SIZE * env.EXTRACT_CONSUMERS;
  const bucket = env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX);
  const snapshots = createSnapshotStore(clients.s3, bucket);
  const build = (pipeline: PipelineDefinition): PageSource =>
    buildPageSource(
      pipeline,
      { given: variables, resolved },
      {
        timeoutMs: env.HTTP_TIMEOUT_MS,
        retries: env.HTTP_RETRIES,
        concurrency,
        snapshots,
        onPool: (pool) => pools.push(pool),
      },
    );
  return {
    s3: clients.s3,
    sqs: clients.sqs,
    bucket,
    pageStatesOf: createPageStatesReader(clients.s3, bucket),
    queues: await resolveQueueUrls(clients.sqs, env.SLUICE_PREFIX, ['extract', 'transform', 'load'], env),
    pipelines,
    sourceOf: (pipeline) => {
      let source = sources.get(pipeline.name);
      if (!source) {
        source = build(pipeline);
        sources.set(pipeline.name, source);
      }
      return source;
    },
    clock: { now: () => new Date() },
    close: async () => {
      await Promise.all(pools.splice(0).map((pool) => pool.end()));
    },
  };
};
