import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { ExtractorEnvSchema } from '@sluice/extractor';

const PollingSchema = ExtractorEnvSchema.pick({ EXTRACT_BATCH_SIZE: true, EXTRACT_CONSUMERS: true });

/**
 * Pages the extractor fetches at once for this pipeline, as the bench's services run it: the file's
 * `source.concurrency`, else the pollers' messages in flight (batch size × consumers, the rule in
 * services/extractor/src/deps.ts), from the extractor's own defaults and whatever the environment the
 * services inherit sets. The floor fetches at the same number, so it is a floor for the same extractor.
 */
export const extractorConcurrencyOf = (
  pipeline: PipelineDefinition,
  env: Record<string, string | undefined> = process.env,
): number => {
  if (pipeline.source.type !== 'mysql' && pipeline.source.concurrency !== undefined) {
    return pipeline.source.concurrency;
  }
  const polling = PollingSchema.parse(env);
  return polling.EXTRACT_BATCH_SIZE * polling.EXTRACT_CONSUMERS;
};
