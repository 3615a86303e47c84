import { PlatformEnvSchema, readEnv } from '@sluice/runtime';
import * as z from 'zod';

export const ExtractorEnvSchema = PlatformEnvSchema.extend({
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Retries of one request inside one attempt at a message, before the message itself is retried. */
  HTTP_RETRIES: z.coerce.number().int().nonnegative().default(4),
  /** Pages fetched at once by one poller process (messages per receive, at most 10). */
  EXTRACT_BATCH_SIZE: z.coerce.number().int().min(1).max(10).default(10),
  EXTRACT_CONSUMERS: z.coerce.number().int().min(1).max(16).default(1),
});
export type ExtractorEnv = z.infer<typeof ExtractorEnvSchema>;

export const readExtractorEnv = (source?: Record<string, string | undefined>): ExtractorEnv =>
  readEnv(ExtractorEnvSchema, source);
