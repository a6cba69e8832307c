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
import { setMaxListeners } from 'node:events';
import { promises as fs } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { isConnectionError } from '../errors/classify';
import { planUpload, type PlanOptions, type PlanSkipReason, type PlannedFile } from './plan';
import { ProgressTracker, type TransferProgress } from './progress';
import { type EngineOptions, type SendOutcome, uploadOneFile, type UploadTarget } from './uploadFile';
import type { EtagCheck } from './etag';
import type { LeftoverCheck } from './leftovers';
import type { ResumeRecord, ResumeStore } from './resumeStore';
import { Slots } from './slots';
import { existingByListing } from '../storage/listing';
import { SETTINGS } from '../settings';

export type { UploadTarget };

export type OverwritePolicy = 'overwrite' | 'skip' | 'ask';
export type ExistingDecision = 'overwrite' | 'skip' | 'cancel';

export interface UploadOptions extends PlanOptions, EngineOptions {
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
  onProgress?: (progress: TransferProgress) => void;
  /**
   * Where multipart uploads keep their state for Resume (the extension's global storage). Passed
   * on as each file's `store`, where undefined means an interrupted upload is aborted.
   */
  resumeStore?: ResumeStore | undefined;
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
  // etag, etagCheck, leftovers and resumeId are copied from the file's SendOutcome, where
  // undefined means the store gave no ETag, nothing was checked, or nothing was left or kept.
  etag?: string | undefined;
  etagCheck?: EtagCheck | undefined;
  skipReason?: 'exists' | PlanSkipReason;
  /** The raw error, for the error decoder; set for 'failed' (and 'cancelled': the AbortError). */
  error?: unknown;
  stage?: FailureStage;
  /** For a multipart upload that did not complete: whether its parts were removed from the store or kept. */
  leftovers?: LeftoverCheck | undefined;
  /** A multipart upload kept for Resume: its record's id in the resume store. */
  resumeId?: string | undefined;
  /** Bytes this attempt sent (a resumed upload sends only its missing parts). */
  bytesSent?: number;
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

/** The settings' defaults (from the benchmark sweeps, bench/README-section.md), for callers without settings. */
export const UPLOAD_DEFAULTS = {
  multipartThresholdBytes: SETTINGS.multipartThresholdMiB.default * MiB,
  partSizeBytes: SETTINGS.partSizeMiB.default * MiB,
  queueSize: SETTINGS.queueSize.default,
  concurrency: SETTINGS.fileConcurrency.default,
  /** Multipart files at once, whatever `concurrency` is: bounds buffered parts to 256 MiB. */
  multipartFilesAtOnce: 2,
} as const;

export async function uploadBatch(client: S3Client, sources: readonly string[], target: UploadTarget, options: UploadOptions): Promise<UploadResult> {
  const plan = await planUpload(sources, target.prefix, { followSymlinks: options.followSymlinks });
  const outcomes: FileOutcome[] = plan.problems.map((p) => ({
    localPath: p.localPath,
    key: p.key ?? '',
    size: 0,
    contentType: '',
    status: 'failed',
    stage: 'plan',
    error: p.error,
  }));
  for (const skipped of plan.skipped) {
    outcomes.push({ localPath: skipped.localPath, key: skipped.key, size: 0, contentType: '', status: 'skipped', skipReason: skipped.reason });
  }
  return runBatch(client, plan.files, outcomes, target, options);
}

export interface RetryOptions extends UploadOptions {
  /** Which unfinished files to run again. Default: failed, cancelled and not started. */
  include?: Array<'failed' | 'cancelled' | 'not-started'>;
}

/**
 * Runs the unfinished files of a batch again (planning failures excepted: their source is not
 * there). Each file is re-planned from what is on disk now, so a file that changed is sent as it
 * is, and a multipart upload kept for Resume sends only its missing parts.
 */
export async function retryFailed(client: S3Client, previous: UploadResult, options: RetryOptions): Promise<UploadResult> {
  const statuses = new Set<FileStatus>(options.include ?? ['failed', 'cancelled', 'not-started']);
  const again = previous.files.filter((f) => statuses.has(f.status) && f.stage !== 'plan');
  const files: PlannedFile[] = [];
  const outcomes: FileOutcome[] = [];
  const resumes = new Map<PlannedFile, ResumeRecord>();
  for (const f of again) {
    let size: number;
    try {
      size = (await fs.stat(f.localPath)).size;
    } catch (error) {
      outcomes.push({ localPath: f.localPath, key: f.key, size: f.size, contentType: f.contentType, status: 'failed', stage: 'plan', error });
      continue;
    }
    const file: PlannedFile = { localPath: f.localPath, key: f.key, size, contentType: f.contentType };
    const record = f.resumeId ? await options.resumeStore?.load(f.resumeId) : undefined;
    if (record) resumes.set(file, record);
    files.push(file);
  }
  return runBatch(client, files, outcomes, previous.target, options, resumes);
}

/** Continues one kept multipart upload (the Incomplete Uploads node's Resume). */
export async function resumeUpload(client: S3Client, record: ResumeRecord, target: UploadTarget, options: UploadOptions): Promise<UploadResult> {
  const file: PlannedFile = { localPath: record.localPath, key: record.key, size: record.size, contentType: record.contentType };
  return runBatch(client, [file], [], { ...target, bucket: record.bucket }, { ...options, overwrite: 'overwrite' }, new Map([[file, record]]));
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
  resumes: ReadonlyMap<PlannedFile, ResumeRecord> = new Map(),
): Promise<UploadResult> {
  const started = Date.now();
  // Every request in flight listens to the batch's signal (the HTTP handler, the retry loop, the
  // part workers): with 16 files and 8 parts each that is well over Node's warning threshold of
  // 10, which is about leaks, not about a signal shared on purpose. The caller's signal is linked
  // to one of ours so its listener count stays the caller's business.
  const batch = new AbortController();
  setMaxListeners(0, batch.signal);
  const outer = options.signal;
  const onOuterAbort = (): void => batch.abort(outer?.reason);
  if (outer?.aborted) batch.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await runBatchWith(client, files, outcomes, target, { ...options, signal: batch.signal }, resumes, started);
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

async function runBatchWith(
  client: S3Client,
  files: PlannedFile[],
  outcomes: FileOutcome[],
  target: UploadTarget,
  options: UploadOptions,
  resumes: ReadonlyMap<PlannedFile, ResumeRecord>,
  started: number,
): Promise<UploadResult> {
  if (options.overwrite === 'ask' && !options.onExisting) {
    throw new TypeError("overwrite: 'ask' needs an onExisting callback.");
  }
  const results = new Map<PlannedFile, FileOutcome>(files.map((f) => [f, pending(f)]));
  const tracker = new ProgressTracker(
    files.length,
    files.reduce((sum, f) => sum + f.size, 0),
    options.onProgress,
  );
  const state: BatchState = { cancelled: false, stoppedBy: undefined, keepDecision: undefined };
  const conditional = new Set<PlannedFile>();
  const replacing = new Set<PlannedFile>();

  // Every key is checked, whatever the policy: a key known to be free is written with
  // If-None-Match: *, and one known to hold an object is replaced by a multipart upload, the
  // only write that replaces an object whole or not at all on every store (see uploadFile.ts).
  if (!options.signal?.aborted) {
    const existing = await findExisting(
      client,
      target.bucket,
      files.filter((f) => !resumes.has(f)),
      options,
      results,
      tracker,
    );
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
    } else {
      for (const file of existing) replacing.add(file);
    }
    const existingSet = new Set(existing);
    for (const file of files) {
      if (!existingSet.has(file) && !resumes.has(file)) {
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
        results.set(
          file,
          await uploadWithOutcome(
            client,
            file,
            target,
            options,
            {
              conditional: conditional.has(file),
              replacing: replacing.has(file),
              resume: resumes.get(file),
            },
            tracker,
            state,
          ),
        );
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
  /** The answer to keepOnCancel, asked once per batch and shared by its multipart files. */
  keepDecision: Promise<boolean> | undefined;
}

async function uploadWithOutcome(
  client: S3Client,
  file: PlannedFile,
  target: UploadTarget,
  options: UploadOptions,
  how: { conditional: boolean; replacing: boolean; resume: ResumeRecord | undefined },
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
    ifNoneMatch: how.conditional,
    replacesExisting: how.replacing,
    resume: how.resume,
    store: options.resumeStore,
    connectionKey: options.connectionKey,
    endpoint: options.endpoint,
    keepOnCancel: options.keepOnCancel && (() => (state.keepDecision ??= Promise.resolve(options.keepOnCancel?.() ?? false))),
    retry: options.retry,
    onRetry: options.onRetry,
    maxParts: options.maxParts,
    signal: options.signal,
    onBytes: (n) => {
      counted += n;
      tracker.addBytes(n);
    },
  });
  const base = { ...file, startedAt, multipart: outcome.multipart };
  if (outcome.kind === 'uploaded') {
    tracker.fileFinished();
    return { ...base, status: 'uploaded', etag: outcome.etag, etagCheck: outcome.etagCheck, bytesSent: outcome.bytesSent };
  }
  tracker.dropFile(file.size, counted);
  const { leftovers } = outcome;
  if (outcome.kind === 'exists') {
    // Created by someone else between the check and the write.
    return options.overwrite === 'skip'
      ? { ...base, status: 'skipped', skipReason: 'exists', leftovers }
      : { ...base, status: 'failed', stage: 'upload', error: outcome.error, leftovers };
  }
  if (outcome.kind === 'cancelled') {
    return { ...base, status: 'cancelled', error: outcome.error, leftovers, resumeId: outcome.resumeId };
  }
  if (isConnectionError(outcome.error) && state.stoppedBy === undefined) {
    // The gateway already retried this for tens of seconds: the endpoint stays unreachable, and
    // every remaining file would fail the same way, slowly. They are left not started for Retry.
    state.stoppedBy = outcome.error;
  }
  return { ...base, status: 'failed', stage: outcome.stage, error: outcome.error, leftovers, resumeId: outcome.resumeId };
}

/** From this many files on, one listing of their folder is cheaper than a HeadObject each. */
const LIST_FROM_FILES = 32;

async function findExisting(
  client: S3Client,
  bucket: string,
  files: PlannedFile[],
  options: UploadOptions,
  results: Map<PlannedFile, FileOutcome>,
  tracker: ProgressTracker,
): Promise<PlannedFile[]> {
  if (files.length >= LIST_FROM_FILES) {
    const listed = await existingByListing(
      client,
      bucket,
      files.map((f) => f.key),
      { signal: options.signal },
    );
    if (listed) return files.filter((f) => listed.has(f.key));
  }
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const existing = new Set<PlannedFile>();
  const queue = [...files];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? UPLOAD_DEFAULTS.concurrency) * 2 }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (options.signal?.aborted) {
        return;
      }
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }), options.signal ? { abortSignal: options.signal } : {});
        existing.add(file);
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
  return files.filter((f) => existing.has(f));
}
