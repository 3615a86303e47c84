import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StagedObjectMissingError } from './errors.ts';

export interface StagedObject {
  body: string;
  /** Changes whenever the bytes change: with the key, it identifies what was loaded. */
  etag: string;
}

/** Writes `body` under `key`; returns the ETag S3 gave it. */
export const putStagedObject = async (
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType = 'application/json; charset=utf-8',
): Promise<string> => {
  const result = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
  );
  return result.ETag ?? '';
};

export const putJsonObject = (s3: S3Client, bucket: string, key: string, value: unknown): Promise<string> =>
  putStagedObject(s3, bucket, key, JSON.stringify(value));

/** Reads a staged object as text; a missing key is a StagedObjectMissingError, which is never retried. */
export const getStagedObject = async (s3: S3Client, bucket: string, key: string): Promise<StagedObject> => {
  try {
    const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: (await result.Body?.transformToString('utf-8')) ?? '', etag: result.ETag ?? '' };
  } catch (error) {
    if (error instanceof NoSuchKey) throw new StagedObjectMissingError(bucket, key, error);
    throw error;
  }
};
