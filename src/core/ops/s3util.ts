// What the object operations share: reading errors and ETags, naming a copy source, asking
// whether keys exist, and running work with a bound on requests in flight.
import type { HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { errorFacts } from '../errors/classify';
import { sendOptions } from '../storage/client';
import { existingByListing } from '../storage/listing';
import { encodeKey } from '../storage/s3url';
import { abortError, type RetryPolicy } from '../storage/retry';

// Read through the one classifier's facts, so that a code or status is found the same way everywhere.
export function httpStatus(error: unknown): number | undefined {
  return errorFacts(error).httpStatus;
}

export function errorCode(error: unknown): string {
  return errorFacts(error).code ?? '';
}

export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404 || ['NotFound', 'NoSuchKey'].includes(errorCode(error));
}

/** The store has no such operation (s3rver: UploadPartCopy 501, AbortMultipartUpload 405). */
export function isNotImplemented(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 501 || status === 405 || ['NotImplemented', 'MethodNotAllowed'].includes(errorCode(error));
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error as { name?: unknown } | undefined)?.name === 'AbortError';
}

/** The ETag without quotes (Ceph sends some bare, AWS quoted), in lower case. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

export function isPlainMd5(etag: string | undefined): boolean {
  return /^[0-9a-f]{32}$/.test(bareEtag(etag));
}

/** CopySource as S3 wants it: the bucket, the URL-encoded key, and the exact version where known. */
export function copySourceOf(bucket: string, key: string, versionId?: string): string {
  const source = `${bucket}/${encodeKey(key)}`;
  return versionId && versionId !== 'null' ? `${source}?versionId=${encodeURIComponent(versionId)}` : source;
}

/**
 * A signal that fires `graceMs` after `signal` does: for a request whose effect can't be undone
 * once sent (a delete, a copy, a multipart completion), a Cancel lets it finish for a moment so
 * its answer, not a guess, says what happened. `done()` detaches it.
 */
export function graced(signal: AbortSignal | undefined, graceMs: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    timer = setTimeout(() => controller.abort(abortError(signal)), graceMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    },
  };
}

export interface Send {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
}

/** HeadObject, or undefined when there is no such object. */
export async function headObject(client: S3Client, bucket: string, key: string, send: Send = {}): Promise<HeadObjectCommandOutput | undefined> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), sendOptions({ abortSignal: send.signal, retry: send.retry }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Runs `fn` over `items`, at most `limit` at a time, in order of start; stops starting new ones
 * once the signal fires. Every call's failure is the caller's to catch: `fn` should not throw.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  // One iterator shared by the workers: each item is taken once, in order.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done && !signal?.aborted; next = queue.next()) await fn(next.value[1], next.value[0]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * The keys among `keys` that exist in the bucket. One listing of the folder the keys share when
 * that is cheap (a copy of a whole folder: one or two pages instead of a HeadObject each), a
 * HeadObject per key otherwise (a folder far larger than the batch, or listing not allowed).
 */
export async function existingKeys(client: S3Client, bucket: string, keys: readonly string[], send: Send = {}): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const listed = keys.length > 4 ? await existingByListing(client, bucket, keys, send) : undefined;
  if (listed) return listed;
  const found = new Set<string>();
  await eachLimited(
    keys,
    16,
    async (key) => {
      if (await headObject(client, bucket, key, send)) found.add(key);
    },
    send.signal,
  );
  if (send.signal?.aborted) throw abortError(send.signal);
  return found;
}
