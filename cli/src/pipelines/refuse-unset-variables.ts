import { type PipelineDefinition, unsetVariablesOf } from '@sluice/contracts/pipeline-definition';

/** A pipeline names a variable its services would not have: its first page could only fail. */
export class UnsetVariablesError extends Error {
  override name = 'UnsetVariablesError';
}

/**
 * Refuses, in one line, a run whose services would lack a variable the pipeline file needs (one without a
 * `:-default`, unset or empty in `servicesEnv`), naming each variable and where the file reads it:
 * `pipeline books needs BOOKS_API_TOKEN (source.auth.token); set it …`. Checked before anything is sent:
 * otherwise the run is refused only by its first page, minutes later, in the extractor's log.
 */
export const refuseUnsetVariables = (
  pipeline: Pick<PipelineDefinition, 'name' | 'source'>,
  servicesEnv: Record<string, string | undefined>,
  /** Where to set them, after "set it"/"set them": `in the environment, e.g. …`. */
  where: string,
): void => {
  const unset = unsetVariablesOf(pipeline, servicesEnv);
  if (unset.length === 0) return;
  const named = unset.map(({ variable, paths }) => `${variable} (${paths.join(', ')})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  throw new UnsetVariablesError(
    `pipeline ${pipeline.name} needs ${list}; set ${unset.length === 1 ? 'it' : 'them'} ${where}`,
  );
};
