import type { PipelineDefinition } from './pipeline.ts';

/**
 * The value at a dot path (`info.next`, `origin.url`, `data.0.id`) of parsed JSON; undefined where any step
 * is missing. Only own properties count, so a path such as `constructor` never reaches into a prototype.
 */
export const valueAtPath = (root: unknown, path: string): unknown => valueAtSegments(root, path.split('.'));

const valueAtSegments = (root: unknown, segments: readonly string[]): unknown => {
  let value = root;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
};

/** valueAtPath with the path split once, for a path read on every record of every page. */
export const pathReader = (path: string): ((root: unknown) => unknown) => {
  const segments = path.split('.');
  return (root) => valueAtSegments(root, segments);
};

/**
 * Where a staged page keeps its records: for a REST source, the resource's or the source's `records`
 * path (the body itself when neither is given); an HTML source's pages are staged as `{ url, records }`;
 * a mysql source's pages are JSON lines, read as the array of their lines.
 */
export const recordsPathOf = (
  pipeline: Pick<PipelineDefinition, 'source'>,
  resource: string,
): string | null => {
  const { source } = pipeline;
  if (source.type === 'html') return 'records';
  if (source.type === 'mysql') return null;
  return source.resources[resource]?.records ?? source.records ?? null;
};

/** The records of a staged page's parsed body, or null when the body has no array where they should be. */
export const recordsOfPage = (
  pipeline: Pick<PipelineDefinition, 'source'>,
  resource: string,
  body: unknown,
): unknown[] | null => {
  const path = recordsPathOf(pipeline, resource);
  const records = path === null ? body : valueAtPath(body, path);
  return Array.isArray(records) ? records : null;
};
