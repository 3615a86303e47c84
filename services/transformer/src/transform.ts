import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  ContractError,
  MESSAGE_VERSION,
  type PageStaged,
  type PageTransformed,
  type ProcessedPage,
  type RejectedPage,
  stagingKey,
} from '@sluice/contracts';
import { type PipelineDefinition, recordsOfPage, recordsPathOf } from '@sluice/contracts/pipeline-definition';
import {
  getStagedObject,
  type MessageSender,
  type PipelineCatalogue,
  putJsonObject,
  type QueueUrls,
} from '@sluice/runtime';
import type { ResourceTransformer } from './mapping/index.ts';

export interface TransformerDeps {
  s3: S3Client;
  sqs: SQSClient;
  /** Sends the messages of pages handled at the same moment together (see createMessageSender). */
  sender: MessageSender;
  bucket: string;
  queues: Pick<QueueUrls, 'transform' | 'load'>;
  pipelines: PipelineCatalogue;
  /** A resource's compiled transform, built once per process. */
  transformerOf: (pipeline: PipelineDefinition, resource: string) => ResourceTransformer;
}

/**
 * The transformer's one core function: validates every record of a staged raw page against its
 * pipeline's mapping, writes the valid ones as warehouse rows to `processed/…` and the invalid ones with
 * their reasons to `rejected/…`, and tells the loader. Output bytes depend only on the input, so a retried
 * message rewrites identical objects.
 */
export const handleTransformMessage = async (staged: PageStaged, deps: TransformerDeps) => {
  const pipeline = deps.pipelines.get(staged.pipeline);
  const transformer = deps.transformerOf(pipeline, staged.resource);
  const raw = await getStagedObject(deps.s3, deps.bucket, staged.rawKey);
  const records = readRecords(pipeline, staged, raw.body);
  const { tables, replace, rejected, cursor } = transformer.transformPage(records);

  const header = {
    version: 1 as const,
    runId: staged.runId,
    pipeline: staged.pipeline,
    resource: staged.resource,
    page: staged.page,
  };
  const processedKey = stagingKey('processed', staged);
  await putJsonObject(deps.s3, deps.bucket, processedKey, {
    ...header,
    tables,
    replace,
  } satisfies ProcessedPage);
  const rejectedKey = rejected.length > 0 ? stagingKey('rejected', staged) : null;
  if (rejectedKey) {
    const page: RejectedPage = { ...header, rawKey: staged.rawKey, rejected };
    await putJsonObject(deps.s3, deps.bucket, rejectedKey, page);
  }

  const valid = records.length - rejected.length;
  const message: PageTransformed = {
    ...header,
    version: MESSAGE_VERSION,
    type: 'page.transformed',
    url: staged.url,
    contentHash: staged.contentHash,
    pagesTotal: staged.pagesTotal,
    processedKey,
    rejectedKey,
    records: { extracted: records.length, valid, rejected: rejected.length },
    rows: Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length])),
    cursor,
  };
  await deps.sender.send(deps.queues.load.url, [message]);
  return {
    runId: staged.runId,
    resource: staged.resource,
    page: staged.page,
    ...message.records,
    processedKey,
  };
};

/** A raw page that is not JSON, or has no records where the pipeline says, can never pass: a contract error. */
const readRecords = (pipeline: PipelineDefinition, staged: PageStaged, body: string): unknown[] => {
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
