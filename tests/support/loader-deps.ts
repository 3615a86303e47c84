import type { LoadMessage } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type LoaderDeps, type LoadResult, loadMessages, warehouseTablesOf } from '@sluice/loader';
import { catalogueOf } from '@sluice/runtime';
import type { IsolatedPlatform } from './isolated-platform.ts';
import { rickAndMortyPipeline } from './rickandmorty-tables.ts';

/** What `loadMessages` is given, on a flow's own platform, with a clock stopped at `at`. */
export const loaderDepsOf = (
  isolated: IsolatedPlatform,
  at: string,
  pipelines: PipelineDefinition[] = [rickAndMortyPipeline],
): LoaderDeps => ({
  s3: isolated.platform.s3,
  bucket: isolated.platform.bucket,
  db: isolated.platform.warehouse.db,
  clock: { now: () => new Date(at) },
  pipelines: catalogueOf('pipelines', pipelines),
  tablesOf: warehouseTablesOf(isolated.platform.warehouse.db),
});

/** Loads one message as the loader's core does; throws what it fails with. */
export const loadOne = async (message: LoadMessage, deps: LoaderDeps): Promise<LoadResult> => {
  const [result] = await loadMessages([message], deps);
  if (result?.status !== 'fulfilled') throw result?.reason;
  return result.value;
};
