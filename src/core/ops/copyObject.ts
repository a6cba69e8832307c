/**
 * One object copied to a key, and the check that the destination holds the source's bytes.
 *
 * Three ways, chosen by where the two ends are and how big the object is:
 * - `copy`: one server-side CopyObject, on the same store up to the multipart threshold (S3 copies
 *   at most 5 GiB in one request);
 * - `part-copy`: a multipart upload whose parts the store copies itself (UploadPartCopy), above
 *   the threshold;
 * - `streamed`: ranges read with GetObject and sent as parts, between two connections (no store
 *   can copy from another), and where a store has no UploadPartCopy (s3rver answers 501).
 * Multipart writes land only at CompleteMultipartUpload, so a failed or cancelled copy never
 * leaves a partial object under the destination key; its upload is aborted (only that upload id).
 *
 * The source is named by the ETag (and version) it had when planned (CopySourceIfMatch, If-Match),
 * where the store honours that; either way the result is checked afterwards (verifyCopy): size,
 * and an ETag that only the source's bytes can give — the source's own, the multipart ETag of the
 * parts' MD5s, or the whole-body MD5 computed while streaming.
 */
import { createHash } from 'node:crypto';
import type { CompletedPart, CopyObjectCommandInput, S3Client, StorageClass } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import { abortError, DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from '../storage/retry';
import { abortUpload, multipartEtagOf, planPartSize, type AbortOutcome } from '../transfer/multipart';
import { Slots } from '../transfer/slots';
import { headerParams, headersOf, storageClassOf, type ObjectHeaders } from './headers';
import { bareEtag, copySourceOf, graced, headObject, isAbort, isNotImplemented, isPlainMd5 } from './s3util';

const MiB = 1024 * 1024;

/** The version of the source a copy is made from, as planned. */
export interface SourceVersion {
  key: string;
  size: number;
  etag: string;
  versionId?: string | undefined;
  storageClass?: string | undefined;
}

export interface Endpoint {
  client: S3Client;
  bucket: string;
}

export type CopyMethod = 'copy' | 'part-copy' | 'streamed';

export interface CopyEngineOptions {
  /** Both ends are on one connection: the store can copy itself. */
  sameStore: boolean;
  /** Above this size a same-store copy goes by parts (default 5 GiB, S3's CopyObject limit). */
  multipartThreshold: number;
  /** Part size of server-side part copies (raised to fit 10,000 parts). */
  partSize: number;
  /** Part size of streamed copies: each part is held in memory once while it is sent. */
  streamPartSize: number;
  /** Parts in flight at once per object. */
  partConcurrency: number;
  /** Bounds the streamed parts held in memory across a whole batch. */
  buffers?: Slots | undefined;
  signal?: AbortSignal | undefined;
  onBytes?: ((bytes: number) => void) | undefined;
  retry?: RetryPolicy | undefined;
  /** The destination key was free when checked: writes carry If-None-Match: * where the store honours it. */
  ifNoneMatch?: boolean | undefined;
  /** Headers to write instead of the source's (Edit Metadata); a copy keeps the source's otherwise. */
  headers?: ObjectHeaders | undefined;
  /** The storage class to write; by default the source's. */
  storageClass?: StorageClass | undefined;
  /**
   * KMS encryption to ask for. A rewrite of a KMS-encrypted object must name its key again, or
   * the store would encrypt the new object with the bucket's default instead.
   */
  encryption?: Encryption | undefined;
  /**
   * How long a request that makes the object (CopyObject, the multipart completion) may still
   * finish after a Cancel, so that the answer says whether the copy exists. Default 10 s.
   */
  cancelGraceMs?: number | undefined;
}

export type Encryption = Pick<CopyObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'>;

export interface CopyWritten {
  method: CopyMethod;
  /** ETags (bare) the destination has when it holds exactly the source's bytes. */
  expectedEtags: string[];
  /** CopyObject's ETag: the store's own word on the object it made. */
  resultEtag?: string | undefined;
  /** Why a part copy went through this machine instead. */
  fallback?: string | undefined;
  /** The commit request was cancelled in flight but the object landed (found by a lookup). */
  landedAfterCancel?: boolean;
}

/** A copy that could not be completed left an upload the store may still hold. */
export interface IncompleteUpload {
  uploadId: string;
  outcome: AbortOutcome;
}

/** The bytes read from the source are not the ones planned: it changed while it was copied. */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

class PartCopyUnsupported extends Error {
  override name = 'PartCopyUnsupported';
}

/** What a failed copy left, on the error it throws (see IncompleteUpload). */
export function incompleteUploadOf(error: unknown): IncompleteUpload | undefined {
  return (error as { incompleteUpload?: IncompleteUpload } | undefined)?.incompleteUpload;
}

function withIncomplete(error: unknown, incomplete: IncompleteUpload): unknown {
  if (error !== null && typeof error === 'object') Object.defineProperty(error, 'incompleteUpload', { value: incomplete, configurable: true });
  return error;
}

const quoted = (etag: string): string => `"${bareEtag(etag)}"`;

const DEFAULT_GRACE_MS = 10_000;

/** Whether a cancelled copy was cut off while the store may still be making the object. */
export function copyMayStillLand(error: unknown): boolean {
  return (error as { mayStillLand?: boolean } | undefined)?.mayStillLand === true;
}

function mayStillLand(error: unknown): unknown {
  if (error !== null && typeof error === 'object') Object.defineProperty(error, 'mayStillLand', { value: true, configurable: true });
  return error;
}

export async function copyObjectTo(src: Endpoint, source: SourceVersion, dst: Endpoint, destKey: string, opts: CopyEngineOptions): Promise<CopyWritten> {
  if (opts.sameStore && source.size <= opts.multipartThreshold) return copySingle(src, source, dst, destKey, opts);
  const head = opts.headers ? undefined : await headObject(src.client, src.bucket, source.key, { signal: opts.signal });
  if (!opts.headers && (!head || bareEtag(head.ETag) !== bareEtag(source.etag))) {
    throw new SourceChangedError(`s3://${src.bucket}/${source.key} changed or disappeared since it was chosen; nothing was copied.`);
  }
  const headers = opts.headers ?? headersOf(head ?? { $metadata: {} });
  const storageClass = opts.storageClass ?? (opts.sameStore && head ? storageClassOf(head) : undefined);
  if (opts.sameStore) {
    try {
      return await copyParts(src, source, dst, destKey, headers, storageClass, opts);
    } catch (error) {
      if (!(error instanceof PartCopyUnsupported)) throw error;
      const streamed = await copyStreamed(src, source, dst, destKey, headers, storageClass, opts);
      return { ...streamed, fallback: 'the store does not copy parts itself (UploadPartCopy), so the bytes went through this machine' };
    }
  }
  return copyStreamed(src, source, dst, destKey, headers, storageClass, opts);
}

async function copySingle(src: Endpoint, source: SourceVersion, dst: Endpoint, destKey: string, opts: CopyEngineOptions): Promise<CopyWritten> {
  const { CopyObjectCommand } = await import('@aws-sdk/client-s3');
  const storageClass = opts.storageClass ?? (opts.sameStore && source.storageClass && source.storageClass !== 'STANDARD' ? source.storageClass : undefined);
  const input: CopyObjectCommandInput = {
    Bucket: dst.bucket,
    Key: destKey,
    CopySource: copySourceOf(src.bucket, source.key, source.versionId),
    CopySourceIfMatch: quoted(source.etag),
    ...(storageClass ? { StorageClass: storageClass as StorageClass } : {}),
    ...(opts.headers ? { MetadataDirective: 'REPLACE', ...headerParams(opts.headers) } : {}),
    ...opts.encryption,
  };
  const request = graced(opts.signal, opts.cancelGraceMs ?? DEFAULT_GRACE_MS);
  const send = async (guarded: boolean): Promise<string | undefined> => {
    const out = await dst.client.send(new CopyObjectCommand(guarded ? { ...input, IfNoneMatch: '*' } : input), sendOptions({ abortSignal: request.signal }));
    return out.CopyObjectResult?.ETag;
  };
  let resultEtag: string | undefined;
  try {
    try {
      resultEtag = await send(opts.ifNoneMatch === true);
    } catch (error) {
      // A store that does not know conditional copies may refuse the header outright; the
      // existence check before the copy is the detector, the header only a guard.
      if (opts.signal?.aborted) throw abortError(opts.signal);
      if (!opts.ifNoneMatch || !isNotImplemented(error)) throw error;
      resultEtag = await send(false);
    }
  } catch (error) {
    if (isAbort(error, request.signal)) {
      if (await landed(dst, destKey, source, [bareEtag(source.etag)])) {
        opts.onBytes?.(source.size);
        return { method: 'copy', expectedEtags: [bareEtag(source.etag)], landedAfterCancel: true };
      }
      // Cut off after the grace: the store may still be copying, and may finish.
      throw mayStillLand(error);
    }
    throw error;
  } finally {
    request.done();
  }
  opts.onBytes?.(source.size);
  return { method: 'copy', expectedEtags: [bareEtag(source.etag)], resultEtag: resultEtag === undefined ? undefined : bareEtag(resultEtag) };
}

/** After a commit request was cut off: whether the destination now holds the copy anyway. */
async function landed(dst: Endpoint, destKey: string, source: SourceVersion, expected: string[]): Promise<boolean> {
  try {
    const head = await headObject(dst.client, dst.bucket, destKey, { signal: AbortSignal.timeout(3_000), retry: { maxAttempts: 1 } });
    return head !== undefined && head.ContentLength === source.size && expected.includes(bareEtag(head.ETag));
  } catch {
    return false;
  }
}

/** Creates the multipart upload; a Cancel never cuts this request off, so its upload id is always known and aborted. */
async function createUpload(
  dst: Endpoint,
  destKey: string,
  headers: ObjectHeaders,
  storageClass: StorageClass | undefined,
  signal: AbortSignal | undefined,
  encryption: Encryption | undefined,
): Promise<string> {
  const { CreateMultipartUploadCommand } = await import('@aws-sdk/client-s3');
  if (signal?.aborted) throw abortError(signal);
  const created = await dst.client.send(
    new CreateMultipartUploadCommand({
      Bucket: dst.bucket,
      Key: destKey,
      ...headerParams(headers),
      ...(storageClass ? { StorageClass: storageClass } : {}),
      ...encryption,
    }),
  );
  if (!created.UploadId) throw new Error(`s3://${dst.bucket}/${destKey}: the store started a multipart upload without an upload id.`);
  if (signal?.aborted) {
    await abortUpload(dst.client, { bucket: dst.bucket, key: destKey, uploadId: created.UploadId });
    throw abortError(signal);
  }
  return created.UploadId;
}

interface PartPlan {
  partNumber: number;
  start: number;
  size: number;
}

function partsOf(size: number, partSize: number): PartPlan[] {
  const parts: PartPlan[] = [];
  for (let start = 0, n = 1; start < size; start += partSize, n++) parts.push({ partNumber: n, start, size: Math.min(partSize, size - start) });
  return parts;
}

/**
 * Runs the parts with `concurrency` in flight; the first failure stops the rest. `inner` is what
 * each part's requests listen to: the caller's signal, or a sibling part's failure.
 */
async function runParts(
  parts: PartPlan[],
  concurrency: number,
  signal: AbortSignal | undefined,
  fn: (part: PartPlan, inner: AbortSignal) => Promise<void>,
): Promise<void> {
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(abortError(signal));
  if (signal?.aborted) inner.abort(abortError(signal));
  else signal?.addEventListener('abort', onAbort, { once: true });
  let first: unknown;
  let failed = false;
  const queue = [...parts];
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, async () => {
        for (let p = queue.shift(); p !== undefined && !inner.signal.aborted; p = queue.shift()) {
          try {
            await fn(p, inner.signal);
          } catch (error) {
            if (!failed) {
              failed = true;
              first = error;
            }
            inner.abort(error);
            return;
          }
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError(signal);
  // Exactly what the failing part threw, for the caller to classify.

  if (failed) throw first;
}

async function complete(dst: Endpoint, destKey: string, uploadId: string, parts: CompletedPart[], opts: CopyEngineOptions): Promise<void> {
  const { CompleteMultipartUploadCommand } = await import('@aws-sdk/client-s3');
  const request = graced(opts.signal, opts.cancelGraceMs ?? DEFAULT_GRACE_MS);
  try {
    await dst.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: dst.bucket,
        Key: destKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: [...parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0)) },
        IfNoneMatch: opts.ifNoneMatch ? '*' : undefined,
      }),
      sendOptions({ abortSignal: request.signal }),
    );
  } finally {
    request.done();
  }
}

/**
 * Everything after the upload was created: on failure or cancel the upload is aborted (unless the
 * completion landed after all), and what the abort achieved rides on the error.
 */
async function withUpload(
  dst: Endpoint,
  destKey: string,
  source: SourceVersion,
  uploadId: string,
  opts: CopyEngineOptions,
  work: () => Promise<{ parts: CompletedPart[]; expected: string[] }>,
): Promise<string[]> {
  let expected: string[] = [];
  let completing = false;
  try {
    const sent = await work();
    expected = sent.expected;
    completing = true;
    await complete(dst, destKey, uploadId, sent.parts, opts);
    return expected;
  } catch (error) {
    const cutOff = completing && isAbort(error, opts.signal);
    if (cutOff && (await landed(dst, destKey, source, expected))) return expected;
    // After a completion that was cut off, the abort either removes the upload (nothing appears)
    // or finds it gone because it completed after all, which a second look then shows.
    const outcome = await abortUpload(dst.client, { bucket: dst.bucket, key: destKey, uploadId });
    if (cutOff && (await landed(dst, destKey, source, expected))) return expected;
    throw withIncomplete(cutOff && outcome.outcome !== 'clean' ? mayStillLand(error) : error, { uploadId, outcome: outcome.outcome });
  }
}

async function copyParts(
  src: Endpoint,
  source: SourceVersion,
  dst: Endpoint,
  destKey: string,
  headers: ObjectHeaders,
  storageClass: StorageClass | undefined,
  opts: CopyEngineOptions,
): Promise<CopyWritten> {
  const { UploadPartCopyCommand } = await import('@aws-sdk/client-s3');
  const partSize = planPartSize(source.size, opts.partSize);
  const uploadId = await createUpload(dst, destKey, headers, storageClass, opts.signal, opts.encryption);
  const parts = partsOf(source.size, partSize);
  const done = new Map<number, string>();
  let unsupported = false;
  try {
    const expected = await withUpload(dst, destKey, source, uploadId, opts, async () => {
      await runParts(parts, opts.partConcurrency, opts.signal, async (part, inner) => {
        try {
          const out = await dst.client.send(
            new UploadPartCopyCommand({
              Bucket: dst.bucket,
              Key: destKey,
              UploadId: uploadId,
              PartNumber: part.partNumber,
              CopySource: copySourceOf(src.bucket, source.key, source.versionId),
              CopySourceRange: `bytes=${part.start}-${part.start + part.size - 1}`,
              CopySourceIfMatch: quoted(source.etag),
            }),
            sendOptions({ abortSignal: inner }),
          );
          done.set(part.partNumber, bareEtag(out.CopyPartResult?.ETag));
          opts.onBytes?.(part.size);
        } catch (error) {
          if (isNotImplemented(error)) unsupported = true;
          throw error;
        }
      });
      const etags = parts.map((p) => done.get(p.partNumber) ?? '');
      return { parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: quoted(done.get(p.partNumber) ?? '') })), expected: [multipartEtagOf(etags)] };
    });
    return { method: 'part-copy', expectedEtags: expected };
  } catch (error) {
    // Cancelled while a part failed for another reason (s3rver answers 501 to UploadPartCopy):
    // the copy stopped because of the cancel, and that is what is reported.
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (unsupported) {
      // The bytes counted so far were never copied; the streamed copy counts them again.
      opts.onBytes?.(-[...done.keys()].reduce((sum, n) => sum + (parts[n - 1]?.size ?? 0), 0));
      throw new PartCopyUnsupported('UploadPartCopy is not implemented by this store');
    }
    throw error;
  }
}

async function copyStreamed(
  src: Endpoint,
  source: SourceVersion,
  dst: Endpoint,
  destKey: string,
  headers: ObjectHeaders,
  storageClass: StorageClass | undefined,
  opts: CopyEngineOptions,
): Promise<CopyWritten> {
  const sdk = await import('@aws-sdk/client-s3');
  if (source.size === 0) {
    // No body to cut short: one PutObject, as safe as a multipart completion.
    const empty = createHash('md5').digest();
    const request = graced(opts.signal, opts.cancelGraceMs ?? DEFAULT_GRACE_MS);
    await dst.client
      .send(
        new sdk.PutObjectCommand({
          Bucket: dst.bucket,
          Key: destKey,
          Body: Buffer.alloc(0),
          ContentLength: 0,
          ContentMD5: empty.toString('base64'),
          IfNoneMatch: opts.ifNoneMatch ? '*' : undefined,
          ...headerParams(headers),
          ...(storageClass ? { StorageClass: storageClass } : {}),
        }),
        sendOptions({ abortSignal: request.signal }),
      )
      .finally(request.done);
    return { method: 'streamed', expectedEtags: [empty.toString('hex')] };
  }
  const partSize = planPartSize(source.size, opts.streamPartSize);
  const buffers = opts.buffers ?? new Slots(opts.partConcurrency);
  const uploadId = await createUpload(dst, destKey, headers, storageClass, opts.signal, opts.encryption);
  const parts = partsOf(source.size, partSize);
  const partMd5 = new Map<number, string>();
  // The whole body's MD5 (s3rver's ETag for a multipart object, and the source's own when it was
  // one PUT) is hashed in part order; parts that arrive early wait here, within the buffer slots.
  const whole = createHash('md5');
  // A part keeps its buffer slot until it is hashed, so parts waiting for an earlier one stay
  // within the bound too.
  const waiting = new Map<number, { body: Buffer; release: () => void }>();
  let nextToHash = 1;
  const expected = await withUpload(dst, destKey, source, uploadId, opts, async () => {
    const queue = [...parts];
    try {
      await runParts(parts, opts.partConcurrency, opts.signal, async (_, inner) => {
        // The slot is taken before the part number, so parts take slots in order and an early
        // part never waits for a later one's slot (across a whole batch of objects).
        const release = await buffers.acquire();
        let kept = false;
        try {
          const part = queue.shift();
          if (!part) return;
          const body = await readRange(src, source, part, inner, opts.retry);
          const md5 = createHash('md5').update(body).digest();
          const out = await dst.client.send(
            new sdk.UploadPartCommand({
              Bucket: dst.bucket,
              Key: destKey,
              UploadId: uploadId,
              PartNumber: part.partNumber,
              Body: body,
              ContentLength: body.length,
              ContentMD5: md5.toString('base64'),
            }),
            sendOptions({ abortSignal: inner }),
          );
          const etag = bareEtag(out.ETag);
          if (isPlainMd5(etag) && etag !== md5.toString('hex') && out.ServerSideEncryption !== 'aws:kms' && out.SSECustomerAlgorithm === undefined) {
            throw new Error(`Part ${part.partNumber} of s3://${dst.bucket}/${destKey} arrived altered (ETag ${etag}, sent MD5 ${md5.toString('hex')}).`);
          }
          partMd5.set(part.partNumber, md5.toString('hex'));
          opts.onBytes?.(body.length);
          waiting.set(part.partNumber, { body, release });
          kept = true;
          for (let w = waiting.get(nextToHash); w !== undefined; w = waiting.get(nextToHash)) {
            whole.update(w.body);
            waiting.delete(nextToHash);
            w.release();
            nextToHash++;
          }
        } finally {
          if (!kept) release();
        }
      });
    } finally {
      for (const w of waiting.values()) w.release();
      waiting.clear();
    }
    const md5Hex = whole.digest('hex');
    if (isPlainMd5(source.etag) && md5Hex !== bareEtag(source.etag)) {
      throw new SourceChangedError(
        `The bytes read from s3://${src.bucket}/${source.key} (MD5 ${md5Hex}) are not the object planned (ETag ${bareEtag(source.etag)}); it changed while it was copied.`,
      );
    }
    const md5s = parts.map((p) => partMd5.get(p.partNumber) ?? '');
    return {
      parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: quoted(partMd5.get(p.partNumber) ?? '') })),
      expected: [multipartEtagOf(md5s), md5Hex, ...(parts.length === 1 ? [md5s[0] ?? ''] : [])],
    };
  });
  return { method: 'streamed', expectedEtags: expected };
}

/** One range of the source, whole, from the version planned; a body cut off midway is read again. */
async function readRange(src: Endpoint, source: SourceVersion, part: PartPlan, signal: AbortSignal, retry: RetryPolicy | undefined): Promise<Buffer> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  return withRetries(
    async () => {
      const out = await src.client.send(
        new GetObjectCommand({
          Bucket: src.bucket,
          Key: source.key,
          Range: `bytes=${part.start}-${part.start + part.size - 1}`,
          IfMatch: quoted(source.etag),
          ...(source.versionId && source.versionId !== 'null' ? { VersionId: source.versionId } : {}),
        }),
        // Retried here, around the body too: the gateway's own retries would nest inside.
        sendOptions({ abortSignal: signal, retry: { maxAttempts: 1 } }),
      );
      if (!out.Body) throw new Error(`s3://${src.bucket}/${source.key}: the store sent no body for bytes ${part.start}–${part.start + part.size - 1}.`);
      const body = Buffer.from(await out.Body.transformToByteArray());
      if (body.length !== part.size) {
        throw new SourceChangedError(
          `s3://${src.bucket}/${source.key}: bytes ${part.start}–${part.start + part.size - 1} came back as ${body.length} bytes, not ${part.size}.`,
        );
      }
      return body;
    },
    { policy: retry ?? DEFAULT_RETRY_POLICY, signal },
  );
}

export type Verified = { ok: true; by: 'etag' | 'copy-result' | 'parts' } | { ok: false; reason: string };

/**
 * Whether the destination holds the source's bytes: its size, and an ETag that only those bytes
 * give (see the module comment). CopyObject's own ETag counts only when the two ETags can't be
 * compared (a multipart source that the store copied as one object, encryption), never against
 * two plain MD5s that differ.
 */
export async function verifyCopy(dst: Endpoint, destKey: string, source: SourceVersion, written: CopyWritten, signal?: AbortSignal): Promise<Verified> {
  const head = await headObject(dst.client, dst.bucket, destKey, { signal });
  const where = `s3://${dst.bucket}/${destKey}`;
  if (!head) return { ok: false, reason: `${where} is not there after the copy.` };
  if (head.ContentLength !== source.size) return { ok: false, reason: `${where} holds ${head.ContentLength ?? '?'} bytes; the source has ${source.size}.` };
  const etag = bareEtag(head.ETag);
  if (written.expectedEtags.includes(etag)) return { ok: true, by: written.method === 'copy' ? 'etag' : 'parts' };
  const result = written.resultEtag;
  const contradicts = isPlainMd5(source.etag) && result !== undefined && isPlainMd5(result) && result !== bareEtag(source.etag);
  if (written.method === 'copy' && result !== undefined && etag === result && !contradicts) return { ok: true, by: 'copy-result' };
  return { ok: false, reason: `${where} has ETag ${etag || '(none)'}, which is not the copy of the source (ETag ${bareEtag(source.etag)}).` };
}

/** Whether the source is still the version that was copied (checked right before a move deletes it). */
export async function stillSame(src: Endpoint, source: SourceVersion, signal?: AbortSignal): Promise<boolean> {
  const head = await headObject(src.client, src.bucket, source.key, { signal });
  if (!head) return false;
  if (source.versionId && head.VersionId && head.VersionId !== source.versionId) return false;
  return head.ContentLength === source.size && bareEtag(head.ETag) === bareEtag(source.etag);
}

export const COPY_DEFAULTS = {
  /** S3's limit for one CopyObject request. */
  multipartThreshold: 5 * 1024 * MiB,
  /** Server-side parts: big, since no byte passes through here (raised to fit 10,000 parts). */
  partSize: 512 * MiB,
  streamPartSize: 16 * MiB,
  partConcurrency: 4,
} as const;
