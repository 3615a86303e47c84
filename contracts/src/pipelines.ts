/**
 * The pipelines Sluice knows and the resources each one moves, in the order a run extracts them.
 * (Pipelines become declarative files later; this is the catalogue the services and the CLI share.)
 */
export const PIPELINES = {
  rickandmorty: { resources: ['location', 'episode', 'character'] },
} as const satisfies Record<string, { resources: readonly string[] }>;

export type PipelineName = keyof typeof PIPELINES;

export const isPipelineName = (name: string): name is PipelineName => Object.hasOwn(PIPELINES, name);
