import { bucketName } from '@sluice/contracts';
import { createAwsClients, resolveQueueUrls } from '@sluice/runtime';
import type { ExtractorEnv } from './env.ts';
import type { ExtractorDeps } from './extract.ts';
import { createHttpClient } from './http-client.ts';
import { createRickAndMortySource } from './rickandmorty-source.ts';

/** Builds the extractor's clients once per process (or Lambda container). */
export const createExtractorDeps = async (env: ExtractorEnv): Promise<ExtractorDeps> => {
  const { s3, sqs } = createAwsClients(env);
  return {
    s3,
    sqs,
    bucket: env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
    queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX, ['extract', 'transform'], env),
    http: createHttpClient({ timeoutMs: env.HTTP_TIMEOUT_MS, retries: env.HTTP_RETRIES }),
    sources: { rickandmorty: createRickAndMortySource(env.RICK_AND_MORTY_API_URL) },
    clock: { now: () => new Date() },
  };
};
