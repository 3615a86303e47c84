import * as z from 'zod';

/** The three stages of every pipeline, in the order data flows through them. */
export const STAGES = ['extract', 'transform', 'load'] as const;
export type Stage = (typeof STAGES)[number];

export const PipelineNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a pipeline name is lower-case letters, digits and dashes');
export const ResourceNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'a resource name is lower-case letters, digits, dashes and underscores');

/** Run ids sort by time and are safe inside S3 keys and SQL strings: `20261125T150135Z-3fa9c2`. */
export const RunIdSchema = z
  .string()
  .regex(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/, 'a run id looks like 20261125T150135Z-3fa9c2');
export type RunId = z.infer<typeof RunIdSchema>;

const runStamp = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

export const newRunId = (now: Date, random: () => number = Math.random): RunId => {
  const suffix = Math.floor(random() * 0x1000000)
    .toString(16)
    .padStart(6, '0');
  return `${runStamp(now)}-${suffix}`;
};

/** The same id for the same scheduled event: its time, and six hex digits of a hash of its id. */
export const scheduledRunId = (at: Date, eventIdHashHex: string): RunId =>
  `${runStamp(at)}-${eventIdHashHex.slice(0, 6)}`;

/**
 * Queue names for one deployment. `prefix` keeps several deployments (a developer's, CI's) apart on one
 * account or emulator.
 */
export const queueName = (prefix: string, stage: Stage): string => `${prefix}-${stage}`;
export const deadLetterQueueName = (prefix: string, stage: Stage): string => `${prefix}-${stage}-dlq`;
export const bucketName = (prefix: string): string => `${prefix}-staging`;

/** The EventBridge rule that starts a pipeline on its schedule, in AWS (the CDK stack) and on LocalStack. */
export const scheduleRuleName = (prefix: string, pipeline: string): string => `${prefix}-${pipeline}`;
