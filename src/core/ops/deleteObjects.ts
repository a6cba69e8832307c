/**
 * Deleting objects and whole prefixes: a plan (every key listed, counted and sized, and whether
 * the bucket keeps versions) that the user confirms, then DeleteObjects in batches of up to 1,000
 * keys.
 *
 * The result is what the store holds afterwards, key by key. A batch whose answer never arrived
 * (cancelled in flight, the network failed after the retries) may have been carried out anyway,
 * so its keys are looked up again before anything is said about them; a key that can't be looked
 * up is reported as unknown rather than guessed. A Cancel lets the batch in flight finish for a
 * moment (its answer is the cheapest exact report) and then cuts it off.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import { listObjectsUnder } from '../storage/listing';
import { abortError, type RetryPolicy } from '../storage/retry';
import { errorCode, eachLimited, graced, headObject, httpStatus } from './s3util';

/** S3's limit of keys per DeleteObjects request. */
export const DELETE_BATCH_MAX = 1000;

export type Versioning = 'enabled' | 'suspended' | 'off' | 'unknown';

export interface SizedKey {
  key: string;
  size: number;
}

export interface DeleteTarget {
  /** Objects chosen one by one; a size the caller does not know is asked with HeadObject. */
  objects: { key: string; size?: number | undefined }[];
  /** Folders: every object under each is deleted, the folder marker included. */
  prefixes: string[];
}

export interface DeletePlan {
  bucket: string;
  /** Every key to delete, once each, in the order they are deleted. */
  objects: SizedKey[];
  totalBytes: number;
  /**
   * Enabled or suspended: a delete writes a delete marker and the data stays as an older version
   * (with suspended versioning, an object's "null" version is replaced by the marker).
   */
  versioning: Versioning;
}

export interface PlanOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Objects found so far, while prefixes are listed. */
  onListed?: ((count: number) => void) | undefined;
}

/** Whether the bucket keeps versions; 'unknown' where the store won't say (permissions). */
export async function bucketVersioning(client: S3Client, bucket: string, opts: PlanOptions = {}): Promise<Versioning> {
  const { GetBucketVersioningCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }), sendOptions({ abortSignal: opts.signal, retry: opts.retry }));
    return out.Status === 'Enabled' ? 'enabled' : out.Status === 'Suspended' ? 'suspended' : 'off';
  } catch {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    return 'unknown';
  }
}

export async function planDelete(client: S3Client, bucket: string, target: DeleteTarget, opts: PlanOptions = {}): Promise<DeletePlan> {
  const byKey = new Map<string, SizedKey>();
  const send = { signal: opts.signal, retry: opts.retry };
  for (const o of target.objects) {
    if (byKey.has(o.key)) continue;
    if (o.size !== undefined) {
      byKey.set(o.key, { key: o.key, size: o.size });
    } else {
      const head = await headObject(client, bucket, o.key, send);
      // Gone already: there is nothing to delete, and nothing to count.
      if (head) byKey.set(o.key, { key: o.key, size: head.ContentLength ?? 0 });
    }
    opts.onListed?.(byKey.size);
  }
  // A folder inside another chosen folder is listed with it.
  const prefixes = [...new Set(target.prefixes)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));
  for (const prefix of prefixes) {
    for await (const page of listObjectsUnder(client, { bucket, prefix, ...send })) {
      for (const o of page) if (!byKey.has(o.key)) byKey.set(o.key, { key: o.key, size: o.size });
      opts.onListed?.(byKey.size);
    }
  }
  const versioning = await bucketVersioning(client, bucket, opts);
  const objects = [...byKey.values()];
  return { bucket, objects, totalBytes: objects.reduce((sum, o) => sum + o.size, 0), versioning };
}

export interface DeleteFailure extends SizedKey {
  /** The store's error code for this key (AccessDenied, …) or the request's error. */
  code: string;
  message: string;
  error?: unknown;
}

export interface DeleteResult {
  bucket: string;
  /** No longer in the bucket (as the store answered, or as looked up after a lost answer). */
  deleted: SizedKey[];
  /** Still there: the store refused them, or their request failed. */
  failed: DeleteFailure[];
  /** Still there because the delete was cancelled before they were sent or while they were. */
  notDeleted: SizedKey[];
  /** Sent in a request whose answer was lost, and could not be looked up afterwards. */
  unknown: SizedKey[];
  wasCancelled: boolean;
}

export interface DeleteOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Keys per DeleteObjects request, 1–1000 (S3's limit). */
  batchSize?: number | undefined;
  /** How long a batch in flight may still finish after a Cancel. */
  cancelGraceMs?: number | undefined;
  /** How long looking keys up after a lost answer may take. */
  lookupTimeoutMs?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export async function deleteObjects(client: S3Client, bucket: string, objects: readonly SizedKey[], opts: DeleteOptions = {}): Promise<DeleteResult> {
  const { DeleteObjectsCommand } = await import('@aws-sdk/client-s3');
  const batchSize = Math.min(DELETE_BATCH_MAX, Math.max(1, Math.floor(opts.batchSize ?? DELETE_BATCH_MAX)));
  const result: DeleteResult = { bucket, deleted: [], failed: [], notDeleted: [], unknown: [], wasCancelled: false };
  const signal = opts.signal;
  let done = 0;
  for (let start = 0; start < objects.length; start += batchSize) {
    if (signal?.aborted) {
      result.notDeleted.push(...objects.slice(start));
      break;
    }
    const batch = objects.slice(start, start + batchSize);
    const request = graced(signal, opts.cancelGraceMs ?? 3_000);
    let answered: { deleted: Set<string>; errors: Map<string, { code: string; message: string }> } | undefined;
    let requestError: unknown;
    try {
      const out = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((o) => ({ Key: o.key })), Quiet: false } }),
        sendOptions({ abortSignal: request.signal, retry: opts.retry }),
      );
      answered = {
        deleted: new Set((out.Deleted ?? []).map((d) => d.Key ?? '')),
        errors: new Map((out.Errors ?? []).map((e) => [e.Key ?? '', { code: e.Code ?? 'Error', message: e.Message ?? '' }])),
      };
    } catch (error) {
      requestError = error;
    } finally {
      request.done();
    }
    const unanswered: SizedKey[] = [];
    for (const o of batch) {
      const refused = answered?.errors.get(o.key);
      if (refused) result.failed.push({ ...o, ...refused });
      else if (answered?.deleted.has(o.key)) result.deleted.push(o);
      else unanswered.push(o);
    }
    if (unanswered.length) await lookUp(client, bucket, unanswered, requestError, signal?.aborted === true, opts.lookupTimeoutMs ?? 15_000, result);
    done += batch.length;
    opts.onProgress?.(done, objects.length);
  }
  result.wasCancelled = signal?.aborted === true;
  return result;
}

/**
 * Keys whose fate the store did not tell: each is looked up (with its own time limit, since the
 * caller's signal may have fired) and reported as deleted when gone, as not deleted (cancelled)
 * or failed when still there, and as unknown when the lookup fails too.
 */
async function lookUp(
  client: S3Client,
  bucket: string,
  keys: SizedKey[],
  requestError: unknown,
  cancelled: boolean,
  timeoutMs: number,
  result: DeleteResult,
): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  const retry = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 };
  const state = new Map<string, 'gone' | 'there' | 'unknown'>();
  await eachLimited(keys, 16, async (o) => {
    try {
      state.set(o.key, (await headObject(client, bucket, o.key, { signal, retry })) ? 'there' : 'gone');
    } catch {
      state.set(o.key, 'unknown');
    }
  });
  for (const o of keys) {
    const s = state.get(o.key) ?? 'unknown';
    if (s === 'gone') result.deleted.push(o);
    else if (s === 'unknown') result.unknown.push(o);
    else if (cancelled) result.notDeleted.push(o);
    else {
      const e = requestError as { name?: string; message?: string } | undefined;
      const code = requestError === undefined ? 'NotDeleted' : errorCode(requestError) || (httpStatus(requestError)?.toString() ?? 'Error');
      const message = requestError === undefined ? 'The store answered without naming this key, and it is still there.' : (e?.message ?? 'The request failed.');
      result.failed.push({ ...o, code, message, error: requestError });
    }
  }
}
