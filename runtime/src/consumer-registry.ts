import { hostname } from 'node:os';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import type { ConfigurationFingerprint } from './configuration-fingerprint.ts';
import type { Logger } from './logger.ts';
import { listObjectKeys } from './object-listing.ts';
import { readStateObject, writeStateObject } from './state-objects.ts';

/** Where local service processes say that they poll: one small object per process, under its stage. */
export const CONSUMERS_PREFIX = 'control/consumers/';
export const DEFAULT_HEARTBEAT_SECONDS = 10;
// A consumer that missed this many heartbeats in a row is taken for dead (killed, or its machine asleep).
const MISSED_HEARTBEATS = 3;

export const consumerKey = (stage: string, host: string, pid: number): string =>
  `${CONSUMERS_PREFIX}${stage}/${host}-${pid}.json`;

const ConsumerRecordSchema = z.object({
  stage: z.string(),
  pid: z.number(),
  host: z.string(),
  startedAt: z.iso.datetime(),
  heartbeatAt: z.iso.datetime(),
  intervalSeconds: z.number().positive().default(DEFAULT_HEARTBEAT_SECONDS),
  fingerprint: z.string(),
  parts: z.object({ pipelines: z.string(), variables: z.string(), warehouse: z.string() }),
  variables: z.record(z.string(), z.string()).default({}),
});
export type ConsumerRecord = z.infer<typeof ConsumerRecordSchema>;

/** A live consumer as listed: its record, where it is, and how old it and its last heartbeat are. */
export interface Consumer extends ConsumerRecord {
  key: string;
  ageSeconds: number;
  heartbeatAgeSeconds: number;
}

export interface AnnounceOptions {
  s3: S3Client;
  bucket: string;
  /** The stage whose queue the process polls: extract, transform or load. */
  stage: string;
  fingerprint: ConfigurationFingerprint;
  log: Logger;
  intervalSeconds?: number;
  clock?: { now: () => Date };
  pid?: number;
  host?: string;
}

export interface Announcement {
  /** Stops the heartbeat and deletes the record; never throws, so it can sit beside a poller's stop. */
  stop: () => Promise<void>;
}

/**
 * Announces a polling process in the deployment's bucket at once and every `intervalSeconds`, until
 * `stop`. The registry only informs: a failed write is logged and retried at the next beat, never thrown,
 * since a poller must not stop because S3 hiccuped.
 */
export const announceConsumer = async (options: AnnounceOptions): Promise<Announcement> => {
  const { s3, bucket, stage, fingerprint, log } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const intervalSeconds = options.intervalSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const key = consumerKey(stage, host, pid);
  const startedAt = clock.now().toISOString();
  let beating: Promise<void> = Promise.resolve();
  const beat = () => {
    const record: ConsumerRecord = {
      stage,
      pid,
      host,
      startedAt,
      heartbeatAt: clock.now().toISOString(),
      intervalSeconds,
      ...fingerprint,
    };
    beating = writeStateObject(s3, bucket, key, record).then(
      () => {},
      (error: unknown) => log.warn({ error, bucket, key }, 'consumer heartbeat failed'),
    );
    return beating;
  };
  await beat();
  // unref: the heartbeat alone must not keep a process alive that has nothing else to do.
  const timer = setInterval(() => void beating.then(beat), intervalSeconds * 1000).unref();
  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer);
        await beating;
        try {
          await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        } catch (error) {
          log.warn({ error, bucket, key }, 'could not remove the consumer record; it drops out by itself');
        }
      })();
      return stopped;
    },
  };
};

const recordKeys = (s3: S3Client, bucket: string): Promise<string[]> =>
  listObjectKeys(s3, bucket, CONSUMERS_PREFIX);

/** A record's JSON; null for one gone since the listing, or one that is not JSON. */
const readRecord = (s3: S3Client, bucket: string, key: string): Promise<unknown> =>
  readStateObject(s3, bucket, key).catch((error: unknown) => {
    if (error instanceof SyntaxError) return null;
    throw error;
  });

const secondsBetween = (earlier: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(earlier)) / 1000));

/**
 * The consumers that announced themselves and are alive: each heartbeat younger than
 * `staleAfterSeconds` (by default three of its own intervals). A record that cannot be read as one is
 * skipped: it is no evidence of a consumer.
 */
export const listConsumers = async (
  s3: S3Client,
  bucket: string,
  options: { now?: Date; staleAfterSeconds?: number } = {},
): Promise<Consumer[]> => {
  const now = options.now ?? new Date();
  const records = await Promise.all(
    (await recordKeys(s3, bucket)).map(async (key) => {
      const parsed = ConsumerRecordSchema.safeParse(await readRecord(s3, bucket, key));
      return parsed.success ? [{ key, ...parsed.data }] : [];
    }),
  );
  return records
    .flat()
    .map((record) => ({
      ...record,
      ageSeconds: secondsBetween(record.startedAt, now),
      heartbeatAgeSeconds: secondsBetween(record.heartbeatAt, now),
    }))
    .filter(
      (consumer) =>
        consumer.heartbeatAgeSeconds <
        (options.staleAfterSeconds ?? MISSED_HEARTBEATS * consumer.intervalSeconds),
    )
    .sort((a, b) => a.stage.localeCompare(b.stage) || a.startedAt.localeCompare(b.startedAt));
};
