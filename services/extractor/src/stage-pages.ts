import {
  type RawPages,
  snapshotChangesKey,
  snapshotKeysKey,
  snapshotManifestKey,
  snapshotPageKey,
  stagedPagesKey,
  writeInGroupsOfRun,
} from '@sluice/contracts';
import { putJsonObject, putStagedObject } from '@sluice/runtime';
import type { ExtractorDeps, FetchedRequest } from './extract.ts';
import type { SnapshotPage } from './sources/page-source.ts';

type StagingDeps = Pick<ExtractorDeps, 's3' | 'bucket' | 'clock'>;

/**
 * Stages fetched pages; each maps to the key it is staged under. Pages of an API or a site that belong to
 * the same run and resource share ONE raw object; a page of a database table is its own snapshot object.
 */
export const stagePages = (
  pages: readonly FetchedRequest[],
  deps: StagingDeps,
): Map<FetchedRequest, Promise<string>> => {
  const staged = writeInGroupsOfRun(
    pages.filter((page) => !page.fetched.snapshot),
    ({ request }) => request,
    (group) => stageGroup(group, deps),
  );
  for (const page of pages) {
    const { snapshot } = page.fetched;
    if (snapshot) staged.set(page, stageSnapshotPage(page, snapshot, deps));
  }
  return staged;
};

/**
 * Stages a group's pages under `raw/…` (one page as its own bytes; several in one RawPages object named
 * after them); resolves to the key.
 */
const stageGroup = async (group: FetchedRequest[], deps: StagingDeps): Promise<string> => {
  const [first, ...others] = group;
  if (!first) throw new Error('an empty group of pages has nothing to stage');
  const rawKey = stagedPagesKey(
    'raw',
    first.request,
    group.map(({ request }) => request.page),
  );
  const body =
    others.length === 0
      ? first.fetched.body
      : JSON.stringify({
          version: 1,
          pages: group.map(({ request, fetched }) => ({
            page: request.page,
            url: request.url,
            body: fetched.body,
          })),
        } satisfies RawPages);
  await putStagedObject(deps.s3, deps.bucket, rawKey, body);
  return rawKey;
};

/**
 * `snapshots/<pipeline>/<table>/<day>/<runId>/<page>.jsonl`; at the table's last page, the manifest after
 * it, so a manifest never names a page that is not there. A redelivered page writes the same object. A
 * page compared with a base snapshot stages its changes beside it, and the changes are what go on.
 */
const stageSnapshotPage = async (
  { request, fetched }: FetchedRequest,
  snapshot: SnapshotPage,
  deps: StagingDeps,
): Promise<string> => {
  const address = {
    pipeline: request.pipeline,
    table: snapshot.table,
    day: snapshot.day,
    runId: request.runId,
  };
  const lines = 'application/x-ndjson; charset=utf-8';
  const key =
    snapshot.keysPage === undefined
      ? snapshotPageKey(address, request.page)
      : snapshotKeysKey(address, snapshot.keysPage);
  await putStagedObject(deps.s3, deps.bucket, key, snapshot.lake ?? fetched.body, lines);
  const changesKey = snapshot.lake === null ? null : snapshotChangesKey(address, request.page);
  if (changesKey) await putStagedObject(deps.s3, deps.bucket, changesKey, fetched.body, lines);
  if (snapshot.manifest) {
    await putJsonObject(deps.s3, deps.bucket, snapshotManifestKey(address), {
      version: 1,
      pipeline: request.pipeline,
      resource: request.resource,
      runId: request.runId,
      ...snapshot.manifest,
      writtenAt: deps.clock.now().toISOString(),
    });
  }
  return changesKey ?? key;
};
