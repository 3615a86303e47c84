import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** A staged object's text. */
export const objectText = async (platform: { s3: S3Client; bucket: string }, key: string) => {
  const object = await platform.s3.send(new GetObjectCommand({ Bucket: platform.bucket, Key: key }));
  return (await object.Body?.transformToString()) ?? '';
};

/** The keys of a run's snapshot of a table (its pages, changes and manifest), and the manifest read. */
export const snapshotOf = async (
  platform: { s3: S3Client; bucket: string },
  at: { pipeline: string; table: string; runId: string },
) => {
  const listed = await platform.s3.send(
    new ListObjectsV2Command({ Bucket: platform.bucket, Prefix: `snapshots/${at.pipeline}/${at.table}/` }),
  );
  const keys = (listed.Contents ?? [])
    .map(({ Key }) => Key ?? '')
    .filter((key) => key.includes(`/${at.runId}/`));
  const manifestKey = keys.find((key) => key.endsWith('/manifest.json'));
  if (!manifestKey) throw new Error(`no manifest for ${at.table} in run ${at.runId}: ${keys.join(', ')}`);
  const manifest = JSON.parse(await objectText(platform, manifestKey)) as Record<string, unknown>;
  return { keys, manifestKey, manifest };
};
