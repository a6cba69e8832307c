/**
 * Batch upload of local files and folders to a bucket and prefix, with progress, cancel,
 * overwrite policy, per-file results and a retry of the failures.
 *
 * Existing objects: for 'skip' and 'ask' every key is checked with HeadObject before anything
 * is written, because the callback must see the whole list once; the writes of keys found
 * absent then carry `If-None-Match: *` so an object created meanwhile is not clobbered. That
 * header is a guard, not the detector, because support varies: Ceph 16 RGW honours it on
 * PutObject (412 PreconditionFailed), s3rver 3.7 ignores it (the PUT replaces the object), and
 * both ignore it on CompleteMultipartUpload. A store that ignored it would silently overwrite
 * if it were the only check. Measured in test/unit/transfer/overwrite.test.ts.
 */
import type { ObjectCannedACL, S3Client, StorageClass } from '@aws-sdk/client-s3';
import { planUpload, type PlannedFile } from './plan';
import { ProgressTracker, type TransferProgress } from './progress';
import { uploadOneFile, type SendOutcome } from './uploadFile';
import type { EtagCheck } from './etag';
import type { LeftoverCheck } from './leftovers';
import { abortLeftoverUploads } from './leftovers';
import { Slots } from './slots';

export interface UploadTarget {
  bucket: string;
  /** Folder-like prefix; "" or undefined is the bucket root. */
  prefix?: string;
  acl?: ObjectCannedACL;
  storageClass?: StorageClass;
  cacheControl?: string;
  contentDisposition?: string;
  metadata?: Record<string, string>;
}

export type OverwritePolicy = 'overwrite' | 'skip' | 'ask';
export type ExistingDecision = 'overwrite' | 'skip' | 'cancel';

export interface UploadOptions {
  overwrite: OverwritePolicy;
  /** Called at most once per batch, with every key that already exists, when overwrite is 'ask'. */
  onExisting?: (existingKeys: string[]) => ExistingDecision | Promise<ExistingDecision>;
  /**
   * Files up to this size go in one PutObject, larger ones by multipart. Default 256 MiB: a
   * streamed single PUT beat multipart at every size measured (64 MiB–1 GiB, Ceph RGW and
   * s3rver); the bound keeps one failed request from costing more than that to resend.
   */
  multipartThresholdBytes?: number;
  /** Multipart part size, at least 5 MiB. Default 16 MiB. */
  partSizeBytes?: number;
  /** Parts of one file in flight at once. Default 8. */
  queueSize?: number;
  /** Files in flight at once. Default 16 (small files are bound by round trips, not bandwidth). */
  concurrency?: number;
  /**
   * Check size and (where comparable) ETag after each upload: a single PUT by its response's
   * ETag, HeadObject when that can't be compared and after multipart. Default true.
   */
  verify?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}

export type FileStatus = 'uploaded' | 'skipped' | 'failed' | 'cancelled' | 'not-started';
export type FailureStage = 'plan' | 'check' | 'upload' | 'verify';

export interface FileOutcome {
  localPath: string;
  key: string;
  size: number;
  contentType: string;
  status: FileStatus;
  multipart?: boolean;
  etag?: string;
  etagCheck?: EtagCheck;
  skipReason?: 'exists';
  /** The raw error, for the error decoder; set for 'failed' (and 'cancelled': the AbortError). */
  error?: unknown;
  stage?: FailureStage;
  /** For a multipart upload that did not complete: whether its parts were removed from the store. */
  leftovers?: LeftoverCheck;
  startedAt?: Date;
}

export interface UploadResult {
  target: UploadTarget;
  files: FileOutcome[];
  uploaded: FileOutcome[];
  skipped: FileOutcome[];
  failed: FileOutcome[];
  cancelled: FileOutcome[];
  notStarted: FileOutcome[];
  /** The signal fired or the 'ask' callback chose cancel. */
  wasCancelled: boolean;
  /** Set when the batch stopped starting files because the endpoint became unreachable. */
  stoppedBy?: unknown;
  elapsedMs: number;
}

const MiB = 1024 * 1024;

/** From the benchmark sweeps (bench/README-section.md); the VS Code settings' defaults match. */
export const UPLOAD_DEFAULTS = {
  multipartThresholdBytes: 256 * MiB,
  partSizeBytes: 16 * MiB,
  queueSize: 8,
  concurrency: 16,
  /** Multipart files at once, whatever `concurrency` is: bounds buffered parts to 256 MiB. */
  multipartFilesAtOnce: 2,
} as const;

export async function uploadBatch(
  client: S3Client,
  sources: readonly string[],
  target: UploadTarget,
  options: UploadOptions,
): Promise<UploadResult> {
  const plan = await planUpload(sources, target.prefix);
  const outcomes: FileOutcome[] = plan.problems.map((p) => ({
    localPath: p.localPath,
    key: p.key ?? '',
    size: 0,
    contentType: '',
    status: 'failed',
    stage: 'plan',
    error: p.error,
  }));
  return runBatch(client, plan.files, outcomes, target, options);
}

export interface RetryOptions extends UploadOptions {
  /** Also re-run files that were cancelled in flight or never started. Default: failed only. */
  include?: Array<'cancelled' | 'not-started'>;
}

/** Re-runs only the files that failed (planning failures excepted: their source is not there). */
export async function retryFailed(client: S3Client, previous: UploadResult, options: RetryOptions): Promise<UploadResult> {
  const statuses = new Set<FileStatus>(['failed', ...(options.include ?? [])]);
  const again = previous.files.filter((f) => statuses.has(f.status) && f.stage !== 'plan');
  // Parts the first attempt could not abort (store unreachable then) are removed before retrying.
  for (const file of again) {
    if (file.leftovers?.status === 'failed' && file.startedAt) {
      await abortLeftoverUploads(client, previous.target.bucket, file.key, file.startedAt);
    }
  }
  const files: PlannedFile[] = again.map(({ localPath, key, size, contentType }) => ({ localPath, key, size, contentType }));
  return runBatch(client, files, [], previous.target, options);
}

function pending(file: PlannedFile, status: FileStatus = 'not-started'): FileOutcome {
  return { ...file, status };
}

async function runBatch(
  client: S3Client,
  files: PlannedFile[],
  outcomes: FileOutcome[],
  target: UploadTarget,
  options: UploadOptions,
): Promise<UploadResult> {
  const started = Date.now();
  if (options.overwrite === 'ask' && !options.onExisting) {
    throw new TypeError("overwrite: 'ask' needs an onExisting callback.");
  }
  const results = new Map<PlannedFile, FileOutcome>(files.map((f) => [f, pending(f)]));
  const tracker = new ProgressTracker(
    files.length,
    files.reduce((sum, f) => sum + f.size, 0),
    options.onProgress,
  );
  const state: BatchState = { cancelled: false, stoppedBy: undefined };
  const conditional = new Set<PlannedFile>();

  if (options.overwrite !== 'overwrite' && !options.signal?.aborted) {
    const existing = await findExisting(client, target.bucket, files, options, results, tracker);
    let decision: ExistingDecision = options.overwrite === 'skip' ? 'skip' : 'overwrite';
    if (options.overwrite === 'ask' && existing.length > 0 && options.onExisting) {
      decision = await options.onExisting(existing.map((f) => f.key));
    }
    if (decision === 'cancel') {
      state.cancelled = true;
    } else if (decision === 'skip') {
      for (const file of existing) {
        results.set(file, { ...file, status: 'skipped', skipReason: 'exists' });
        tracker.dropFile(file.size, 0);
      }
    }
    const existingSet = new Set(existing);
    for (const file of files) {
      if (!existingSet.has(file)) {
        conditional.add(file);
      }
    }
  }

  const queue = files.filter((f) => results.get(f)?.status === 'not-started');
  const threshold = options.multipartThresholdBytes ?? UPLOAD_DEFAULTS.multipartThresholdBytes;
  const multipartSlots = new Slots(UPLOAD_DEFAULTS.multipartFilesAtOnce);
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? UPLOAD_DEFAULTS.concurrency) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (state.cancelled || options.signal?.aborted || state.stoppedBy !== undefined) {
        return;
      }
      const release = file.size > threshold ? await multipartSlots.acquire() : undefined;
      try {
        if (state.cancelled || options.signal?.aborted || state.stoppedBy !== undefined) {
          return;
        }
        results.set(file, await uploadWithOutcome(client, file, target, options, conditional.has(file), tracker, state));
      } finally {
        release?.();
      }
    }
  });
  await Promise.all(workers);

  const all = [...outcomes, ...files.map((f) => results.get(f) ?? pending(f))];
  const pick = (status: FileStatus): FileOutcome[] => all.filter((o) => o.status === status);
  return {
    target,
    files: all,
    uploaded: pick('uploaded'),
    skipped: pick('skipped'),
    failed: pick('failed'),
    cancelled: pick('cancelled'),
    notStarted: pick('not-started'),
    wasCancelled: state.cancelled || options.signal?.aborted === true,
    stoppedBy: state.stoppedBy,
    elapsedMs: Date.now() - started,
  };
}

interface BatchState {
  cancelled: boolean;
  stoppedBy: unknown;
}

async function uploadWithOutcome(
  client: S3Client,
  file: PlannedFile,
  target: UploadTarget,
  options: UploadOptions,
  conditional: boolean,
  tracker: ProgressTracker,
  state: BatchState,
): Promise<FileOutcome> {
  const startedAt = new Date();
  let counted = 0;
  const outcome: SendOutcome = await uploadOneFile(client, file, target, {
    partSize: Math.max(5 * MiB, options.partSizeBytes ?? UPLOAD_DEFAULTS.partSizeBytes),
    queueSize: options.queueSize ?? UPLOAD_DEFAULTS.queueSize,
    threshold: options.multipartThresholdBytes ?? UPLOAD_DEFAULTS.multipartThresholdBytes,
    verify: options.verify ?? true,
    ifNoneMatch: conditional,
    signal: options.signal,
    onBytes: (n) => {
      counted += n;
      tracker.addBytes(n);
    },
  });
  const base = { ...file, startedAt, multipart: outcome.multipart };
  if (outcome.kind === 'uploaded') {
    tracker.fileFinished();
    return { ...base, status: 'uploaded', etag: outcome.etag, etagCheck: outcome.etagCheck };
  }
  tracker.dropFile(file.size, counted);
  let leftovers: LeftoverCheck | undefined;
  if (outcome.multipartStarted) {
    leftovers = await abortLeftoverUploads(client, target.bucket, file.key, startedAt);
  }
  if (outcome.kind === 'exists') {
    // Created by someone else between the check and the write.
    return options.overwrite === 'skip'
      ? { ...base, status: 'skipped', skipReason: 'exists', leftovers }
      : { ...base, status: 'failed', stage: 'upload', error: outcome.error, leftovers };
  }
  if (outcome.kind === 'cancelled') {
    return { ...base, status: 'cancelled', error: outcome.error, leftovers };
  }
  if (isConnectionError(outcome.error) && state.stoppedBy === undefined) {
    // An unreachable endpoint would fail every remaining file the same way, slowly (retries).
    state.stoppedBy = outcome.error;
  }
  return { ...base, status: 'failed', stage: outcome.stage, error: outcome.error, leftovers };
}

async function findExisting(
  client: S3Client,
  bucket: string,
  files: PlannedFile[],
  options: UploadOptions,
  results: Map<PlannedFile, FileOutcome>,
  tracker: ProgressTracker,
): Promise<PlannedFile[]> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const existing: PlannedFile[] = [];
  const queue = [...files];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? UPLOAD_DEFAULTS.concurrency) * 2 }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (options.signal?.aborted) {
        return;
      }
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }), { abortSignal: options.signal });
        existing.push(file);
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== 404) {
          if (!options.signal?.aborted) {
            results.set(file, { ...file, status: 'failed', stage: 'check', error });
            tracker.dropFile(file.size, 0);
          }
        }
      }
    }
  });
  await Promise.all(workers);
  return files.filter((f) => existing.includes(f));
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

export function isConnectionError(error: unknown): boolean {
  for (let e = error as { code?: string; name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if ((e.code && CONNECTION_CODES.has(e.code)) || e.name === 'TimeoutError') {
      return true;
    }
    e = e.cause as typeof e;
  }
  return false;
}
