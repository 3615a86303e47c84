import {
  credentialVariablesOf,
  MissingVariableError,
  type PipelineDefinition,
  resolveTemplate,
  templateVariables,
} from '@sluice/contracts/pipeline-definition';

// Only a source reads `${NAME}` (base URL, credentials, headers, start URLs…), wherever in it.
const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
};

/** Every variable the pipelines' sources name, with a default or without. */
export const sourceVariables = (pipelines: readonly PipelineDefinition[]): Set<string> =>
  new Set(pipelines.flatMap((pipeline) => stringsIn(pipeline.source).flatMap(templateVariables)));

/** The variables the pipelines' `auth` reads: the only ones the extractor resolves from `<NAME>_SECRET_ARN`. */
export const credentialVariables = (pipelines: readonly PipelineDefinition[]): Set<string> =>
  new Set(pipelines.flatMap(credentialVariablesOf));

/**
 * The variables each pipeline needs (no `:-default`) that the deployment does not provide: its runs would
 * fail on their first request. Found with the services' own template rules.
 */
export const unprovidedVariables = (
  pipelines: readonly PipelineDefinition[],
  provided: readonly string[],
): { pipeline: string; variables: string[] }[] => {
  const env = Object.fromEntries(provided.map((name) => [name, 'provided']));
  return pipelines.flatMap((pipeline) => {
    const missing = new Set<string>();
    for (const text of stringsIn(pipeline.source)) {
      try {
        resolveTemplate(text, env);
      } catch (error) {
        if (!(error instanceof MissingVariableError)) throw error;
        for (const name of error.variables) missing.add(name);
      }
    }
    return missing.size > 0 ? [{ pipeline: pipeline.name, variables: [...missing] }] : [];
  });
};
