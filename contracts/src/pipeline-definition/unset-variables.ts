import { credentialVariablesOf } from './credential-variables.ts';
import { formatPath } from './describe-issues.ts';
import type { PipelineDefinition } from './pipeline.ts';
import { MissingVariableError, resolveTemplate } from './template.ts';

/** A variable a pipeline needs and the environment leaves unset, with where the file reads it. */
export interface UnsetVariable {
  variable: string;
  /** `source.auth.token`, `source.resources.episodes.listing.url`, … */
  paths: string[];
}

/** Every string of a value with its path: a `${NAME}` can be in any of them. */
const stringsWithPaths = (value: unknown, path: PropertyKey[]): [string, PropertyKey[]][] => {
  if (typeof value === 'string') return [[value, path]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsWithPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringsWithPaths(item, [...path, key]));
  }
  return [];
};

/**
 * The variables a pipeline's source reads (only the extractor resolves `${…}`, and only in `source`) that
 * `env` leaves unset or empty and for which the file gives no default, by the services' own template rules,
 * in the order the file names them. A credential counts as set when its `<NAME>_SECRET_ARN` is: the
 * extractor then reads it from Secrets Manager.
 */
export const unsetVariablesOf = (
  pipeline: Pick<PipelineDefinition, 'source'>,
  env: Record<string, string | undefined>,
): UnsetVariable[] => {
  const fromSecrets = new Set(credentialVariablesOf(pipeline).filter((name) => env[`${name}_SECRET_ARN`]));
  const unset = new Map<string, string[]>();
  for (const [text, path] of stringsWithPaths(pipeline.source, ['source'])) {
    try {
      resolveTemplate(text, env);
    } catch (error) {
      if (!(error instanceof MissingVariableError)) throw error;
      for (const variable of error.variables.filter((name) => !fromSecrets.has(name))) {
        unset.set(variable, [...(unset.get(variable) ?? []), formatPath(path)]);
      }
    }
  }
  return [...unset].map(([variable, paths]) => ({ variable, paths }));
};
