import { bucketName } from '@sluice/contracts';
import { createAwsClients, loadPipelineCatalogue, pipelinesDirOf, resolveQueueUrls } from '@sluice/runtime';
import type { TransformerEnv } from './env.ts';
import { compileResourceTransform, type ResourceTransformer } from './mapping/index.ts';
import { TRANSFORM_MODULES } from './modules/index.ts';
import type { TransformerDeps } from './transform.ts';

/**
 * Builds the transformer's clients once per process (or Lambda container) and reads the pipeline files;
 * every resource's transform is compiled here, so a mapping that cannot compile stops the start.
 */
export const createTransformerDeps = async (env: TransformerEnv): Promise<TransformerDeps> => {
  const { s3, sqs } = createAwsClients(env);
  const pipelines = await loadPipelineCatalogue(pipelinesDirOf(env));
  const compiled = new Map<string, ResourceTransformer>();
  for (const name of pipelines.names()) {
    const pipeline = pipelines.get(name);
    for (const resource of Object.keys(pipeline.transform)) {
      compiled.set(`${name}/${resource}`, compileResourceTransform(pipeline, resource, TRANSFORM_MODULES));
    }
  }
  return {
    s3,
    sqs,
    bucket: env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
    queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX, ['transform', 'load'], env),
    pipelines,
    transformerOf: (pipeline, resource) => {
      const transformer = compiled.get(`${pipeline.name}/${resource}`);
      if (!transformer) throw new Error(`pipeline ${pipeline.name} has no transform for ${resource}`);
      return transformer;
    },
  };
};
