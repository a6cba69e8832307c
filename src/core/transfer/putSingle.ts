/**
 * One file in one PutObject. Measured on Ceph RGW and s3rver (bench/README-section.md), the
 * main-thread hashing is what limits throughput, so the body is hashed once (MD5, which the
 * ETag check needs anyway) and never SHA-256'd: the payload is sent as UNSIGNED-PAYLOAD.
 *
 * Small files are read into memory: the SDK can retry a buffer but never retries a stream
 * body, and a batch of many small files is where transient 503/resets show up. Their
 * Content-MD5 header is signed, so the store checks the body on arrival and the body is as
 * protected as a signed payload would make it. Larger files are streamed through the MD5 tap
 * with Content-Length set, so memory stays at stream buffers and Ceph (which refuses
 * aws-chunked bodies without a decoded length) accepts them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import type { PutObjectCommandInput, PutObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryEvent, type RetryPolicy } from '../storage/retry';
import { compareEtag, EtagHasher, type EtagCheck, type LocalDigests } from './etag';
import { FileChangedError, sendBody } from './multipart';
import type { PlannedFile } from './plan';
import { signUnsignedPayload } from './sdkInternals';

/** Up to this size the body is buffered (retryable, Content-MD5); above it, streamed. */
export const BUFFERED_PUT_MAX_BYTES = 8 * 1024 * 1024;

export interface SingleSent {
  etag: string | undefined;
  digests: LocalDigests;
  size: number;
  /** The PutObject response's ETag against the local MD5; 'match' makes a HeadObject redundant. */
  responseCheck: EtagCheck;
}

/** The optional fields allow undefined: uploadFile.ts passes its caller's options straight on. */
export interface SingleOptions {
  signal?: AbortSignal | undefined;
  onBytes: (bytes: number) => void;
  /** Set as soon as the whole file has been read, for the cancel path to ask the store. */
  onDigests: (digests: LocalDigests) => void;
  /** For the streamed PUT, which the gateway can't retry (a stream is read once): a new stream per attempt. */
  retry?: RetryPolicy | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export async function putSingle(client: S3Client, file: PlannedFile, params: Omit<PutObjectCommandInput, 'Body'>, opts: SingleOptions): Promise<SingleSent> {
  return file.size <= BUFFERED_PUT_MAX_BYTES ? putBuffered(client, file, params, opts) : putStreamed(client, file, params, opts);
}

async function putBuffered(client: S3Client, file: PlannedFile, params: Omit<PutObjectCommandInput, 'Body'>, opts: SingleOptions): Promise<SingleSent> {
  const body = await fs.readFile(file.localPath, { signal: opts.signal });
  const md5 = createHash('md5').update(body).digest();
  const digests: LocalDigests = { md5Hex: md5.toString('hex'), multipartEtag: undefined };
  opts.onDigests(digests);
  const response = await send(
    client,
    {
      ...params,
      Body: body,
      ContentLength: body.length,
      ContentMD5: md5.toString('base64'),
    },
    opts.signal,
  );
  opts.onBytes(body.length);
  return { etag: response.ETag, digests, size: body.length, responseCheck: responseCheck(response, digests) };
}

async function putStreamed(client: S3Client, file: PlannedFile, params: Omit<PutObjectCommandInput, 'Body'>, opts: SingleOptions): Promise<SingleSent> {
  return withRetries(() => putStreamedOnce(client, file, params, opts), {
    policy: opts.retry ?? DEFAULT_RETRY_POLICY,
    signal: opts.signal,
    onRetry: opts.onRetry,
  });
}

async function putStreamedOnce(client: S3Client, file: PlannedFile, params: Omit<PutObjectCommandInput, 'Body'>, opts: SingleOptions): Promise<SingleSent> {
  const hasher = new EtagHasher();
  let read = 0;
  let digests: LocalDigests | undefined;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      read += chunk.length;
      // More bytes than the Content-Length sent would be cut off by the store; fewer would leave
      // it waiting for the rest. Either way the object would not be the file as planned.
      if (read > file.size) {
        callback(new FileChangedError(`${file.localPath} changed while uploading: it grew past the ${file.size} bytes it had when the upload began.`));
        return;
      }
      hasher.update(chunk);
      opts.onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (read !== file.size) {
        callback(new FileChangedError(`${file.localPath} changed while uploading: it shrank (${read} of ${file.size} bytes were there).`));
        return;
      }
      digests = hasher.digest();
      opts.onDigests(digests);
      callback();
    },
  });
  const source = createReadStream(file.localPath);
  // Read errors (file vanished, unreadable) reach the SDK through the tap it reads from.
  pipeline(source, tap, () => undefined);
  try {
    const response = await send(client, { ...params, Body: tap, ContentLength: file.size }, opts.signal, tap);
    if (!digests) {
      // The store answered before the body was complete; never seen, but not a success either.
      throw new Error(`s3://${params.Bucket}/${params.Key}: the store answered before the whole file was sent.`);
    }
    return { etag: response.ETag, digests, size: read, responseCheck: responseCheck(response, digests) };
  } catch (error) {
    // The next attempt sends these bytes again.
    opts.onBytes(-Math.min(read, file.size));
    throw error;
  } finally {
    // Stops reading the file if the request ended early (cancel, error).
    source.destroy();
    tap.destroy();
  }
}

async function send(
  client: S3Client,
  input: PutObjectCommandInput,
  signal: AbortSignal | undefined,
  streamBody?: NodeJS.ReadableStream,
): Promise<PutObjectCommandOutput> {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const command = new PutObjectCommand(input);
  signUnsignedPayload(command);
  return streamBody ? sendBody<PutObjectCommandOutput>(client, command, streamBody, signal) : client.send(command, signal ? { abortSignal: signal } : {});
}

/** KMS and customer-key encryption make the ETag unrelated to the content. */
function responseCheck(response: PutObjectCommandOutput, digests: LocalDigests): EtagCheck {
  const encrypted =
    response.ServerSideEncryption === 'aws:kms' || response.ServerSideEncryption === 'aws:kms:dsse' || response.SSECustomerAlgorithm !== undefined;
  return encrypted ? 'not-comparable' : compareEtag(response.ETag, digests);
}
