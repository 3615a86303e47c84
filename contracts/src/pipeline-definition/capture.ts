import { isMysqlPageUrl, readMysqlPageUrl } from '../mysql-page-url.ts';
import type { PipelineDefinition } from './pipeline.ts';

/**
 * Whether a resource reads only what changed since the last complete run, so that completing a run moves
 * its cursor: a REST or HTML resource listed in `incremental`, a mysql resource with `capture: cursor`.
 */
export const isIncrementalResource = (pipeline: PipelineDefinition, resource: string): boolean => {
  const { source } = pipeline;
  if (source.type === 'mysql') return source.resources[resource]?.capture === 'cursor';
  return Boolean(pipeline.incremental?.[resource]);
};

/**
 * The cursor a page of a `capture: cursor` resource moves to: its run's upper bound, whatever rows the page
 * holds (the next run starts there); null for any other page, whose cursor its records give.
 */
export const capturedCursorOf = (
  pipeline: PipelineDefinition,
  page: { resource: string; url: string },
): string | null => {
  const { source } = pipeline;
  if (source.type !== 'mysql' || source.resources[page.resource]?.capture !== 'cursor') return null;
  return isMysqlPageUrl(page.url) ? readMysqlPageUrl(page.url).upper : null;
};
