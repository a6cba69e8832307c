/**
 * Multipart upload of one file, resumable.
 *
 * Written on the SDK's commands rather than lib-storage's `Upload`, because lib-storage can't do
 * what this needs: it keeps the upload id and the part list to itself (no resume after a crash
 * or restart), never passes its abort signal to UploadPart (a Cancel waited for every part in
 * flight), buffers queueSize × partSize in memory (parts over 4 GiB crashed with a RangeError),
 * and never retries a part.
 *
 * Each part is streamed from disk (memory stays at stream buffers whatever the part size) through
 * an MD5 tap, signed UNSIGNED-PAYLOAD, and checked on arrival: the store's part ETag is the MD5 of
 * what it received, so a part altered in transit is caught and sent again. The part MD5s also
 * make the multipart ETag that the finished object is checked against. A failed part is retried
 * with a fresh stream (the gateway cannot retry a stream body), with the gateway's backoff.
 *
 * The state (upload id, part size, finished parts with their ETags, the file's size and mtime)
 * is saved to a ResumeStore after the upload is created and as parts finish. A resume lists
 * the parts the store really has (ListParts), keeps those that match the file, sends the rest,
 * and completes only if the file is still the one the upload began with.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import type { CompletedPart, PutObjectCommandInput, S3Client, UploadPartCommandOutput } from '@aws-sdk/client-s3';
import { DEFAULT_RETRY_POLICY, abortError, raceAbort, retryReason, withRetries, type RetryEvent, type RetryPolicy } from '../storage/retry';
import type { LocalDigests } from './etag';
import { resumeId, type ResumePart, type ResumeRecord, type ResumeStore } from './resumeStore';
import { signUnsignedPayload } from './sdkInternals';

const MiB = 1024 * 1024;

/** S3's documented limits (AWS S3 User Guide, "Amazon S3 multipart upload limits"). */
export const S3_LIMITS = {
  minPartBytes: 5 * MiB,
  maxPartBytes: 5 * 1024 * MiB,
  maxParts: 10_000,
  maxObjectBytes: 5 * 1024 * 1024 * MiB,
} as const;

export class ObjectTooLargeError extends Error {
  override name = 'ObjectTooLargeError';
}

/** The file is not the one the upload began with (size or modification time moved). */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
}

/**
 * The part size for a file: the requested one, raised to the smallest whole MiB that fits the
 * file in 10,000 parts, never above 5 GiB. Objects over 5 TiB are refused before anything is sent.
 */
export function planPartSize(size: number, requested: number, maxParts: number = S3_LIMITS.maxParts): number {
  if (size > S3_LIMITS.maxObjectBytes) {
    throw new ObjectTooLargeError(`The file is ${size} bytes; S3 stores objects of at most 5 TiB (${S3_LIMITS.maxObjectBytes} bytes), so nothing was sent.`);
  }
  const fits = Math.ceil(size / maxParts / MiB) * MiB;
  return Math.min(S3_LIMITS.maxPartBytes, Math.max(requested, S3_LIMITS.minPartBytes, fits));
}

export function partCountFor(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** The multipart ETag S3 and Ceph give an object made of parts with these MD5s: md5(concat)-N. */
export function multipartEtagOf(partMd5Hex: readonly string[]): string {
  const combined = createHash('md5')
    .update(Buffer.concat(partMd5Hex.map((h) => Buffer.from(h, 'hex'))))
    .digest('hex');
  return `${combined}-${partMd5Hex.length}`;
}

export type ObjectParams = Omit<PutObjectCommandInput, 'Body' | 'ContentLength' | 'ContentMD5' | 'IfNoneMatch'>;

/** The optional fields allow undefined: uploadFile.ts passes its caller's options straight on. */
export interface MultipartOptions {
  partSize: number;
  /** Parts in flight at once. */
  queueSize: number;
  signal?: AbortSignal | undefined;
  /** Bytes read and sent (negative when an attempt is abandoned and its bytes will be sent again). */
  onBytes: (bytes: number) => void;
  store?: ResumeStore | undefined;
  connectionKey: string;
  endpoint: string;
  /** Continue this upload instead of starting one. */
  resume?: ResumeRecord | undefined;
  /** Send If-None-Match: * on completion so an object created meanwhile is not replaced. */
  ifNoneMatch?: boolean | undefined;
  retry?: RetryPolicy | undefined;
  onRetry?: ((event: RetryEvent & { partNumber?: number }) => void) | undefined;
  /** A store's own part-count limit where it is below S3's 10,000. */
  maxParts?: number | undefined;
}

/** What the caller needs to know about the upload when sendMultipart throws. */
export interface MultipartState {
  record?: ResumeRecord;
  /** Every part was sent, so the digests describe the whole file (a cancel during Complete). */
  allPartsSent?: boolean;
  digests?: LocalDigests;
}

export interface MultipartSent {
  etag: string | undefined;
  digests: LocalDigests;
  size: number;
  record: ResumeRecord;
  /** Bytes of parts this call sent (a resume sends fewer than the file's size). */
  bytesSent: number;
}

function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string } | undefined;
  return e?.Code ?? e?.name ?? '';
}

/** s3rver answers ListParts with 501 and AbortMultipartUpload with 405: both mean "not offered here". */
function isNotImplemented(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return errorName(error) === 'NotImplemented' || errorName(error) === 'MethodNotAllowed' || status === 501 || status === 405;
}

/** The store's ETag without quotes, lower case. */
function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '').toLowerCase();
}

async function md5OfRange(path: string, start: number, size: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  if (size === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, { start, end: start + size - 1, signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Every part the store holds for the upload, or undefined where it can't list them (s3rver). */
async function listStoredParts(client: S3Client, record: ResumeRecord, signal?: AbortSignal): Promise<Map<number, { etag: string; size: number }> | undefined> {
  const { ListPartsCommand } = await import('@aws-sdk/client-s3');
  const parts = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListPartsCommand({ Bucket: record.bucket, Key: record.key, UploadId: record.uploadId, PartNumberMarker: marker }),
        signal ? { abortSignal: signal } : {},
      );
      for (const p of page.Parts ?? []) {
        if (p.PartNumber !== undefined && p.ETag) parts.set(p.PartNumber, { etag: bareEtag(p.ETag), size: p.Size ?? -1 });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if (isNotImplemented(error)) return undefined;
    throw error;
  }
  return parts;
}

/**
 * Which of the parts can be kept: those the store lists with the ETag of the file's bytes at
 * that range. A part the store has but the record lacks (the process died before saving) is
 * kept when its ETag is the MD5 of the local range. Where the store can't list parts, the record
 * is trusted; a part missing there fails the completion, and the upload is started again.
 */
async function reconcile(client: S3Client, record: ResumeRecord, signal?: AbortSignal): Promise<ResumePart[]> {
  const stored = await listStoredParts(client, record, signal);
  if (!stored) return record.parts;
  const known = new Map(record.parts.map((p) => [p.partNumber, p]));
  const kept: ResumePart[] = [];
  const count = partCountFor(record.size, record.partSize);
  for (const [partNumber, onStore] of stored) {
    if (partNumber < 1 || partNumber > count) continue;
    const size = Math.min(record.partSize, record.size - (partNumber - 1) * record.partSize);
    if (onStore.size !== -1 && onStore.size !== size) continue;
    const mine = known.get(partNumber);
    if (mine && bareEtag(mine.etag) === onStore.etag) {
      kept.push(mine);
      continue;
    }
    if (/^[0-9a-f]{32}$/.test(onStore.etag)) {
      const md5 = await md5OfRange(record.localPath, (partNumber - 1) * record.partSize, size, signal);
      if (md5 === onStore.etag) kept.push({ partNumber, etag: onStore.etag, md5, size });
    }
  }
  return kept.sort((a, b) => a.partNumber - b.partNumber);
}

/** Saves the record at most once at a time, always ending with the newest state. */
class RecordSaver {
  private running: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly store: ResumeStore | undefined,
    private readonly record: ResumeRecord,
  ) {}

  mark(): void {
    if (!this.store) return;
    this.dirty = true;
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        // A failed save loses only resumability, never data; the next save tries again.
        await this.store?.save({ ...this.record, parts: [...this.record.parts] }).catch(() => undefined);
      }
    } finally {
      this.running = undefined;
    }
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }
}

/**
 * Sends a command whose body is `body`, ending the request as soon as the body fails. The SDK
 * pipes a stream body into the request, and a pipe does not pass errors on: a body that fails
 * part-way (the file changed, vanished or could not be read) would leave the request waiting
 * for bytes until the idle timeout, and then be retried as if the network had failed.
 */
export async function sendBody<T>(client: S3Client, command: unknown, body: NodeJS.ReadableStream, signal: AbortSignal | undefined): Promise<T> {
  const controller = new AbortController();
  let bodyError: Error | undefined;
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  const onBodyError = (error: Error): void => {
    bodyError ??= error;
    controller.abort(error);
  };
  body.on('error', onBodyError);
  try {
    return await (client.send as (c: unknown, o: unknown) => Promise<T>)(command, { abortSignal: controller.signal });
  } catch (error) {
    if (bodyError !== undefined && !signal?.aborted) throw bodyError;
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    body.removeListener('error', onBodyError);
  }
}

export async function sendMultipart(
  client: S3Client,
  localPath: string,
  params: ObjectParams & { Bucket: string; Key: string },
  opts: MultipartOptions,
  state: MultipartState,
): Promise<MultipartSent> {
  const sdk = await import('@aws-sdk/client-s3');
  const signal = opts.signal;
  const before = await fs.stat(localPath);
  let record: ResumeRecord;
  if (opts.resume) {
    record = { ...opts.resume, parts: [...opts.resume.parts] };
    state.record = record;
    if (before.size !== record.size || before.mtimeMs !== record.mtimeMs) {
      throw new FileChangedError(`${localPath} changed since the upload began (size or modification time differ), so its parts can't be reused.`);
    }
    record.parts = await reconcile(client, record, signal);
  } else {
    // Refuses an object over 5 TiB before anything is sent.
    planPartSize(before.size, opts.partSize, opts.maxParts);
    // The create is not cut off by a Cancel: its upload id is needed to remove the upload, and an
    // upload created without us learning its id could be told apart from others' only by guessing.
    const create = client.send(new sdk.CreateMultipartUploadCommand(params));
    const created = await raceAbort(create, signal).catch(async (error: unknown) => {
      if (signal?.aborted) {
        const late = await Promise.race([create.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 2_000))]);
        if (late?.UploadId) {
          state.record = newRecord(late.UploadId);
        }
      }
      throw error;
    });
    if (!created.UploadId) throw new Error(`s3://${params.Bucket}/${params.Key}: the store started a multipart upload without an upload id.`);
    record = newRecord(created.UploadId);
    state.record = record;
    await opts.store?.save(record).catch(() => undefined);
  }
  function newRecord(uploadId: string): ResumeRecord {
    return {
      version: 1,
      id: resumeId(params.Bucket, params.Key, uploadId),
      connectionKey: opts.connectionKey,
      endpoint: opts.endpoint,
      bucket: params.Bucket,
      key: params.Key,
      uploadId,
      partSize: planPartSize(before.size, opts.partSize, opts.maxParts),
      localPath,
      size: before.size,
      mtimeMs: before.mtimeMs,
      contentType: params.ContentType ?? '',
      startedAt: new Date().toISOString(),
      parts: [],
    };
  }

  const saver = new RecordSaver(opts.store, record);
  saver.mark();
  const count = partCountFor(record.size, record.partSize);
  const have = new Set(record.parts.map((p) => p.partNumber));
  const resumedBytes = record.parts.reduce((sum, p) => sum + p.size, 0);
  if (resumedBytes > 0) opts.onBytes(resumedBytes);
  const todo: number[] = [];
  for (let n = 1; n <= count; n++) if (!have.has(n)) todo.push(n);

  // One failed part stops the others at once instead of letting them run on for nothing.
  const inner = new AbortController();
  // Each part in flight listens to it several times over (HTTP handler, retry loop); that is by design.
  setMaxListeners(0, inner.signal);
  const onOuterAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  let firstError: unknown;
  let bytesSent = 0;
  const sendPart = async (partNumber: number): Promise<void> => {
    const start = (partNumber - 1) * record.partSize;
    const size = Math.min(record.partSize, record.size - start);
    const part = await withRetries(
      async () => {
        let counted = 0;
        const hash = createHash('md5');
        const tap = new Transform({
          transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
            hash.update(chunk);
            counted += chunk.length;
            opts.onBytes(chunk.length);
            callback(null, chunk);
          },
          flush(callback: TransformCallback) {
            // A file cut short while it is read would leave the request waiting for bytes that
            // never come (until the idle timeout); failing the body ends it at once.
            callback(
              counted === size ? null : new FileChangedError(`${localPath} changed while uploading: part ${partNumber} found ${counted} of its ${size} bytes.`),
            );
          },
        });
        const source = size > 0 ? createReadStream(localPath, { start, end: start + size - 1, highWaterMark: MiB }) : undefined;
        // pipeline owns both streams' errors (a vanished file, a short read): they fail the request
        // through the tap the SDK reads, and never surface as an unhandled 'error' event after it.
        if (source) pipeline(source, tap, () => undefined);
        else tap.end();
        try {
          const command = new sdk.UploadPartCommand({
            Bucket: record.bucket,
            Key: record.key,
            UploadId: record.uploadId,
            PartNumber: partNumber,
            Body: tap,
            ContentLength: size,
          });
          signUnsignedPayload(command);
          const out = await sendBody<UploadPartCommandOutput>(client, command, tap, inner.signal);
          if (counted !== size) {
            throw new FileChangedError(`${localPath} changed while uploading: part ${partNumber} had ${counted} of ${size} bytes.`);
          }
          const md5 = hash.digest('hex');
          const etag = bareEtag(out.ETag);
          // KMS- and customer-key-encrypted parts have ETags unrelated to their bytes.
          if (/^[0-9a-f]{32}$/.test(etag) && etag !== md5 && out.ServerSideEncryption !== 'aws:kms' && out.SSECustomerAlgorithm === undefined) {
            const mismatch = new Error(`Part ${partNumber} of s3://${record.bucket}/${record.key} arrived altered (ETag ${etag}, sent MD5 ${md5}).`);
            // Marked retryable for the classifier: sending the part again is the fix.
            Object.assign(mismatch, { name: 'PartDigestMismatch', $retryable: {} });
            throw mismatch;
          }
          bytesSent += size;
          return { partNumber, etag: out.ETag ?? etag, md5, size };
        } catch (error) {
          opts.onBytes(-counted);
          throw error;
        } finally {
          source?.destroy();
          tap.destroy();
        }
      },
      {
        policy: opts.retry ?? DEFAULT_RETRY_POLICY,
        signal: inner.signal,
        onRetry: (event) => opts.onRetry?.({ ...event, partNumber }),
      },
    );
    record.parts.push(part);
    saver.mark();
  };

  try {
    const queue = [...todo];
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(opts.queueSize, queue.length)) }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
          if (inner.signal.aborted) return;
          try {
            await sendPart(n);
          } catch (error) {
            firstError ??= error;
            inner.abort(error);
            return;
          }
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
  }
  if (signal?.aborted) {
    await saver.flush();
    throw abortError(signal);
  }
  if (firstError !== undefined) {
    await saver.flush();
    // Exactly what the failing part threw (an SDK error, a FileChangedError, …): callers classify it.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw firstError;
  }

  record.parts.sort((a, b) => a.partNumber - b.partNumber);
  const md5s = record.parts.map((p) => p.md5);
  const digests: LocalDigests = {
    // A one-part upload's part MD5 is the whole file's, which s3rver's ETag is.
    md5Hex: count === 1 ? md5s[0] : undefined,
    multipartEtag: multipartEtagOf(md5s),
  };
  state.digests = digests;
  state.allPartsSent = true;
  await saver.flush();

  const after = await fs.stat(localPath);
  if (after.size !== record.size || after.mtimeMs !== record.mtimeMs) {
    throw new FileChangedError(`${localPath} changed while uploading (its size or modification time moved), so the upload was not completed.`);
  }
  const parts: CompletedPart[] = record.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
  const done = await client.send(
    new sdk.CompleteMultipartUploadCommand({
      Bucket: record.bucket,
      Key: record.key,
      UploadId: record.uploadId,
      MultipartUpload: { Parts: parts },
      IfNoneMatch: opts.ifNoneMatch ? '*' : undefined,
    }),
    signal ? { abortSignal: signal } : {},
  );
  await opts.store?.remove(record.id).catch(() => undefined);
  return { etag: done.ETag, digests, size: record.size, record, bytesSent };
}

export type AbortOutcome = 'clean' | 'unverifiable' | 'failed';

/**
 * Aborts exactly this upload (never another upload of the same key: it may be someone else's),
 * with a fresh signal since the caller's has usually fired, and confirms with ListParts that the
 * store no longer has it.
 */
export async function abortUpload(
  client: S3Client,
  record: Pick<ResumeRecord, 'bucket' | 'key' | 'uploadId'>,
  timeoutMs = 10_000,
): Promise<{ outcome: AbortOutcome; error?: unknown }> {
  const { AbortMultipartUploadCommand, ListPartsCommand } = await import('@aws-sdk/client-s3');
  const signal = AbortSignal.timeout(timeoutMs);
  const retry = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1_000 };
  const ids = { Bucket: record.bucket, Key: record.key, UploadId: record.uploadId };
  try {
    await (client.send as (c: unknown, o: unknown) => Promise<unknown>)(new AbortMultipartUploadCommand(ids), { abortSignal: signal, retry });
  } catch (error) {
    if (isNotImplemented(error)) return { outcome: 'unverifiable' };
    if (errorName(error) !== 'NoSuchUpload') return { outcome: 'failed', error };
  }
  try {
    await (client.send as (c: unknown, o: unknown) => Promise<unknown>)(new ListPartsCommand(ids), { abortSignal: signal, retry });
    return { outcome: 'failed', error: new Error(`The store still lists upload ${record.uploadId} of "${record.key}" after it was aborted.`) };
  } catch (error) {
    if (errorName(error) === 'NoSuchUpload' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return { outcome: 'clean' };
    }
    if (isNotImplemented(error)) return { outcome: 'unverifiable' };
    return { outcome: 'failed', error };
  }
}

/** Whether an interrupted upload is worth keeping for Resume: the network or the store failed, not the request. */
export function worthResuming(error: unknown): boolean {
  if (error instanceof FileChangedError || error instanceof ObjectTooLargeError) return false;
  return retryReason(error) !== undefined || /^(ECONN|EPIPE|ETIMEDOUT|EHOST|ENET|EAI_AGAIN)/.test((error as { code?: string }).code ?? '');
}
