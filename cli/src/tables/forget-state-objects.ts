import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

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
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) {
      const resource = Key?.slice(prefix.length).split('/')[0];
      if (Key && resource && resources.includes(resource)) keys.push(Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // DeleteObjects takes at most 1,000 keys a request.
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  return keys;
};
