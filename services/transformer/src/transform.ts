import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  ContractError,
  isDeletedRecord,
  MESSAGE_VERSION,
  type PageStaged,
  type PageTransformed,
  type ProcessedPage,
  type ProcessedPages,
  pagesOfStagedKey,
  parseJson,
  RawPagesSchema,
  type RejectedPage,
  stagedPagesKey,
  stagingKey,
  writeInGroupsOfRun,
} from '@sluice/contracts';
import {
  capturedCursorOf,
  type PipelineDefinition,
  recordsOfPage,
  recordsPathOf,
} from '@sluice/contracts/pipeline-definition';
import {
  createOutbox,
  getStagedObject,
  onceByKey,
  type PipelineCatalogue,
  putJsonObject,
  type QueueUrls,
} from '@sluice/runtime';
import { compileDeletedRows } from './mapping/deleted-rows.ts';
import type { ResourceTransformer } from './mapping/index.ts';

export interface TransformerDeps {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  queues: Pick<QueueUrls, 'transform' | 'load'>;
  pipelines: PipelineCatalogue;
  /** A resource's compiled transform, built once per process. */
  transformerOf: (pipeline: PipelineDefinition, resource: string) => ResourceTransformer;
}

/** What became of one staged page. */
export type TransformResult = {
  runId: string;
  resource: string;
  page: number;
  extracted: number;
  valid: number;
  rejected: number;
  processedKey: string;
};

/**
 * The transformer's one core function: validates every record of each staged raw page against its
 * pipeline's mapping, writes the invalid ones with their reasons to `rejected/…`, the valid ones as
 * warehouse rows to `processed/…` — the pages of one run and resource handled together in ONE object —
 * and tells the loader, one message per page. A page that cannot be transformed fails alone; its
 * neighbours go on. Settles one result per message, in order.
 */
export const transformPages = async (
  messages: PageStaged[],
  deps: TransformerDeps,
): Promise<PromiseSettledResult<TransformResult>[]> => {
  const readRaw = rawPageReader(deps);
  const transformed = await Promise.allSettled(
    messages.map((staged) => transformPage(staged, readRaw, deps)),
  );
  const written = writeInGroupsOfRun(
    transformed.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    ({ staged }) => staged,
    (group) => writeGroup(group, deps),
  );
  const outbox = createOutbox(deps.sqs, messages);
  const results = await Promise.allSettled(
    transformed.map(async (outcome, index) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { staged, message } = outcome.value;
      const processedKey = await (written.get(outcome.value) as Promise<string>);
      const loadMessage: PageTransformed = { ...message, processedKey };
      outbox.add(index, deps.queues.load.url, [loadMessage]);
      return {
        runId: staged.runId,
        resource: staged.resource,
        page: staged.page,
        ...message.records,
        processedKey,
      };
    }),
  );
  return outbox.deliver(results);
};

interface TransformedPage {
  staged: PageStaged;
  processed: ProcessedPage;
  /** The message for the loader, but for the key of the object the page is written to. */
  message: Omit<PageTransformed, 'processedKey'>;
}

/**
 * Reads the raw text of staged pages, each object once however many of the pages it holds: a page staged
 * alone is its own bytes, pages staged together are a RawPages object named after them.
 */
const rawPageReader = (deps: TransformerDeps) => {
  const objectAt = onceByKey(async (rawKey): Promise<Map<number, string> | string> => {
    const { body } = await getStagedObject(deps.s3, deps.bucket, rawKey);
    if (pagesOfStagedKey(rawKey).length < 2) return body;
    const { pages } = parseJson(RawPagesSchema, body, `raw object ${rawKey}`);
    return new Map(pages.map((page) => [page.page, page.body]));
  });
  return async (staged: PageStaged): Promise<string> => {
    const held = await objectAt(staged.rawKey);
    if (typeof held === 'string') return held;
    const body = held.get(staged.page);
    if (body === undefined) {
      throw new ContractError(`raw object ${staged.rawKey} holds no page ${staged.page}`, {
        rawKey: staged.rawKey,
      });
    }
    return body;
  };
};

/** Reads one raw page, transforms it and quarantines its invalid records. */
const transformPage = async (
  staged: PageStaged,
  readRaw: (staged: PageStaged) => Promise<string>,
  deps: TransformerDeps,
): Promise<TransformedPage> => {
  const pipeline = deps.pipelines.get(staged.pipeline);
  const transformer = deps.transformerOf(pipeline, staged.resource);
  const records = readRecords(pipeline, staged, await readRaw(staged));
  const {
    tables,
    replace,
    rejected,
    deleted,
    cursor: recordsCursor,
  } = transformRecords(transformer, pipeline, staged.resource, records);
  // A table read by its cursor moves to its run's upper bound, not to the greatest value it holds.
  const cursor = capturedCursorOf(pipeline, staged) ?? recordsCursor;

  const header = {
    version: 1 as const,
    runId: staged.runId,
    pipeline: staged.pipeline,
    resource: staged.resource,
    page: staged.page,
  };
  const rejectedKey = rejected.length > 0 ? stagingKey('rejected', staged) : null;
  if (rejectedKey) {
    const page: RejectedPage = { ...header, rawKey: staged.rawKey, rejected };
    await putJsonObject(deps.s3, deps.bucket, rejectedKey, page);
  }
  const valid = records.length - rejected.length;
  return {
    staged,
    processed: { ...header, tables, replace, ...(deleted ? { deleted } : {}) },
    message: {
      ...header,
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      url: staged.url,
      contentHash: staged.contentHash,
      pagesTotal: staged.pagesTotal,
      rejectedKey,
      records: { extracted: records.length, valid, rejected: rejected.length },
      rows: Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length])),
      cursor,
    },
  };
};

/**
 * A page's records as rows. A database page compared with an earlier snapshot (or key scan) also holds
 * the rows the source deleted, marked: they become the keys of the resource's table, in `deleted`, with
 * their rejections counted among the page's.
 */
const transformRecords = (
  transformer: ResourceTransformer,
  pipeline: PipelineDefinition,
  resource: string,
  records: unknown[],
) => {
  const gone = records.flatMap((record, index) => (isDeletedRecord(record) ? [index] : []));
  if (gone.length === 0) return { ...transformer.transformPage(records), deleted: null };
  const goneSet = new Set(gone);
  const live = records.flatMap((_, index) => (goneSet.has(index) ? [] : [index]));
  const page = transformer.transformPage(live.map((index) => records[index]));
  const deletions = compileDeletedRows(pipeline, resource)(gone.map((index) => records[index]));
  const at = (indexes: number[]) => (rejection: (typeof page.rejected)[number]) => ({
    ...rejection,
    index: indexes[rejection.index] ?? rejection.index,
  });
  const deleted = deletions.rows.length > 0 ? { [deletions.table]: deletions.rows } : {};
  return {
    ...page,
    rejected: [...page.rejected.map(at(live)), ...deletions.rejected.map(at(gone))].sort(
      (a, b) => a.index - b.index,
    ),
    deleted,
  };
};

/** Writes a group's pages as one object; resolves to its key. */
const writeGroup = async (group: TransformedPage[], deps: TransformerDeps): Promise<string> => {
  const [first] = group;
  if (!first) throw new Error('an empty group of pages has nothing to write');
  const processedKey = stagedPagesKey(
    'processed',
    first.staged,
    group.map(({ staged }) => staged.page),
  );
  const object: ProcessedPages = { version: 1, pages: group.map(({ processed }) => processed) };
  await putJsonObject(deps.s3, deps.bucket, processedKey, object);
  return processedKey;
};

/** A snapshot page (`….jsonl`): one record a line. */
const readJsonLines = (staged: PageStaged, body: string): unknown[] =>
  body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new ContractError(
          `line ${index + 1} of ${staged.rawKey} is not JSON`,
          { rawKey: staged.rawKey },
          { cause: error },
        );
      }
    });

/** A raw page that is not JSON, or has no records where the pipeline says, can never pass: a contract error. */
const readRecords = (pipeline: PipelineDefinition, staged: PageStaged, body: string): unknown[] => {
  if (staged.rawKey.endsWith('.jsonl')) return readJsonLines(staged, body);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ContractError(
      `raw page ${staged.rawKey} is not JSON`,
      { rawKey: staged.rawKey },
      { cause: error },
    );
  }
  const records = recordsOfPage(pipeline, staged.resource, json);
  if (!records) {
    const path = recordsPathOf(pipeline, staged.resource);
    throw new ContractError(
      `raw page ${staged.rawKey} has no array of records at ${path === null ? 'its top level' : `'${path}'`}`,
      { rawKey: staged.rawKey },
    );
  }
  return records;
};
