import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type LoaderDeps, warehouseTablesOf } from '@sluice/loader';
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
