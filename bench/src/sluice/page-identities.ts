import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { PageState } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { readStateObject } from '@sluice/runtime';

/** What a load message says a page is: its URL and the hash of its content. */
export interface PageIdentity {
  url: string;
  contentHash: string;
}

/** By `<resource> <page>`. */
export type PageIdentities = Map<string, PageIdentity>;

export const pageIdOf = (resource: string, page: number): string => `${resource} ${page}`;

// Enough to keep LocalStack busy without queueing thousands of requests in the SDK at once.
const READS_AT_ONCE = 16;

/** The pagination of a resource: the bench's source numbers its pages (`?page=N`). */
const pageNumberingOf = (pipeline: PipelineDefinition, resource: string) => {
  const { source } = pipeline;
  const pagination =
    source.type === 'rest' ? (source.resources[resource]?.pagination ?? source.pagination) : undefined;
  if (pagination?.type !== 'page_number') {
    throw new Error(
      `the bench tells a page by its page number; ${pipeline.name}.${resource} is paginated by ${pagination?.type ?? 'nothing'}`,
    );
  }
  return pagination;
};

const listKeys = async (s3: S3Client, bucket: string, prefix: string): Promise<string[]> => {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const listing = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(listing.Contents ?? []).flatMap(({ Key }) => (Key ? [Key] : [])));
    token = listing.NextContinuationToken;
  } while (token);
  return keys;
};

/**
 * The URL and content hash of each page a run loaded, from the page state the loader publishes in S3
 * (`state/<pipeline>/<resource>/pages/…`): the only place a page's URL is kept once its load message is
 * gone. A page's number is read back from the URL's page parameter. Read after the services have
 * stopped, when every page's state is written.
 */
export const readPageIdentities = async (
  s3: S3Client,
  bucket: string,
  pipeline: PipelineDefinition,
  runId: string,
): Promise<PageIdentities> => {
  const identities: PageIdentities = new Map();
  for (const resource of Object.keys(pipeline.source.resources)) {
    const { param, start } = pageNumberingOf(pipeline, resource);
    const keys = await listKeys(s3, bucket, `state/${pipeline.name}/${resource}/pages/`);
    for (let from = 0; from < keys.length; from += READS_AT_ONCE) {
      const states = await Promise.all(
        keys.slice(from, from + READS_AT_ONCE).map((key) => readStateObject<PageState>(s3, bucket, key)),
      );
      for (const state of states) {
        if (state?.runId !== runId) continue;
        const page = Number(new URL(state.url).searchParams.get(param)) - start + 1;
        identities.set(pageIdOf(resource, page), { url: state.url, contentHash: state.contentHash });
      }
    }
  }
  return identities;
};
