import { PlatformEnvSchema, readEnv } from '@sluice/runtime';
import * as z from 'zod';

export const TransformerEnvSchema = PlatformEnvSchema.extend({
  TRANSFORM_BATCH_SIZE: z.coerce.number().int().min(1).max(10).default(10),
  TRANSFORM_CONSUMERS: z.coerce.number().int().min(1).max(16).default(1),
});
export type TransformerEnv = z.infer<typeof TransformerEnvSchema>;

export const readTransformerEnv = (source?: Record<string, string | undefined>): TransformerEnv =>
  readEnv(TransformerEnvSchema, source);
