/**
 * Copy, move and rename of objects and whole prefixes, within a bucket, across buckets of one
 * connection, and across connections.
 *
 * A plan first: every source key listed with its size and ETag, mapped to its destination key,
 * and the destination keys that already hold an object (the caller asks the user about those,
 * as uploads do; nothing is replaced without that answer). Then each object is copied (see
 * copyObject.ts) and checked. A move deletes a source only after its copy was verified and the
 * source is still the version that was copied; otherwise the source stays and the outcome says
 * why. Every key ends as exactly one outcome.
 */
import { sendOptions } from '../storage/client';
import { listObjectsUnder } from '../storage/listing';
import type { RetryPolicy } from '../storage/retry';
import { ProgressTracker, type TransferProgress } from '../transfer/progress';
import { Slots } from '../transfer/slots';
import type { AbortOutcome } from '../transfer/multipart';
import {
  COPY_DEFAULTS,
  copyMayStillLand,
  copyObjectTo,
  incompleteUploadOf,
  stillSame,
  verifyCopy,
  type CopyMethod,
  type Endpoint,
  type SourceVersion,
  type Verified,
} from './copyObject';
import type { CopySource } from './names';
import { bareEtag, eachLimited, existingKeys, headObject, isAbort } from './s3util';

export type { Endpoint, SourceVersion };

export interface CopyEntry {
  source: CopySource;
  /** Where it lands: the destination key of an object, the destination prefix (ending in "/") of a folder. */
  destRoot: string;
}

export interface CopyPlanItem {
  source: SourceVersion;
  destKey: string;
}

export interface CopyPlan {
  items: CopyPlanItem[];
  totalBytes: number;
  /** Destination keys that hold an object now. */
  existing: string[];
  /** Objects chosen one by one that are no longer there. */
  missing: string[];
}

export interface CopyPlanOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  onListed?: ((count: number) => void) | undefined;
}

export async function planCopy(src: Endpoint, dst: Endpoint, entries: readonly CopyEntry[], opts: CopyPlanOptions = {}): Promise<CopyPlan> {
  const send = { signal: opts.signal, retry: opts.retry };
  const items: CopyPlanItem[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (item: CopyPlanItem): void => {
    if (seen.has(item.source.key)) return;
    seen.add(item.source.key);
    items.push(item);
    opts.onListed?.(items.length);
  };
  for (const entry of entries) {
    if (entry.source.kind === 'object') {
      const head = await headObject(src.client, src.bucket, entry.source.key, send);
      if (!head) {
        missing.push(entry.source.key);
        continue;
      }
      add({
        source: {
          key: entry.source.key,
          size: head.ContentLength ?? 0,
          etag: bareEtag(head.ETag),
          versionId: head.VersionId,
          storageClass: head.StorageClass,
        },
        destKey: entry.destRoot,
      });
    } else {
      const prefix = entry.source.prefix;
      for await (const page of listObjectsUnder(src.client, { bucket: src.bucket, prefix, ...send })) {
        for (const o of page) {
          add({
            source: { key: o.key, size: o.size, etag: bareEtag(o.etag), storageClass: o.storageClass },
            destKey: entry.destRoot + o.key.slice(prefix.length),
          });
        }
      }
    }
  }
  const existing = await existingKeys(
    dst.client,
    dst.bucket,
    items.map((i) => i.destKey),
    send,
  );
  return { items, totalBytes: items.reduce((sum, i) => sum + i.source.size, 0), existing: items.map((i) => i.destKey).filter((k) => existing.has(k)), missing };
}

export type CopyStatus = 'done' | 'skipped' | 'failed' | 'cancelled' | 'not-started';

/**
 * - copy: where it failed, or nothing was written;
 * - verify: something was written to the destination but it is not (or can't be shown to be) the source's bytes;
 * - source-changed: the source changed while it was copied (a move then keeps it);
 * - delete-source: copied and verified, but the source could not be deleted (both exist).
 */
export type CopyStage = 'copy' | 'verify' | 'source-changed' | 'delete-source';

export interface CopyOutcome {
  sourceKey: string;
  destKey: string;
  size: number;
  status: CopyStatus;
  /** The destination holds a verified copy (a done copy or move, a move whose source stayed). */
  copied: boolean;
  /** A move deleted the source. */
  sourceDeleted: boolean;
  method?: CopyMethod | undefined;
  verifiedBy?: Extract<Verified, { ok: true }>['by'] | undefined;
  /** Why a part copy went through this machine. */
  fallback?: string | undefined;
  stage?: CopyStage | undefined;
  error?: unknown;
  /** Cancelled while the store was still making the copy: it may yet appear at the destination. */
  mayStillLand?: boolean | undefined;
  /** An upload of a failed copy that could not be removed (its parts are billed). */
  incompleteUpload?: { uploadId: string; outcome: AbortOutcome } | undefined;
}

export interface CopyResult {
  mode: 'copy' | 'move';
  outcomes: CopyOutcome[];
  wasCancelled: boolean;
}

export interface CopyOptions {
  mode: 'copy' | 'move';
  /** Both ends on one connection, so the store copies by itself. */
  sameStore: boolean;
  /** What to do with the plan's existing destination keys: replace them or leave them. */
  existing: 'overwrite' | 'skip';
  multipartThreshold?: number | undefined;
  partSize?: number | undefined;
  streamPartSize?: number | undefined;
  partConcurrency?: number | undefined;
  /** Objects in flight at once. */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  retry?: RetryPolicy | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

function newOutcome(item: CopyPlanItem): CopyOutcome {
  return { sourceKey: item.source.key, destKey: item.destKey, size: item.source.size, status: 'not-started', copied: false, sourceDeleted: false };
}

export async function copyObjects(src: Endpoint, dst: Endpoint, plan: CopyPlan, opts: CopyOptions): Promise<CopyResult> {
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const signal = opts.signal;
  const existing = new Set(plan.existing);
  const work = plan.items.map((item) => ({
    item,
    out: newOutcome(item),
  }));
  const todo = work.filter(({ item, out }) => {
    if (!existing.has(item.destKey) || opts.existing !== 'skip') return true;
    out.status = 'skipped';
    return false;
  });
  const tracker = new ProgressTracker(
    todo.length,
    todo.reduce((sum, w) => sum + w.item.source.size, 0),
    opts.onProgress,
  );
  const streamPartSize = opts.streamPartSize ?? COPY_DEFAULTS.streamPartSize;
  const partConcurrency = opts.partConcurrency ?? COPY_DEFAULTS.partConcurrency;
  // Streamed parts are held in memory while sent: a bound for the whole batch.
  const buffers = new Slots(partConcurrency);
  await eachLimited(
    todo,
    opts.concurrency ?? 8,
    async ({ item, out }) => {
      let counted = 0;
      try {
        const written = await copyObjectTo(src, item.source, dst, item.destKey, {
          sameStore: opts.sameStore,
          multipartThreshold: opts.multipartThreshold ?? COPY_DEFAULTS.multipartThreshold,
          partSize: opts.partSize ?? COPY_DEFAULTS.partSize,
          streamPartSize,
          partConcurrency,
          buffers,
          signal,
          retry: opts.retry,
          ifNoneMatch: !existing.has(item.destKey),
          onBytes: (b) => {
            counted += b;
            tracker.addBytes(b);
          },
        });
        out.method = written.method;
        out.fallback = written.fallback;
        // The verification and the source's deletion are not cut off by a Cancel: the copy was
        // made, and what is said about it must be true.
        const settle = AbortSignal.timeout(60_000);
        const verified = await verifyCopy(dst, item.destKey, item.source, written, settle);
        if (!verified.ok) {
          out.status = 'failed';
          out.stage = 'verify';
          out.error = new Error(verified.reason);
          return;
        }
        out.copied = true;
        out.verifiedBy = verified.by;
        if (opts.mode === 'move') {
          if (signal?.aborted) {
            out.status = 'cancelled';
            return;
          }
          if (!(await stillSame(src, item.source, settle))) {
            out.status = 'failed';
            out.stage = 'source-changed';
            out.error = new Error(`s3://${src.bucket}/${item.source.key} changed after it was copied, so it was not deleted.`);
            return;
          }
          try {
            await src.client.send(new DeleteObjectCommand({ Bucket: src.bucket, Key: item.source.key }), sendOptions({ abortSignal: settle }));
            out.sourceDeleted = true;
          } catch (error) {
            out.status = 'failed';
            out.stage = 'delete-source';
            out.error = error;
            return;
          }
        }
        out.status = 'done';
      } catch (error) {
        out.error = error;
        const incomplete = incompleteUploadOf(error);
        if (incomplete && incomplete.outcome !== 'clean') out.incompleteUpload = incomplete;
        if (copyMayStillLand(error)) out.mayStillLand = true;
        if (isAbort(error, signal)) {
          out.status = 'cancelled';
        } else {
          out.status = 'failed';
          out.stage = (error as { name?: string }).name === 'SourceChangedError' ? 'source-changed' : 'copy';
        }
      } finally {
        if (out.copied) tracker.fileFinished();
        else tracker.dropFile(item.source.size, counted);
      }
    },
    signal,
  );
  return { mode: opts.mode, outcomes: work.map((w) => w.out), wasCancelled: signal?.aborted === true };
}
