import { bucketName } from '@sluice/contracts';
import { createAwsClients, resolveQueueUrls } from '@sluice/runtime';
import type { TransformerEnv } from './env.ts';
import { RICK_AND_MORTY_RESOURCES } from './rickandmorty/resources.ts';
import type { TransformerDeps } from './transform.ts';

/** Builds the transformer's clients once per process (or Lambda container). */
export const createTransformerDeps = async (env: TransformerEnv): Promise<TransformerDeps> => {
  const { s3, sqs } = createAwsClients(env);
  return {
    s3,
    sqs,
    bucket: env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
    queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX, ['transform', 'load'], env),
    transforms: { rickandmorty: RICK_AND_MORTY_RESOURCES },
  };
};
