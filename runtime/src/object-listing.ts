import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Every page of a listing: S3 answers at most 1,000 keys a request. */
const listPages = async (s3: S3Client, bucket: string, prefix: string, delimiter?: string) => {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
        ...(delimiter ? { Delimiter: delimiter } : {}),
      }),
    );
    pages.push(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return pages;
};

/** The keys under a prefix, every page of the listing. */
export const listObjectKeys = async (s3: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  (await listPages(s3, bucket, prefix)).flatMap((page) =>
    (page.Contents ?? []).flatMap(({ Key }) => (Key ? [Key] : [])),
  );

/** The names of the folders right under a prefix (`…/2026-12-03/` gives `2026-12-03`). */
export const listFolderNames = async (s3: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  (await listPages(s3, bucket, prefix, '/')).flatMap((page) =>
    (page.CommonPrefixes ?? []).flatMap(({ Prefix }) => (Prefix ? [Prefix.slice(prefix.length, -1)] : [])),
  );

/** Deletes these keys, 1,000 a request (what DeleteObjects takes). */
export const deleteObjectKeys = async (s3: S3Client, bucket: string, keys: readonly string[]) => {
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
};
