import { createHash } from 'node:crypto';
import type { CanonicalValue } from './canonical-value.ts';

/**
 * SHA-256 of the canonical values as a JSON array: null stays distinct from the text 'null', and no
 * separator inside a value can make two rows collide. Hex, so it reads in a SQL client.
 */
export const rowHash = (values: readonly CanonicalValue[]): string =>
  createHash('sha256').update(JSON.stringify(values)).digest('hex');
