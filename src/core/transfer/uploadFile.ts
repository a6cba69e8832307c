/**
 * Uploads one planned file: a single PutObject for a new key up to the threshold, a multipart
 * upload above it and for every consented replacement of an existing object; then a check that
 * the store holds what was read from disk.
 *
 * Replacements go multipart whatever their size because only a multipart completion replaces
 * an object atomically on every store: AWS and Ceph never commit a PUT body shorter than its
 * Content-Length, but s3rver (and other simple gateways) truncate the old object as soon as a PUT
 * begins, so a cancelled or cut-off PUT there would destroy the object the user had. Parts land
 * beside the object; it changes only at CompleteMultipartUpload, a request with no body to cut.
 *
 * The check of a single PUT needs no extra request when the PutObject response's ETag equals
 * the MD5 of the bytes sent: the store then holds exactly those bytes. HeadObject is asked only
 * when that ETag says nothing (KMS or customer-key encryption, a gateway's opaque ETag) or
 * disagrees, and after every multipart upload.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import type { HeadObjectCommandOutput, ObjectCannedACL, S3Client, StorageClass } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import type { RetryEvent, RetryPolicy } from '../storage/retry';
import { compareEtag, md5OfFile, needsWholeMd5, type EtagCheck, type LocalDigests } from './etag';
import type { LeftoverCheck } from './leftovers';
import { abortUpload, FileChangedError, sendMultipart, worthResuming, type MultipartState } from './multipart';
import type { PlannedFile } from './plan';
import { putSingle } from './putSingle';
import type { ResumeRecord, ResumeStore } from './resumeStore';

/** Where a batch goes: a bucket, a prefix, and what every object it writes carries. */
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

/**
 * What a batch hands down to each file it sends, unchanged. Each layer passes its caller's
 * options straight on, so an unset option arrives as undefined; every field allows that.
 */
export interface EngineOptions {
  signal?: AbortSignal | undefined;
  /** Names the connection in resume records, so a resume goes back to the same one. */
  connectionKey?: string | undefined;
  endpoint?: string | undefined;
  /**
   * Asked once, when the batch is cancelled while multipart uploads are in flight: keep them
   * for Resume (true) or abort them (false, the default).
   */
  keepOnCancel?: (() => boolean | Promise<boolean>) | undefined;
  /** Retries of streamed bodies (the gateway retries everything else itself). */
  retry?: RetryPolicy | undefined;
  onRetry?: ((event: RetryEvent & { key: string; partNumber?: number }) => void) | undefined;
  /** A store's own part-count limit where it is below S3's 10,000 (Ceph's `rgw multipart part upload limit`). */
  maxParts?: number | undefined;
}

export interface SendOptions extends EngineOptions {
  partSize: number;
  queueSize: number;
  threshold: number;
  verify: boolean;
  /** The key was absent when checked: send If-None-Match: * so an object that appeared since is not replaced. */
  ifNoneMatch: boolean;
  /** The key holds an object the user agreed to replace: sent multipart, so it is replaced whole or not at all. */
  replacesExisting: boolean;
  onBytes: (bytes: number) => void;
  /** Where multipart state is kept for Resume; none: an interrupted upload is aborted. */
  store?: ResumeStore | undefined;
  /** Continue this kept upload instead of starting over. */
  resume?: ResumeRecord | undefined;
}

interface Common {
  multipart: boolean;
}

export type SendOutcome =
  | (Common & { kind: 'uploaded'; etag: string | undefined; etagCheck: EtagCheck | undefined; bytesSent: number })
  | (Common & { kind: 'exists'; error: unknown; leftovers?: LeftoverCheck })
  // resumeId is undefined, not absent, when an upload was not kept (see multipartFailed).
  | (Common & { kind: 'cancelled'; error: unknown; leftovers?: LeftoverCheck; resumeId?: string | undefined })
  | (Common & { kind: 'failed'; stage: 'upload' | 'verify'; error: unknown; leftovers?: LeftoverCheck; resumeId?: string | undefined });

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

interface Sent {
  etag: string | undefined;
  digests: LocalDigests;
  size: number;
  responseCheck?: EtagCheck;
  bytesSent: number;
}

export async function uploadOneFile(client: S3Client, file: PlannedFile, target: UploadTarget, opts: SendOptions): Promise<SendOutcome> {
  const multipart = opts.resume !== undefined || file.size > opts.threshold || (opts.replacesExisting && file.size > 0);
  const common: Common = { multipart };
  let sent: Sent;
  if (multipart) {
    const state: MultipartState = {};
    try {
      sent = await sendMultipart(
        client,
        file.localPath,
        objectParams(file, target),
        {
          partSize: opts.partSize,
          queueSize: opts.queueSize,
          signal: opts.signal,
          onBytes: opts.onBytes,
          store: opts.store,
          connectionKey: opts.connectionKey ?? '',
          endpoint: opts.endpoint ?? '',
          resume: opts.resume,
          ifNoneMatch: opts.ifNoneMatch,
          retry: opts.retry,
          onRetry: opts.onRetry && ((e) => opts.onRetry?.({ ...e, key: file.key })),
          maxParts: opts.maxParts,
        },
        state,
      );
    } catch (error) {
      return multipartFailed(client, file, target, opts, state, error);
    }
  } else {
    const digestsOnceRead: { value?: LocalDigests } = {};
    try {
      const before = await fs.stat(file.localPath);
      if (before.size !== file.size) {
        throw new FileChangedError(`${file.localPath} changed since it was chosen (${before.size} bytes now, ${file.size} then).`);
      }
      const single = await putSingle(
        client,
        file,
        { ...objectParams(file, target), IfNoneMatch: opts.ifNoneMatch ? '*' : undefined },
        {
          signal: opts.signal,
          onBytes: opts.onBytes,
          onDigests: (d) => {
            digestsOnceRead.value = d;
          },
          retry: opts.retry,
          onRetry: opts.onRetry && ((e) => opts.onRetry?.({ ...e, key: file.key })),
        },
      );
      const after = await fs.stat(file.localPath);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        // What was sent may mix two versions of the file. The object is ours to remove only when
        // the key was free before and it is still the object this PUT made.
        if (opts.ifNoneMatch) await removeIfStill(client, target.bucket, file.key, single.etag);
        throw new FileChangedError(`${file.localPath} changed while uploading, so the upload was not kept. Retry uploads it as it is now.`);
      }
      sent = { ...single, bytesSent: single.size };
    } catch (error) {
      const digests = digestsOnceRead.value;
      // The whole body may have reached the store though the answer did not reach us (a cancel,
      // a reset after the body, or a retry that then met its own object as If-None-Match's 412).
      if (digests && !(error instanceof FileChangedError)) {
        const landed = await landedAnyway(client, target.bucket, file, digests, opts.signal?.aborted ? 1_500 : 5_000);
        if (landed) return { ...common, kind: 'uploaded', etag: landed, etagCheck: 'match', bytesSent: file.size };
      }
      // Only a key that was free before can hold a remnant of this attempt (see removeOwnRemnant);
      // a 412 means the store refused this write because someone else's object is there.
      if (opts.ifNoneMatch && httpStatus(error) !== 412) await removeOwnRemnant(client, target.bucket, file, opts.signal?.aborted ? 1_500 : 5_000);
      if (opts.signal?.aborted) return { ...common, kind: 'cancelled', error };
      if (httpStatus(error) === 412) return { ...common, kind: 'exists', error };
      return { ...common, kind: 'failed', stage: 'upload', error };
    }
  }
  if (!opts.verify) {
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck: undefined, bytesSent: sent.bytesSent };
  }
  if (sent.responseCheck === 'match') {
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck: 'match', bytesSent: sent.bytesSent };
  }
  try {
    const etagCheck = await verifyStored(client, target.bucket, file, sent.size, sent.digests);
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck, bytesSent: sent.bytesSent };
  } catch (error) {
    return { ...common, kind: 'failed', stage: 'verify', error };
  }
}

/**
 * After a multipart upload stopped: a cancel during the completion may still have landed; a
 * cancel otherwise aborts the upload unless the user keeps it for Resume; a failure of the
 * network or the store keeps it for Resume; any other failure aborts it. Only this attempt's
 * upload id is ever aborted.
 */
async function multipartFailed(
  client: S3Client,
  file: PlannedFile,
  target: UploadTarget,
  opts: SendOptions,
  state: MultipartState,
  error: unknown,
): Promise<SendOutcome> {
  const common: Common = { multipart: true };
  const cancelled = opts.signal?.aborted === true;
  // A completion can land although its answer was lost (cancel, reset, a retried Complete that
  // then finds no such upload): the store decides, not the error.
  if (state.allPartsSent && state.digests && !(error instanceof FileChangedError)) {
    const landed = await landedAnyway(client, target.bucket, file, state.digests, cancelled ? 1_500 : 5_000);
    if (landed) {
      if (state.record) await opts.store?.remove(state.record.id).catch(() => undefined);
      return { ...common, kind: 'uploaded', etag: landed, etagCheck: 'match', bytesSent: file.size };
    }
  }
  const record = state.record;
  let keep = false;
  if (record && opts.store) {
    keep = cancelled ? (await opts.keepOnCancel?.()) === true : worthResuming(error);
  }
  let leftovers: LeftoverCheck;
  if (!record) {
    leftovers = { status: 'clean', abortedUploadIds: [] };
  } else if (keep) {
    leftovers = { status: 'kept', abortedUploadIds: [] };
  } else {
    const aborted = await abortUpload(client, record);
    await opts.store?.remove(record.id).catch(() => undefined);
    leftovers = { status: aborted.outcome, abortedUploadIds: aborted.outcome === 'failed' ? [] : [record.uploadId], error: aborted.error };
  }
  const resumeId = keep ? record?.id : undefined;
  if (cancelled) return { ...common, kind: 'cancelled', error, leftovers, resumeId };
  if (httpStatus(error) === 412) return { ...common, kind: 'exists', error, leftovers };
  return { ...common, kind: 'failed', stage: 'upload', error, leftovers, resumeId };
}

/**
 * A cancel can come after the store received the whole body (or the Complete request), and
 * the store then finishes the write although the client stopped listening. Asking the store
 * keeps the report exact: such a file is uploaded, not cancelled. It is polled briefly because
 * the store may still be finishing that write.
 */
async function landedAnyway(client: S3Client, bucket: string, file: PlannedFile, digests: LocalDigests, budgetMs: number): Promise<string | undefined> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  let local = digests;
  const signal = AbortSignal.timeout(budgetMs);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }), { abortSignal: signal });
      // Kept across attempts so the file is re-read at most once.
      local = await withWholeMd5(head.ETag, local, file);
      if (compareEtag(head.ETag, local) === 'match') return head.ETag;
    } catch {
      // Absent (404) or unreachable: not known to have landed.
    }
    if (signal.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return undefined;
}

async function md5OfPrefix(path: string, length: number): Promise<string> {
  const hash = createHash('md5');
  if (length > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Removes what a failed or cancelled PUT of this attempt left at a key that was free before it
 * began (the PUT carried If-None-Match: *). s3rver (unlike Ceph RGW and AWS) stores the truncated
 * body of a PUT that was cut off, and any store keeps a complete body whose file changed as it
 * was read. Such an object is provably this attempt's when it is no longer than the file and its
 * MD5 is that of the file's first bytes; anything else at the key is someone's object and stays.
 */
async function removeOwnRemnant(client: S3Client, bucket: string, file: PlannedFile, findWithinMs: number): Promise<void> {
  const { DeleteObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  // s3rver writes the remnant once it notices the cut, which can be a moment after the cut (over
  // a second on a busy machine), so the key is polled; on Ceph and AWS it stays absent, and the
  // poll costs only its budget: short after a cancel, which the user is waiting on.
  const finding = AbortSignal.timeout(findWithinMs);
  for (;;) {
    let head: HeadObjectCommandOutput;
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }), sendOptions({ abortSignal: finding, retry: { maxAttempts: 1 } }));
    } catch {
      // Absent (the usual case) or unreachable: keep looking while the budget lasts.
      if (finding.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (finding.aborted) return;
      continue;
    }
    const signal = AbortSignal.timeout(30_000);
    try {
      // s3rver writes an object's metadata (its final ETag) before its bytes are all on disk,
      // and reports the length of what is on disk so far: wait until two looks agree.
      head = await settledHead(client, bucket, file.key, head, signal);
      const etag = (head.ETag ?? '').replace(/"/g, '').toLowerCase();
      const length = head.ContentLength ?? -1;
      const onDisk = (await fs.stat(file.localPath).catch(() => undefined))?.size ?? -1;
      if (length < 0 || length > onDisk) return;
      // s3rver's ETag for a body cut off mid-stream is not always the MD5 of what it kept, so
      // when the ETag says no, the bytes themselves are compared.
      const ours =
        (/^[0-9a-f]{32}$/.test(etag) && (await md5OfPrefix(file.localPath, length)) === etag) ||
        (await storedIsPrefixOf(client, bucket, file.key, file.localPath, onDisk, signal));
      if (ours) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: file.key }), { abortSignal: signal });
    } catch {
      // Unreachable now: the object stays; it is not provably ours to remove without a look.
    }
    return;
  }
}

/** HeadObject again until the length and ETag stop changing (a store still writing the object). */
async function settledHead(
  client: S3Client,
  bucket: string,
  key: string,
  first: HeadObjectCommandOutput,
  signal: AbortSignal,
): Promise<HeadObjectCommandOutput> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  let previous = first;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const next = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    if (next.ContentLength === previous.ContentLength && next.ETag === previous.ETag) return next;
    previous = next;
  }
}

/** Whether the object's bytes are the first bytes of the local file (no more than `atMost` of them). */
async function storedIsPrefixOf(client: S3Client, bucket: string, key: string, localPath: string, atMost: number, signal: AbortSignal): Promise<boolean> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const handle = await fs.open(localPath, 'r');
  try {
    let offset = 0;
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
      if (offset + chunk.length > atMost) return false;
      const local = Buffer.alloc(chunk.length);
      const { bytesRead } = await handle.read(local, 0, chunk.length, offset);
      if (bytesRead !== chunk.length || !local.equals(chunk)) return false;
      offset += chunk.length;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** Deletes the object only if it is still the one with this ETag (the one this attempt wrote). */
async function removeIfStill(client: S3Client, bucket: string, key: string, etag: string | undefined): Promise<void> {
  if (!etag) return;
  const { DeleteObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: AbortSignal.timeout(10_000) });
    if (head.ETag === etag) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: AbortSignal.timeout(10_000) });
  } catch {
    // Unreachable: the failure report already says the upload was not kept.
  }
}

function objectParams(file: PlannedFile, target: UploadTarget) {
  return {
    Bucket: target.bucket,
    Key: file.key,
    ContentType: file.contentType,
    ACL: target.acl,
    StorageClass: target.storageClass,
    CacheControl: target.cacheControl,
    ContentDisposition: target.contentDisposition,
    Metadata: target.metadata,
  };
}

export class VerificationError extends Error {
  override name = 'VerificationError';
}

/**
 * The digests with the whole-file MD5 added when the ETag is a plain MD5 and the upload pass left
 * it out. The file is read again for it: it can differ from what was sent only if the file
 * changed since, and then a mismatch is the right report.
 */
async function withWholeMd5(etag: string | undefined, digests: LocalDigests, file: PlannedFile): Promise<LocalDigests> {
  return needsWholeMd5(etag, digests) ? { ...digests, md5Hex: await md5OfFile(file.localPath) } : digests;
}

async function verifyStored(client: S3Client, bucket: string, file: PlannedFile, size: number, sentDigests: LocalDigests): Promise<EtagCheck> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const key = file.key;
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  if (head.ContentLength !== size) {
    throw new VerificationError(`s3://${bucket}/${key} holds ${head.ContentLength ?? 'unknown'} bytes, but ${size} were uploaded.`);
  }
  // Server-side encryption with KMS or customer keys makes the ETag unrelated to the content.
  const encrypted = head.ServerSideEncryption === 'aws:kms' || head.SSECustomerAlgorithm !== undefined;
  const digests = encrypted ? sentDigests : await withWholeMd5(head.ETag, sentDigests, file);
  const check = encrypted ? 'not-comparable' : compareEtag(head.ETag, digests);
  if (check === 'mismatch') {
    throw new VerificationError(
      `s3://${bucket}/${key} has ETag ${head.ETag ?? '(none)'}, which does not match the local file ` +
        `(${[digests.md5Hex && `MD5 ${digests.md5Hex}`, digests.multipartEtag && `multipart ${digests.multipartEtag}`].filter(Boolean).join(', ')}).`,
    );
  }
  return check;
}
