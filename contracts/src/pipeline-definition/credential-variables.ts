import type { PipelineDefinition } from './pipeline.ts';
import { templateVariables } from './template.ts';

/**
 * The variables a pipeline's credential reads (`${COINCAP_API_KEY}`, a
 * mysql source's `${SHOP_DATABASE_URL}`): the extractor may resolve them from
 * Secrets Manager (`<NAME>_SECRET_ARN`), and a deployment must never set them in plain configuration.
 */
export const credentialVariablesOf = ({ source }: Pick<PipelineDefinition, 'source'>): string[] => {
  if (source.type === 'mysql') return templateVariables(source.connection);
  if (source.type !== 'rest') return [];
  const { auth } = source;
  if (auth.type === 'api_key') return templateVariables(auth.value);
  if (auth.type === 'bearer') return templateVariables(auth.token);
  return [];
};
