import {
  MissingVariableError,
  type PipelineDefinition,
  resolveTemplate,
  templateVariables,
} from '@sluice/contracts/pipeline-definition';
import { describeError } from '@sluice/runtime';

/** The address a pipeline's source starts from, and the variables that set it. */
const entryPointOf = (pipeline: PipelineDefinition): { template: string } | null => {
  const { source } = pipeline;
  if (source.type === 'rest') return { template: source.baseUrl };
  // A database is not reached over HTTP; its first page says when it cannot be (naming the variable).
  if (source.type === 'mysql') return null;
  const [first] = Object.values(source.resources);
  const template = first?.listing?.url ?? first?.startUrls?.[0];
  return template ? { template } : null;
};

/**
 * Fails early, naming the variable to change, when the source cannot be reached: otherwise every page of
 * the run would end in a DLQ after its retries, minutes later. Any HTTP answer counts as reachable (a REST
 * API's base URL often answers 404 or 401 by itself); only a failed connection does not.
 */
export const assertSourceReachable = async (
  pipeline: PipelineDefinition,
  env: Record<string, string | undefined>,
  timeoutMs = 10_000,
): Promise<void> => {
  const entry = entryPointOf(pipeline);
  if (!entry) return;
  let url: string;
  try {
    url = resolveTemplate(entry.template, env);
  } catch (error) {
    if (error instanceof MissingVariableError) throw new Error(`pipeline ${pipeline.name}: ${error.message}`);
    throw error;
  }
  let problem: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return;
  } catch (error) {
    problem = errorCodeOf(error) ?? describeError(error);
  }
  const variables = templateVariables(entry.template);
  const hint = variables.length > 0 ? ` Set ${variables.join(' or ')} to a reachable copy of the source` : '';
  const offline =
    pipeline.name === 'rickandmorty' ? ', or run `npm start -- --offline` to use the bundled dataset' : '';
  throw new Error(
    `cannot reach the source of pipeline ${pipeline.name} at ${url} (${problem}).${hint}${offline}.`,
  );
};

// fetch wraps the socket error (ECONNREFUSED, ENOTFOUND) a cause or two deep.
const errorCodeOf = (error: unknown): string | undefined => {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current instanceof AggregateError) return errorCodeOf(current.errors[0]);
  }
  return undefined;
};
