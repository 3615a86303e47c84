import type { StageDefinition } from '@sluice/runtime';
import { createExtractorDeps } from './deps.ts';
import { type ExtractorEnv, readExtractorEnv } from './env.ts';
import { type ExtractorDeps, extractMessages } from './extract.ts';

/** The extract stage, declared once; its poller and its Lambda handler both come from it. */
export const extractorStage: StageDefinition<'extract', ExtractorEnv, ExtractorDeps> = {
  stage: 'extract',
  service: 'extractor',
  readEnv: () => readExtractorEnv(),
  createDeps: (env) => createExtractorDeps(env),
  handleBatch: extractMessages,
  closeDeps: async (deps) => deps.close?.(),
  polling: (env) => ({ batchSize: env.EXTRACT_BATCH_SIZE, consumers: env.EXTRACT_CONSUMERS }),
};
