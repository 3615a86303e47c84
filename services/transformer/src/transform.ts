import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  ContractError,
  MESSAGE_VERSION,
  type PageStaged,
  type PageTransformed,
  type ProcessedPage,
  type RejectedPage,
  type RejectedRecord,
  stagingKey,
} from '@sluice/contracts';
import { getStagedObject, putJsonObject, type QueueUrls, SluiceError, sendMessage } from '@sluice/runtime';
import * as z from 'zod';
import type { ResourceTransform } from './rickandmorty/resources.ts';

export interface TransformerDeps {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  queues: Pick<QueueUrls, 'transform' | 'load'>;
  /** Per pipeline, per resource: how its records become warehouse rows. */
  transforms: Record<string, Record<string, ResourceTransform>>;
}

const RawPageSchema = z.object({ results: z.array(z.unknown()) });

const transformOf = (deps: TransformerDeps, { pipeline, resource }: PageStaged): ResourceTransform => {
  const transform = deps.transforms[pipeline]?.[resource];
  if (!transform) {
    throw new SluiceError(`no transform for ${pipeline}/${resource}`, {
      context: { pipeline, resource },
      retryable: false,
    });
  }
  return transform;
};

/**
 * The transformer's one core function: validates every record of a staged raw page, writes the valid ones
 * as warehouse rows to `processed/…` and the invalid ones with their reasons to `rejected/…`, and tells
 * the loader. Output bytes depend only on the input, so a retried message rewrites identical objects.
 */
export const handleTransformMessage = async (staged: PageStaged, deps: TransformerDeps) => {
  const transform = transformOf(deps, staged);
  const raw = await getStagedObject(deps.s3, deps.bucket, staged.rawKey);
  const records = readRecords(raw.body, staged.rawKey);

  const valid: unknown[] = [];
  const rejected: RejectedRecord[] = [];
  records.forEach((record, index) => {
    const result = transform.schema.safeParse(record);
    if (result.success) valid.push(result.data);
    else rejected.push({ index, reason: z.prettifyError(result.error), record });
  });

  const header = {
    version: 1 as const,
    runId: staged.runId,
    pipeline: staged.pipeline,
    resource: staged.resource,
    page: staged.page,
  };
  const tables = transform.toTables(valid);
  const processedKey = stagingKey('processed', staged);
  await putJsonObject(deps.s3, deps.bucket, processedKey, { ...header, tables } satisfies ProcessedPage);
  const rejectedKey = rejected.length > 0 ? stagingKey('rejected', staged) : null;
  if (rejectedKey) {
    const page: RejectedPage = { ...header, rawKey: staged.rawKey, rejected };
    await putJsonObject(deps.s3, deps.bucket, rejectedKey, page);
  }

  const message: PageTransformed = {
    ...header,
    version: MESSAGE_VERSION,
    type: 'page.transformed',
    pagesTotal: staged.pagesTotal,
    processedKey,
    rejectedKey,
    records: { extracted: records.length, valid: valid.length, rejected: rejected.length },
    rows: Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows?.length ?? 0])),
  };
  await sendMessage(deps.sqs, deps.queues.load.url, message);
  return {
    runId: staged.runId,
    resource: staged.resource,
    page: staged.page,
    ...message.records,
    processedKey,
  };
};

const readRecords = (body: string, rawKey: string): unknown[] => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ContractError(`raw page ${rawKey} is not JSON`, { rawKey }, { cause: error });
  }
  const page = RawPageSchema.safeParse(json);
  if (!page.success) {
    throw new ContractError(`raw page ${rawKey} has no results array`, { rawKey }, { cause: page.error });
  }
  return page.data.results;
};
