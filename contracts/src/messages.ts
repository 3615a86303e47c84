import * as z from 'zod';
import { PipelineNameSchema, ResourceNameSchema, RunIdSchema } from './names.ts';

/**
 * Every message on every queue. Messages carry S3 keys and counts, never records: a page can outgrow an
 * SQS message (256 KiB by default, 1 MiB at most), and S3 keeps the raw data for replay.
 */
export const MESSAGE_VERSION = 1;

const envelope = {
  version: z.literal(MESSAGE_VERSION),
  runId: RunIdSchema,
  pipeline: PipelineNameSchema,
};
const pageFields = {
  ...envelope,
  resource: ResourceNameSchema,
  page: z.int().positive(),
};
const count = z.int().nonnegative();

/** Starts a run: the extractor fetches the first page of each resource and fans the rest out. */
export const RunRequestedSchema = z.object({
  ...envelope,
  type: z.literal('run.requested'),
  requestedAt: z.iso.datetime(),
  /** Only these resources; all of the pipeline's when absent. */
  resources: z.array(ResourceNameSchema).min(1).optional(),
});
export type RunRequested = z.infer<typeof RunRequestedSchema>;

/** One page to fetch; sent by the extractor to itself so pages are fetched in parallel and retried alone. */
export const PageRequestedSchema = z.object({
  ...pageFields,
  type: z.literal('page.requested'),
  url: z.url(),
});
export type PageRequested = z.infer<typeof PageRequestedSchema>;

export const ExtractMessageSchema = z.discriminatedUnion('type', [RunRequestedSchema, PageRequestedSchema]);
export type ExtractMessage = z.infer<typeof ExtractMessageSchema>;

/** A raw page is in S3 under `rawKey`; sent to the transform queue. */
export const PageStagedSchema = z.object({
  ...pageFields,
  type: z.literal('page.staged'),
  pagesTotal: z.int().positive(),
  rawKey: z.string().startsWith('raw/'),
  stagedAt: z.iso.datetime(),
});
export type PageStaged = z.infer<typeof PageStagedSchema>;

/** Warehouse rows for one page are in S3 under `processedKey`; sent to the load queue. */
export const PageTransformedSchema = z.object({
  ...pageFields,
  type: z.literal('page.transformed'),
  pagesTotal: z.int().positive(),
  processedKey: z.string().startsWith('processed/'),
  rejectedKey: z.string().startsWith('rejected/').nullable(),
  records: z.object({ extracted: count, valid: count, rejected: count }),
  /** Row count per warehouse table, e.g. `{ characters: 20, character_episodes: 41 }`. */
  rows: z.record(z.string(), count),
});
export type PageTransformed = z.infer<typeof PageTransformedSchema>;

export const MESSAGE_SCHEMAS = {
  extract: ExtractMessageSchema,
  transform: PageStagedSchema,
  load: PageTransformedSchema,
} as const;

/** What an EventBridge schedule (or an operator) passes to the extractor function to start a run. */
export const ScheduledRunSchema = z.object({
  pipeline: PipelineNameSchema,
  resources: z.array(ResourceNameSchema).min(1).optional(),
});
export type ScheduledRun = z.infer<typeof ScheduledRunSchema>;
