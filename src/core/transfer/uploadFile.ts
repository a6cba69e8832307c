/**
 * Uploads one planned file: a single PutObject up to the threshold, lib-storage multipart
 * above it, then a check that the store holds what was read from disk.
 *
 * The check of a single PUT needs no extra request when the PutObject response's ETag equals
 * the MD5 of the bytes sent: the store then holds exactly those bytes (the ETag of a
 * single-part object is the MD5 the store computed of what it received), and their count is
 * the file's size because the tap that hashed them also counted them against the
 * Content-Length. HeadObject is asked only when that ETag says nothing (KMS or customer-key
 * encryption, a gateway's opaque ETag, none at all) or disagrees, and after every multipart
 * upload. On many small files the HeadObject doubled the requests.
 *
 * Multipart parts are signed UNSIGNED-PAYLOAD and only their MD5s are taken while sending: the
 * SigV4 SHA-256 and a whole-file MD5 were two of the three hash passes that held a 1 GiB upload
 * to half of aws-cli's speed on Ceph. The part MD5s still make the AWS/Ceph multipart ETag
 * ("md5 of the part MD5s-N") that the stored object is checked against, so a part that arrived
 * altered fails the check as before; only a store that gives a multipart object the plain
 * whole-file MD5 (s3rver) needs that MD5, and for it the file is read a second time.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { compareEtag, EtagHasher, hashingTap, md5OfFile, needsWholeMd5, type EtagCheck, type LocalDigests } from './etag';
import type { PlannedFile } from './plan';
import { BUFFERED_PUT_MAX_BYTES, putSingle } from './putSingle';
import type { UploadTarget } from './upload';
import { unsignedPartsClient } from './unsignedPayload';

export interface SendOptions {
  partSize: number;
  queueSize: number;
  threshold: number;
  verify: boolean;
  /** Send If-None-Match: * so an object that appeared since the existence check is not replaced. */
  ifNoneMatch: boolean;
  signal?: AbortSignal;
  onBytes: (bytes: number) => void;
}

interface Common {
  multipart: boolean;
  /** A CreateMultipartUpload may have happened, so leftovers must be looked for on failure. */
  multipartStarted: boolean;
}

export type SendOutcome =
  | (Common & { kind: 'uploaded'; etag: string | undefined; etagCheck: EtagCheck | undefined })
  | (Common & { kind: 'exists'; error: unknown })
  | (Common & { kind: 'cancelled'; error: unknown })
  | (Common & { kind: 'failed'; stage: 'upload' | 'verify'; error: unknown });

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

export async function uploadOneFile(
  client: S3Client,
  file: PlannedFile,
  target: UploadTarget,
  opts: SendOptions,
): Promise<SendOutcome> {
  const multipart = file.size > opts.threshold;
  const common: Common = { multipart, multipartStarted: multipart && file.size > opts.partSize };
  let sent: { etag: string | undefined; digests: LocalDigests; size: number; responseCheck?: EtagCheck };
  const local: LocalState = {};
  try {
    sent = multipart
      ? await sendMultipart(client, file, target, opts, local)
      : await sendSingle(client, file, target, opts, local);
  } catch (error) {
    if (opts.signal?.aborted) {
      const digests = local.digests?.();
      const landed = digests ? await landedAnyway(client, target.bucket, file, digests) : undefined;
      if (landed) {
        return { ...common, kind: 'uploaded', etag: landed, etagCheck: 'match', multipartStarted: false };
      }
      if (!multipart && file.size > BUFFERED_PUT_MAX_BYTES) {
        await removeTruncated(client, target.bucket, file.key, file.size);
      }
      return { ...common, kind: 'cancelled', error };
    }
    if (httpStatus(error) === 412) {
      return { ...common, kind: 'exists', error };
    }
    return { ...common, kind: 'failed', stage: 'upload', error };
  }
  if (!opts.verify) {
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck: undefined, multipartStarted: false };
  }
  if (sent.responseCheck === 'match') {
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck: 'match', multipartStarted: false };
  }
  try {
    const etagCheck = await verifyStored(client, target.bucket, file, sent.size, sent.digests);
    return { ...common, kind: 'uploaded', etag: sent.etag, etagCheck, multipartStarted: false };
  } catch (error) {
    return { ...common, kind: 'failed', stage: 'verify', error, multipartStarted: false };
  }
}

interface LocalState {
  /** What was read from disk; undefined until the whole file has been read. */
  digests?: () => LocalDigests | undefined;
}

/**
 * A cancel can come after the store received the whole body (or the Complete request), and
 * the store then finishes the write although the client stopped listening. Asking the store
 * keeps the report exact: such a file is uploaded, not cancelled. It is polled briefly because
 * the store may still be finishing that write.
 */
async function landedAnyway(
  client: S3Client,
  bucket: string,
  file: PlannedFile,
  digests: LocalDigests,
): Promise<string | undefined> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  let local = digests;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }));
      // Kept across attempts so the file is re-read at most once.
      local = await withWholeMd5(head.ETag, local, file);
      if (compareEtag(head.ETag, local) === 'match') {
        return head.ETag;
      }
    } catch {
      // Absent (404) or unreachable: not known to have landed.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return undefined;
}

/**
 * s3rver (unlike Ceph RGW and AWS) stores the truncated body of a streamed PUT that was cut off,
 * though its Content-Length announced the whole file. An object of another length than the one
 * announced can only be such a remnant (a store that honours Content-Length never writes it, and
 * the object it replaced was already lost to the truncated write), so it is removed to keep the
 * "a cancelled upload leaves no object" promise.
 */
async function removeTruncated(client: S3Client, bucket: string, key: string, announced: number): Promise<void> {
  const { DeleteObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  // s3rver writes the remnant once it notices the cut, which can be a moment after the cancel.
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      if (head.ContentLength !== undefined && head.ContentLength !== announced) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        return;
      }
    } catch {
      // Absent (the usual case) or unreachable: nothing to remove, or nothing that can be done.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function objectParams(file: PlannedFile, target: UploadTarget, ifNoneMatch: boolean) {
  return {
    Bucket: target.bucket,
    Key: file.key,
    ContentType: file.contentType,
    ACL: target.acl,
    StorageClass: target.storageClass,
    CacheControl: target.cacheControl,
    ContentDisposition: target.contentDisposition,
    Metadata: target.metadata,
    IfNoneMatch: ifNoneMatch ? '*' : undefined,
  };
}

async function sendSingle(client: S3Client, file: PlannedFile, target: UploadTarget, opts: SendOptions, local: LocalState) {
  let digests: LocalDigests | undefined;
  local.digests = () => digests;
  return putSingle(client, file, objectParams(file, target, opts.ifNoneMatch), {
    signal: opts.signal,
    onBytes: opts.onBytes,
    onDigests: (d) => {
      digests = d;
    },
  });
}

async function sendMultipart(
  client: S3Client,
  file: PlannedFile,
  target: UploadTarget,
  opts: SendOptions,
  local: LocalState,
) {
  const { Upload } = await import('@aws-sdk/lib-storage');
  const hasher = new EtagHasher(opts.partSize, { wholeBody: false });
  // Only meaningful if the whole file was read; otherwise it simply will not match.
  local.digests = () => hasher.digest();
  const source = createReadStream(file.localPath);
  const tap = hashingTap(hasher);
  // Errors (file vanished, unreadable) reach lib-storage through the tap it reads from.
  pipeline(source, tap, () => undefined);
  const controller = new AbortController();
  const upload = new Upload({
    client: await unsignedPartsClient(client),
    params: { ...objectParams(file, target, opts.ifNoneMatch), Body: tap, ContentLength: file.size },
    partSize: opts.partSize,
    queueSize: opts.queueSize,
    leavePartsOnError: false,
    abortController: controller,
  });
  let reported = 0;
  upload.on('httpUploadProgress', (p) => {
    const loaded = p.loaded ?? 0;
    if (loaded > reported) {
      opts.onBytes(loaded - reported);
      reported = loaded;
    }
  });
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) {
      controller.abort();
    }
    const out = await upload.done();
    return { etag: out.ETag, digests: hasher.digest(), size: file.size };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // Stops reading the file if lib-storage gave up part-way.
    source.destroy();
    tap.destroy();
  }
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

async function verifyStored(
  client: S3Client,
  bucket: string,
  file: PlannedFile,
  size: number,
  sentDigests: LocalDigests,
): Promise<EtagCheck> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const key = file.key;
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  if (head.ContentLength !== size) {
    throw new VerificationError(
      `s3://${bucket}/${key} holds ${head.ContentLength ?? 'unknown'} bytes, but ${size} were uploaded.`,
    );
  }
  // Server-side encryption with KMS or customer keys makes the ETag unrelated to the content.
  const encrypted = head.ServerSideEncryption === 'aws:kms' || head.SSECustomerAlgorithm !== undefined;
  const digests = encrypted ? sentDigests : await withWholeMd5(head.ETag, sentDigests, file);
  const check = encrypted ? 'not-comparable' : compareEtag(head.ETag, digests);
  if (check === 'mismatch') {
    throw new VerificationError(
      `s3://${bucket}/${key} has ETag ${head.ETag ?? '(none)'}, which does not match the local file ` +
        `(${[digests.md5Hex && `MD5 ${digests.md5Hex}`, digests.multipartEtag && `multipart ${digests.multipartEtag}`]
          .filter(Boolean).join(', ')}).`,
    );
  }
  return check;
}
