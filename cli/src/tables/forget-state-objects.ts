import type { S3Client } from '@aws-sdk/client-s3';
import { deleteObjectKeys, listObjectKeys } from '@sluice/runtime';

/**
 * Deletes the copies of a pipeline's bookkeeping the loader publishes for the extractor, for these
 * resources: `state/<pipeline>/<resource>/cursor.json` and `pages.json` (and whatever else a later
 * version keeps there). Without them the extractor asks for everything and skips nothing. Returns the
 * keys deleted.
 */
export const forgetStateObjects = async (
  s3: S3Client,
  bucket: string,
  pipeline: string,
  resources: readonly string[],
): Promise<string[]> => {
  const prefix = `state/${pipeline}/`;
  const keys = (await listObjectKeys(s3, bucket, prefix)).filter((key) =>
    resources.includes(key.slice(prefix.length).split('/')[0] ?? ''),
  );
  await deleteObjectKeys(s3, bucket, keys);
  return keys;
};
