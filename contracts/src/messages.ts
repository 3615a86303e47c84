import * as z from 'zod';
import { PipelineNameSchema, ResourceNameSchema, RunIdSchema } from './names.ts';
import { traceFields } from './trace-context.ts';

/**
 * Every message on every queue. Messages carry S3 keys and counts, never records: a page can outgrow an
 * SQS message (256 KiB by default, 1 MiB at most), and S3 keeps the raw data for replay. Each may carry
 * its trace context (`traceparent`, `tracestate`; see trace-context.ts).
 */
export const MESSAGE_VERSION = 1;

const envelope = {
  version: z.literal(MESSAGE_VERSION),
  runId: RunIdSchema,
  pipeline: PipelineNameSchema,
  ...traceFields,
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
  /** Ignore the incremental cursors and the hashes of pages loaded before: fetch and load everything. */
  fullRefresh: z.boolean().optional(),
});
export type RunRequested = z.infer<typeof RunRequestedSchema>;

/** One page to fetch; sent by the extractor to itself so pages are fetched in parallel and retried alone. */
export const PageRequestedSchema = z.object({
  ...pageFields,
  type: z.literal('page.requested'),
  /** Never with a credential: the extractor adds it when it fetches. */
  url: z.url(),
  /** Carried from run.requested: fetch and load even pages loaded before. */
  fullRefresh: z.boolean().optional(),
});
export type PageRequested = z.infer<typeof PageRequestedSchema>;

/**
 * A run started by an EventBridge schedule rule whose target is the extract queue: the rule's input
 * transformer can only copy the event's time and id, so the extractor turns this into a run.requested,
 * with a run id derived from both (a redelivered event starts the same run, not a second one).
 */
export const RunScheduledSchema = z.object({
  version: z.literal(MESSAGE_VERSION),
  type: z.literal('run.scheduled'),
  pipeline: PipelineNameSchema,
  scheduledAt: z.iso.datetime(),
  eventId: z.string().min(1),
  ...traceFields,
});
export type RunScheduled = z.infer<typeof RunScheduledSchema>;

export const ExtractMessageSchema = z.discriminatedUnion('type', [
  RunRequestedSchema,
  RunScheduledSchema,
  PageRequestedSchema,
]);
export type ExtractMessage = z.infer<typeof ExtractMessageSchema>;

/**
 * How many pages the resource has: known from its first page for sources that say so, else only once the
 * last page is read (next-URL, cursor and Link-header pagination); null until then.
 */
const pagesTotal = z.int().positive().nullable();

/** The page's identity across runs (its URL, never with a credential) and a SHA-256 of its content. */
const pageContent = {
  url: z.url(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
};

/**
 * Where an extracted page is staged: `raw/…` (a page of an API or site, alone or with the pages staged
 * with it) or `snapshots/…` (a page of a database table, JSON lines).
 */
const stagedKey = z
  .string()
  .refine((key) => key.startsWith('raw/') || key.startsWith('snapshots/'), 'a key under raw/ or snapshots/');

/** A raw page is in S3 under `rawKey`; sent to the transform queue. */
export const PageStagedSchema = z.object({
  ...pageFields,
  ...pageContent,
  type: z.literal('page.staged'),
  pagesTotal,
  rawKey: stagedKey,
  stagedAt: z.iso.datetime(),
});
export type PageStaged = z.infer<typeof PageStagedSchema>;

/** Warehouse rows for one page are in S3 under `processedKey`; sent to the load queue. */
export const PageTransformedSchema = z.object({
  ...pageFields,
  ...pageContent,
  type: z.literal('page.transformed'),
  pagesTotal,
  processedKey: z.string().startsWith('processed/'),
  rejectedKey: z.string().startsWith('rejected/').nullable(),
  records: z.object({ extracted: count, valid: count, rejected: count }),
  /** Row count per warehouse table, e.g. `{ characters: 20, character_episodes: 41 }`. */
  rows: z.record(z.string(), count),
  /** The greatest incremental cursor value among the page's records; null when none or not incremental. */
  cursor: z.union([z.string(), z.number()]).nullable(),
});
export type PageTransformed = z.infer<typeof PageTransformedSchema>;

/**
 * The page's content equals what was last loaded for the same URL, so it is neither staged, transformed
 * nor loaded again; sent by the extractor straight to the load queue, so the run still counts the page.
 */
export const PageSkippedSchema = z.object({
  ...pageFields,
  ...pageContent,
  type: z.literal('page.skipped'),
  pagesTotal,
  skippedAt: z.iso.datetime(),
});
export type PageSkipped = z.infer<typeof PageSkippedSchema>;

/**
 * A stage dead-lettered a message of this run: sent to the load queue after the DLQ copy, so that the
 * run ledger (which only the loader writes) marks the run failing and, once nothing of it is left in
 * flight, failed. A run-level message (its request) names no resource and no page.
 */
export const PageFailedSchema = z.object({
  ...envelope,
  type: z.literal('page.failed'),
  stage: z.enum(['extract', 'transform', 'load']),
  resource: ResourceNameSchema.nullable(),
  page: z.int().positive().nullable(),
  pagesTotal: pagesTotal.optional(),
  reason: z.string(),
  failedAt: z.iso.datetime(),
});
export type PageFailed = z.infer<typeof PageFailedSchema>;

export const LoadMessageSchema = z.discriminatedUnion('type', [
  PageTransformedSchema,
  PageSkippedSchema,
  PageFailedSchema,
]);
export type LoadMessage = z.infer<typeof LoadMessageSchema>;

export const MESSAGE_SCHEMAS = {
  extract: ExtractMessageSchema,
  transform: PageStagedSchema,
  load: LoadMessageSchema,
} as const;

/** What an EventBridge schedule (or an operator) passes to the extractor function to start a run. */
export const ScheduledRunSchema = z.object({
  pipeline: PipelineNameSchema,
  resources: z.array(ResourceNameSchema).min(1).optional(),
});
export type ScheduledRun = z.infer<typeof ScheduledRunSchema>;
