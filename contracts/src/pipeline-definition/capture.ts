import { isMysqlPageUrl, readMysqlPageUrl } from '../mysql-page-url.ts';
import type { PipelineDefinition } from './pipeline.ts';

/**
 * Whether the next run of a resource starts from where the last complete run ended, so that completing a
 * run moves its cursor: a REST or HTML resource listed in `incremental`, and every mysql resource (a cursor
 * capture reads from the last upper bound; `full` and `snapshot_diff` compare with that run's snapshot).
 */
export const isIncrementalResource = (pipeline: PipelineDefinition, resource: string): boolean => {
  const { source } = pipeline;
  if (source.type === 'mysql') return source.resources[resource] !== undefined;
  return Boolean(pipeline.incremental?.[resource]);
};

/**
 * The cursor a page of a mysql resource moves to: its run's upper bound, whatever rows the page holds
 * (the next run starts there, or compares with this run's snapshot); null for any other page, whose
 * cursor its records give.
 */
export const capturedCursorOf = (
  pipeline: PipelineDefinition,
  page: { resource: string; url: string },
): string | null => {
  const { source } = pipeline;
  if (source.type !== 'mysql' || source.resources[page.resource] === undefined) return null;
  return isMysqlPageUrl(page.url) ? readMysqlPageUrl(page.url).upper : null;
};
