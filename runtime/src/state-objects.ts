import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { putJsonObject } from './staged-objects.ts';

/** A small JSON state object (a cursor, a page's hash); null when it was never written. */
export const readStateObject = async <T>(s3: S3Client, bucket: string, key: string): Promise<T | null> => {
  try {
    const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await result.Body?.transformToString('utf-8')) ?? 'null') as T;
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
};

export const writeStateObject = (
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<string> => putJsonObject(s3, bucket, key, value);
