import type { StageDefinition } from '@sluice/runtime';
import { createTransformerDeps } from './deps.ts';
import { readTransformerEnv, type TransformerEnv } from './env.ts';
import { type TransformerDeps, transformPages } from './transform.ts';

/** The transform stage, declared once; its poller and its Lambda handler both come from it. */
export const transformerStage: StageDefinition<'transform', TransformerEnv, TransformerDeps> = {
  stage: 'transform',
  service: 'transformer',
  readEnv: () => readTransformerEnv(),
  createDeps: (env) => createTransformerDeps(env),
  handleBatch: transformPages,
  polling: (env) => ({ batchSize: env.TRANSFORM_BATCH_SIZE, consumers: env.TRANSFORM_CONSUMERS }),
};
