import { PlatformEnvSchema, readEnv } from '@sluice/runtime';
import { DatabaseUrlSchema, DEFAULT_DATABASE_URL } from '@sluice/warehouse';
import * as z from 'zod';

export const LoaderEnvSchema = PlatformEnvSchema.extend({
  DATABASE_URL: DatabaseUrlSchema.default(DEFAULT_DATABASE_URL),
  /** In AWS: the RDS secret holding the credentials; DATABASE_URL is then not used. */
  DATABASE_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** The database on the server named by the secret. */
  DATABASE_NAME: z.string().default('sluice'),
  /** Pages loaded at once; each holds one pooled connection for its transaction. */
  LOAD_BATCH_SIZE: z.coerce.number().int().min(1).max(10).default(10),
  // Two: while one batch waits on S3 and its commit, the other writes (the load stage's throughput went
  // from 127 to 173 pages/s in the bench; see BENCHMARKS.md).
  LOAD_CONSUMERS: z.coerce.number().int().min(1).max(8).default(2),
});
export type LoaderEnv = z.infer<typeof LoaderEnvSchema>;

export const readLoaderEnv = (source?: Record<string, string | undefined>): LoaderEnv =>
  readEnv(LoaderEnvSchema, source);
