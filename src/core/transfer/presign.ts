/**
 * Presigned GET/PUT URLs for encoding services (Dolby.io Media APIs take `{ input, output }`).
 * Signing is local computation only: no request reaches the storage, so it works offline and
 * against an endpoint that is down. SDK values are imported lazily so activation stays light.
 */
import type { ObjectCannedACL, S3Client } from '@aws-sdk/client-s3';
import { MAX_PRESIGN_EXPIRY_SECONDS } from './expiry';
import { fastPresign } from './sdkInternals';

export interface PresignGetOptions {
  bucket: string;
  key: string;
  expiresInSeconds: number;
}

export interface PresignPutOptions {
  bucket: string;
  key: string;
  expiresInSeconds: number;
  /**
   * Content type the uploader will send; it becomes part of the signature. Omit it for uploaders
   * that send no or an unknown Content-Type (an encoding service writing its output).
   */
  contentType?: string;
  acl?: ObjectCannedACL;
  metadata?: Record<string, string>;
}

export interface PresignedRequest {
  method: 'GET' | 'PUT';
  url: string;
  /** Headers the request must carry exactly, or the storage answers 403 SignatureDoesNotMatch. */
  headers: Record<string, string>;
  expiresInSeconds: number;
  expiresAt: Date;
}

function checkExpiry(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_EXPIRY_SECONDS) {
    throw new RangeError(`A presigned URL must be valid for 1 to ${MAX_PRESIGN_EXPIRY_SECONDS} seconds (7 days); got ${seconds}.`);
  }
}

/**
 * Clients with the SDK's default WHEN_SUPPORTED checksums would sign a CRC32 of the empty body
 * into a PUT URL, which then fails for any real upload; a URL cannot carry a body checksum.
 */
function stripChecksumHeaders(request: unknown): void {
  const headers = (request as { headers?: Record<string, string> } | undefined)?.headers;
  for (const name of Object.keys(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') {
      delete headers?.[name];
    }
  }
}

// Last in the build step, after the checksum middleware; the presigner short-circuits before finalizeRequest.
const STRIP_CHECKSUMS = { step: 'build', priority: 'low', name: 'mswbStripPresignChecksums' } as const;

export async function presignGet(client: S3Client, opts: PresignGetOptions): Promise<PresignedRequest> {
  checkExpiry(opts.expiresInSeconds);
  const signedAt = Date.now();
  const url =
    (await fastPresign(client, { method: 'GET', bucket: opts.bucket, key: opts.key, expiresInSeconds: opts.expiresInSeconds, headers: {} })) ??
    (await presignGetFull(client, opts));
  return {
    method: 'GET',
    url,
    headers: {},
    expiresInSeconds: opts.expiresInSeconds,
    expiresAt: new Date(signedAt + opts.expiresInSeconds * 1000),
  };
}

/** Through getSignedUrl: the reference the fast path is compared with, and its fallback. */
export async function presignGetFull(client: S3Client, opts: PresignGetOptions & { signingDate?: Date }): Promise<string> {
  const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
  const command = new GetObjectCommand({ Bucket: opts.bucket, Key: opts.key });
  command.middlewareStack.add(
    (next) => async (args) => {
      stripChecksumHeaders(args.request);
      return next(args);
    },
    STRIP_CHECKSUMS,
  );
  return getSignedUrl(client, command, {
    expiresIn: opts.expiresInSeconds,
    ...(opts.signingDate !== undefined ? { signingDate: opts.signingDate } : {}),
  });
}

export async function presignPut(client: S3Client, opts: PresignPutOptions): Promise<PresignedRequest> {
  checkExpiry(opts.expiresInSeconds);
  const headers = putHeaders(opts);
  const signed = new Set(Object.keys(headers));
  const signedAt = Date.now();
  const url =
    (await fastPresign(client, {
      method: 'PUT',
      bucket: opts.bucket,
      key: opts.key,
      expiresInSeconds: opts.expiresInSeconds,
      headers,
      signableHeaders: signed,
      unhoistableHeaders: signed,
    })) ?? (await presignPutFull(client, opts));
  return {
    method: 'PUT',
    url,
    headers,
    expiresInSeconds: opts.expiresInSeconds,
    expiresAt: new Date(signedAt + opts.expiresInSeconds * 1000),
  };
}

function putHeaders(opts: PresignPutOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (opts.contentType) {
    headers['content-type'] = opts.contentType;
  }
  if (opts.acl) {
    headers['x-amz-acl'] = opts.acl;
  }
  for (const [name, value] of Object.entries(opts.metadata ?? {})) {
    headers[`x-amz-meta-${name.toLowerCase()}`] = value;
  }
  return headers;
}

/** Through getSignedUrl: the reference the fast path is compared with, and its fallback. */
export async function presignPutFull(client: S3Client, opts: PresignPutOptions & { signingDate?: Date }): Promise<string> {
  const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
  const headers = putHeaders(opts);
  const command = new PutObjectCommand({
    Bucket: opts.bucket,
    Key: opts.key,
    ContentType: opts.contentType,
    ACL: opts.acl,
    Metadata: opts.metadata,
  });
  command.middlewareStack.add(
    (next) => async (args) => {
      stripChecksumHeaders(args.request);
      return next(args);
    },
    STRIP_CHECKSUMS,
  );
  const signed = new Set(Object.keys(headers));
  return getSignedUrl(client, command, {
    expiresIn: opts.expiresInSeconds,
    ...(opts.signingDate !== undefined ? { signingDate: opts.signingDate } : {}),
    // The presigner leaves Content-Type unsigned by default, which would let any type through;
    // signing it makes the stored type the one that was chosen here.
    signableHeaders: signed,
    // Kept as headers rather than query parameters: not every S3-compatible store reads
    // x-amz-acl or x-amz-meta-* from the query string.
    unhoistableHeaders: signed,
  });
}

export interface ObjectRef {
  bucket: string;
  key: string;
}

/** The Dolby.io Media APIs request pair: the service GETs `input` and PUTs `output`. */
export interface DolbyUrlPair {
  input: string;
  output: string;
}

export async function presignDolbyPair(
  client: S3Client,
  opts: {
    input: ObjectRef;
    output: ObjectRef;
    inputExpiresInSeconds: number;
    outputExpiresInSeconds: number;
  },
): Promise<DolbyUrlPair> {
  // No content type on the output: the service decides what it sends, and a signed type it
  // does not send would make its PUT fail with 403.
  const [input, output] = await Promise.all([
    presignGet(client, { ...opts.input, expiresInSeconds: opts.inputExpiresInSeconds }),
    presignPut(client, { ...opts.output, expiresInSeconds: opts.outputExpiresInSeconds }),
  ]);
  return { input: input.url, output: output.url };
}

/** Dolby's alternative to presigning: an s3:// URL plus credentials the service uses itself. */
export interface DolbyAuthLocation {
  url: string;
  auth: { key: string; secret: string };
}

/**
 * The secret ends up in the request body; the caller must not log the result (redact() does
 * not know which string is a secret here).
 */
export function dolbyAuthLocation(ref: ObjectRef, credentials: { accessKeyId: string; secretAccessKey: string }): DolbyAuthLocation {
  return {
    url: `s3://${ref.bucket}/${ref.key}`,
    auth: { key: credentials.accessKeyId, secret: credentials.secretAccessKey },
  };
}
