/**
 * New folders and new buckets. S3 has no folders: a folder is a prefix, and an empty one exists
 * only as a zero-byte "folder marker" object named after it (as the AWS console makes them), so
 * that it shows in listings until something is put in it.
 *
 * Both look before they write, because the write alone can't tell: a marker PUT onto an existing
 * marker succeeds, and CreateBucket answers 200 for a bucket the caller already owns on Ceph and
 * in us-east-1 (BucketAlreadyOwnedByYou elsewhere).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import type { RetryPolicy } from '../storage/retry';
import { listObjectsUnder } from '../storage/listing';
import { locationConstraintFor } from './names';
import { errorCode, headObject, httpStatus } from './s3util';

export interface CreateOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
}

export type FolderCreated = { created: true; key: string } | { created: false; key: string; reason: 'exists' };

/** Creates the folder marker `parent + name + "/"`, unless the folder already holds anything. */
export async function createFolder(client: S3Client, bucket: string, parent: string, name: string, opts: CreateOptions = {}): Promise<FolderCreated> {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const key = `${parent}${name}/`;
  for await (const page of listObjectsUnder(client, { bucket, prefix: key, signal: opts.signal, retry: opts.retry, pageSize: 1 })) {
    if (page.length) return { created: false, key, reason: 'exists' };
    break;
  }
  await client.send(
    // If-None-Match: a marker someone made meanwhile is left as it is, where the store honours it.
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(0), ContentLength: 0, IfNoneMatch: '*' }),
    sendOptions({ abortSignal: opts.signal, retry: opts.retry }),
  );
  if (!(await headObject(client, bucket, key, { signal: opts.signal, retry: opts.retry }))) {
    throw new Error(`s3://${bucket}/${key} is not there after it was created.`);
  }
  return { created: true, key };
}

export type BucketCreated = { created: true } | { created: false; reason: 'yours' | 'taken' };

/** Whether a bucket of this name exists: yours (HeadBucket 200), someone else's (403), or none (404). */
export async function bucketExists(client: S3Client, bucket: string, opts: CreateOptions = {}): Promise<'yours' | 'taken' | 'none'> {
  const { HeadBucketCommand } = await import('@aws-sdk/client-s3');
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }), sendOptions({ abortSignal: opts.signal, retry: opts.retry }));
    return 'yours';
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || errorCode(error) === 'NotFound' || errorCode(error) === 'NoSuchBucket') return 'none';
    // A 301 is a bucket in another region, 403 one this account may not see: either way the name is taken.
    if (status === 403 || status === 301) return 'taken';
    throw error;
  }
}

export async function createBucket(client: S3Client, bucket: string, region: string, opts: CreateOptions = {}): Promise<BucketCreated> {
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const before = await bucketExists(client, bucket, opts);
  if (before !== 'none') return { created: false, reason: before };
  const constraint = locationConstraintFor(region);
  try {
    await client.send(
      new CreateBucketCommand({ Bucket: bucket, ...(constraint ? { CreateBucketConfiguration: { LocationConstraint: constraint as never } } : {}) }),
      sendOptions({ abortSignal: opts.signal, retry: opts.retry }),
    );
  } catch (error) {
    // Created meanwhile by someone, or by this very request whose first answer was lost.
    if (errorCode(error) === 'BucketAlreadyOwnedByYou') return { created: false, reason: 'yours' };
    if (errorCode(error) === 'BucketAlreadyExists') return { created: false, reason: 'taken' };
    throw error;
  }
  const after = await bucketExists(client, bucket, opts);
  if (after !== 'yours') throw new Error(`Bucket "${bucket}" was created, but HeadBucket does not find it (${after}).`);
  return { created: true };
}
