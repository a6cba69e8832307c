// Does what an encoding service will do with a location, using the location's own client, so a
// user learns about a wrong key or a missing permission before the encoding fails an hour in.
// Each step carries the Bitmovin error code the service would answer with.
import type { S3Client } from '@aws-sdk/client-s3';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { classify, errorFacts } from '../errors/classify';
import { sendOptions } from './client';
import type { Location } from './connection';
import type { RetryPolicy } from './retry';

export type AccessStepName = 'head-bucket' | 'list' | 'read' | 'put-probe' | 'read-probe' | 'delete-probe';

export interface AccessError {
  /** S3 error code (AccessDenied, NoSuchBucket, SignatureDoesNotMatch, …) or the SDK error name */
  code: string;
  message: string;
  httpStatus?: number;
}

export interface AccessStep {
  name: AccessStepName;
  status: 'passed' | 'failed' | 'skipped';
  /** what was touched, e.g. the object key read */
  detail?: string;
  error?: AccessError;
  /** the value the SDK threw, kept for decoding (what the store said, its request id, …) */
  cause?: unknown;
  /** the Bitmovin encoding error code a service would report for this failure */
  bitmovinCode?: number;
}

export interface AccessCheckResult {
  ok: boolean;
  role: Location['role'];
  steps: AccessStep[];
}

/** The Bitmovin encoding error codes an encoding answers with for input/output storage problems. */
export const STORAGE_FAILURE_CODES = {
  inputNoObject: 2100,
  inputBucketNotFound: 2101,
  inputAccessDenied: 2103,
  outputBucketNotFound: 2200,
  outputAccessDenied: 2202,
  outputFailure: 2204,
} as const;

export function toAccessError(e: unknown): AccessError {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const out: AccessError = { code: err?.Code ?? err?.name ?? 'Error', message: err?.message || String(e) };
  const status = err?.$metadata?.httpStatusCode;
  if (status !== undefined) out.httpStatus = status;
  return out;
}

/** What an encoding service makes of the refusal: the one classifier, read off the thrown value. */
function kindOf(e: unknown): 'bucket' | 'denied' | 'other' {
  const reason = classify(errorFacts(e));
  if (reason === 'no-such-bucket') return 'bucket';
  if (reason === 'wrong-credentials' || reason === 'access-denied') return 'denied';
  return 'other';
}

/** `retry` replaces the client's retry policy: a person waiting on the check passes INTERACTIVE_RETRY. */
export async function checkAccess(client: S3Client, location: Location, signal?: AbortSignal, retry?: Partial<RetryPolicy>): Promise<AccessCheckResult> {
  const send = { abortSignal: signal, retry };
  const steps = location.role === 'input' ? await checkInput(client, location, send) : await checkOutput(client, location, send);
  return { ok: steps.every((s) => s.status === 'passed'), role: location.role, steps };
}

type Sdk = typeof S3Sdk;
type Send = Parameters<typeof sendOptions>[0];

async function headBucket(sdk: Sdk, client: S3Client, bucket: string, send: Send): Promise<void> {
  try {
    await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }), sendOptions(send));
  } catch (e) {
    const err = toAccessError(e);
    if (err.httpStatus !== 403 && err.httpStatus !== 400) throw e;
    // HEAD responses have no body, so a 403 does not say whether the key, the signature or the
    // policy is wrong. A one-key listing returns the same refusal with its S3 error code.
    await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }), sendOptions(send));
    throw e;
  }
}

function failed(name: AccessStepName, e: unknown, code: (e: unknown, err: AccessError) => number | undefined, detail?: string): AccessStep {
  const error = toAccessError(e);
  // The thrown value itself, so the report decodes what the store said, not a summary of it.
  const step: AccessStep = { name, status: 'failed', error, cause: e };
  const bitmovinCode = code(e, error);
  if (bitmovinCode !== undefined) step.bitmovinCode = bitmovinCode;
  if (detail) step.detail = detail;
  return step;
}

/** The first step of both checks: the bucket exists and this client may use it. */
async function headBucketStep(
  sdk: Sdk,
  client: S3Client,
  bucket: string,
  send: Send,
  code: (e: unknown, err: AccessError) => number | undefined,
): Promise<AccessStep> {
  try {
    await headBucket(sdk, client, bucket, send);
    return { name: 'head-bucket', status: 'passed', detail: bucket };
  } catch (e) {
    return failed('head-bucket', e, code, bucket);
  }
}

function fillSkipped(steps: AccessStep[], all: AccessStepName[]): AccessStep[] {
  for (const name of all.slice(steps.length)) steps.push({ name, status: 'skipped' });
  return steps;
}

function inputCode(e: unknown, err: AccessError): number | undefined {
  const c = kindOf(e);
  if (c === 'bucket') return STORAGE_FAILURE_CODES.inputBucketNotFound;
  if (c === 'denied') return STORAGE_FAILURE_CODES.inputAccessDenied;
  if (err.code === 'NoSuchKey') return STORAGE_FAILURE_CODES.inputNoObject;
  return undefined;
}

async function checkInput(client: S3Client, loc: Location, send: Send): Promise<AccessStep[]> {
  const all: AccessStepName[] = ['head-bucket', 'list', 'read'];
  const steps: AccessStep[] = [];
  const sdk = await import('@aws-sdk/client-s3');
  const prefix = loc.prefix ?? '';
  steps.push(await headBucketStep(sdk, client, loc.bucket, send, inputCode));
  if (steps[0]?.status === 'failed') return fillSkipped(steps, all);
  let target: { key: string; size: number } | undefined;
  try {
    const out = await client.send(new sdk.ListObjectsV2Command({ Bucket: loc.bucket, Prefix: prefix, MaxKeys: 1000 }), sendOptions(send));
    const objects = (out.Contents ?? []).filter((o) => o.Key && !o.Key.endsWith('/'));
    // A non-empty object can be read with a 1-byte range, exactly like a service probing a file.
    const pick = objects.find((o) => (o.Size ?? 0) > 0) ?? objects[0];
    if (!pick?.Key) {
      steps.push({
        name: 'list',
        status: 'failed',
        detail: `s3://${loc.bucket}/${prefix}`,
        error: { code: 'NoObject', message: `no object under s3://${loc.bucket}/${prefix}` },
        bitmovinCode: STORAGE_FAILURE_CODES.inputNoObject,
      });
      return fillSkipped(steps, all);
    }
    target = { key: pick.Key, size: pick.Size ?? 0 };
    steps.push({ name: 'list', status: 'passed', detail: `s3://${loc.bucket}/${prefix}` });
  } catch (e) {
    steps.push(failed('list', e, inputCode, `s3://${loc.bucket}/${prefix}`));
    return fillSkipped(steps, all);
  }
  try {
    const out = await client.send(
      new sdk.GetObjectCommand({ Bucket: loc.bucket, Key: target.key, Range: target.size > 0 ? 'bytes=0-0' : undefined }),
      sendOptions(send),
    );
    await out.Body?.transformToByteArray();
    steps.push({ name: 'read', status: 'passed', detail: target.key });
  } catch (e) {
    steps.push(failed('read', e, inputCode, target.key));
  }
  return steps;
}

function outputCode(e: unknown): number {
  const c = kindOf(e);
  if (c === 'bucket') return STORAGE_FAILURE_CODES.outputBucketNotFound;
  if (c === 'denied') return STORAGE_FAILURE_CODES.outputAccessDenied;
  return STORAGE_FAILURE_CODES.outputFailure;
}

export function probeKey(prefix: string | undefined): string {
  const p = prefix ?? '';
  const sep = p === '' || p.endsWith('/') ? '' : '/';
  return `${p}${sep}.media-storage-workbench-probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.txt`;
}

async function checkOutput(client: S3Client, loc: Location, send: Send): Promise<AccessStep[]> {
  const all: AccessStepName[] = ['head-bucket', 'put-probe', 'read-probe', 'delete-probe'];
  const steps: AccessStep[] = [];
  const sdk = await import('@aws-sdk/client-s3');
  steps.push(await headBucketStep(sdk, client, loc.bucket, send, outputCode));
  if (steps[0]?.status === 'failed') return fillSkipped(steps, all);
  const key = probeKey(loc.prefix);
  const body = `media-storage-workbench access probe ${new Date().toISOString()}\n`;
  try {
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: loc.bucket,
        Key: key,
        Body: body,
        ContentType: loc.contentType ?? 'text/plain',
        ACL: loc.acl,
        StorageClass: loc.storageClass as never,
        CacheControl: loc.cacheControl,
        ContentDisposition: loc.contentDisposition,
        Metadata: loc.metadata,
      }),
      sendOptions(send),
    );
    steps.push({ name: 'put-probe', status: 'passed', detail: key });
  } catch (e) {
    steps.push(failed('put-probe', e, outputCode, key));
    return fillSkipped(steps, all);
  }
  try {
    const out = await client.send(new sdk.GetObjectCommand({ Bucket: loc.bucket, Key: key }), sendOptions(send));
    const read = (await out.Body?.transformToString()) ?? '';
    if (read !== body) {
      steps.push({
        name: 'read-probe',
        status: 'failed',
        detail: key,
        error: { code: 'ContentMismatch', message: `read back ${read.length} characters that differ from the ${body.length} written` },
        bitmovinCode: STORAGE_FAILURE_CODES.outputFailure,
      });
    } else {
      steps.push({ name: 'read-probe', status: 'passed', detail: key });
    }
  } catch (e) {
    steps.push(failed('read-probe', e, outputCode, key));
  }
  // Deletion runs whatever happened to the read and without the abort signal: a cancelled
  // check must still not leave the probe behind.
  try {
    await client.send(new sdk.DeleteObjectCommand({ Bucket: loc.bucket, Key: key }), sendOptions({ retry: send.retry }));
    steps.push({ name: 'delete-probe', status: 'passed', detail: key });
  } catch (e) {
    steps.push(failed('delete-probe', e, outputCode, key));
  }
  return steps;
}
