import type { PipelineDefinition } from './pipeline.ts';

/** The value at a dotted path (`info.pages`, `data`) of a parsed JSON body; undefined where it is not. */
export const valueAtPath = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (current, key) =>
        current !== null && typeof current === 'object'
          ? (current as Record<string, unknown>)[key]
          : undefined,
      value,
    );

/**
 * Where a staged page keeps its records: for a REST source, the resource's or the source's `records`
 * path (the body itself when neither is given); an HTML source's pages are staged as `{ url, records }`.
 */
export const recordsPathOf = (pipeline: PipelineDefinition, resource: string): string | null => {
  const { source } = pipeline;
  if (source.type === 'html') return 'records';
  return source.resources[resource]?.records ?? source.records ?? null;
};

/** The records of a staged page's parsed body, or null when the body has no array where they should be. */
export const recordsOfPage = (
  pipeline: PipelineDefinition,
  resource: string,
  body: unknown,
): unknown[] | null => {
  const path = recordsPathOf(pipeline, resource);
  const records = path === null ? body : valueAtPath(body, path);
  return Array.isArray(records) ? records : null;
};
