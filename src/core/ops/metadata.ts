/**
 * An object's properties (HeadObject), and Edit Metadata: the object copied onto itself with
 * MetadataDirective REPLACE carrying every header it had, with only the user's changes applied.
 * S3 has no "update one header": a REPLACE copy writes exactly the headers it is given, so the
 * untouched ones are read first and sent again, and so are the storage class and KMS key (which
 * a copy would otherwise reset to the bucket's defaults). Above the multipart threshold the copy
 * goes by parts onto the same key, with the same result.
 *
 * The edit is made from the version the user looked at (its ETag; a changed object is refused,
 * not overwritten with stale headers), and checked afterwards: same size, the bytes' ETag, and
 * every header as intended.
 */
import type { HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { COPY_DEFAULTS, copyObjectTo, SourceChangedError, verifyCopy, type CopyMethod, type Encryption } from './copyObject';
import { HEADER_FIELDS, HEADER_NAMES, headersOf, storageClassOf, type HeaderField, type ObjectHeaders } from './headers';
import { bareEtag, headObject, type Send } from './s3util';

export interface ObjectProperties extends ObjectHeaders {
  bucket: string;
  key: string;
  size: number;
  lastModified?: Date | undefined;
  etag?: string | undefined;
  versionId?: string | undefined;
  /** STANDARD where the store leaves the header out, as S3 does. */
  storageClass: string;
  serverSideEncryption?: string | undefined;
  sseKmsKeyId?: string | undefined;
  sseCustomerAlgorithm?: string | undefined;
  websiteRedirectLocation?: string | undefined;
  /** Parts of a multipart object, where the store says. */
  partsCount?: number | undefined;
}

export function propertiesOf(bucket: string, key: string, head: HeadObjectCommandOutput): ObjectProperties {
  return {
    bucket,
    key,
    size: head.ContentLength ?? 0,
    lastModified: head.LastModified,
    etag: head.ETag,
    versionId: head.VersionId,
    storageClass: head.StorageClass ?? 'STANDARD',
    serverSideEncryption: head.ServerSideEncryption,
    sseKmsKeyId: head.SSEKMSKeyId,
    sseCustomerAlgorithm: head.SSECustomerAlgorithm,
    websiteRedirectLocation: head.WebsiteRedirectLocation,
    partsCount: head.PartsCount,
    ...headersOf(head),
  };
}

/** The object's properties, or undefined when there is no such object. */
export async function readProperties(client: S3Client, bucket: string, key: string, send: Send = {}): Promise<ObjectProperties | undefined> {
  const head = await headObject(client, bucket, key, send);
  return head ? propertiesOf(bucket, key, head) : undefined;
}

/** What the user changed: a new value, or null to remove the header. Anything absent is kept. */
export interface MetadataChanges {
  headers?: Partial<Record<HeaderField, string | null>>;
  /** User metadata by name (without x-amz-meta-). */
  metadata?: Record<string, string | null>;
}

export function applyChanges(current: ObjectHeaders, changes: MetadataChanges): ObjectHeaders {
  const next: ObjectHeaders = { ...current, metadata: { ...current.metadata } };
  for (const f of HEADER_FIELDS) {
    const v = changes.headers?.[f];
    if (v === null) delete next[f];
    else if (v !== undefined) next[f] = v;
  }
  for (const [name, v] of Object.entries(changes.metadata ?? {})) {
    const n = name.toLowerCase();
    if (v === null) delete next.metadata[n];
    else next.metadata[n] = v;
  }
  return next;
}

/** The headers whose values differ, by their HTTP names. */
export function headerDifferences(a: ObjectHeaders, b: ObjectHeaders): string[] {
  const out: string[] = [];
  for (const f of HEADER_FIELDS) {
    if (f === 'expires') {
      // Stores rewrite the date's format; the instant is what must match.
      const t = (v: string | undefined): number | undefined => (v === undefined ? undefined : new Date(v).getTime());
      if (t(a.expires) !== t(b.expires)) out.push(HEADER_NAMES.expires);
    } else if ((a[f] ?? '') !== (b[f] ?? '')) {
      out.push(HEADER_NAMES[f]);
    }
  }
  for (const n of new Set([...Object.keys(a.metadata), ...Object.keys(b.metadata)])) {
    if (a.metadata[n] !== b.metadata[n]) out.push(`x-amz-meta-${n}`);
  }
  return out;
}

export interface EditOptions {
  /** The ETag the user saw; the edit is refused when the object changed since. */
  expectedEtag?: string | undefined;
  multipartThreshold?: number | undefined;
  partSize?: number | undefined;
  streamPartSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface EditResult {
  before: ObjectProperties;
  after: ObjectProperties;
  /** The headers that changed, by their HTTP names. */
  changed: string[];
  method: CopyMethod;
}

/** Refusals before anything is written; the message says why and what to do. */
export class MetadataEditRefused extends Error {
  override name = 'MetadataEditRefused';
}

/** The store wrote the object but not every header as asked (a gateway that drops some). */
export class MetadataNotApplied extends Error {
  override name = 'MetadataNotApplied';
}

export async function editMetadata(client: S3Client, bucket: string, key: string, changes: MetadataChanges, opts: EditOptions = {}): Promise<EditResult> {
  const where = `s3://${bucket}/${key}`;
  const head = await headObject(client, bucket, key, { signal: opts.signal });
  if (!head) throw new MetadataEditRefused(`${where} is no longer there; nothing was changed.`);
  if (opts.expectedEtag !== undefined && bareEtag(head.ETag) !== bareEtag(opts.expectedEtag)) {
    throw new SourceChangedError(
      `${where} changed since its properties were read (ETag ${bareEtag(head.ETag)}); nothing was changed. Look at its properties again.`,
    );
  }
  if (head.SSECustomerAlgorithm) {
    throw new MetadataEditRefused(
      `${where} is encrypted with a customer-provided key (SSE-C); its metadata can only be rewritten with that key, so nothing was changed.`,
    );
  }
  const before = propertiesOf(bucket, key, head);
  const desired = applyChanges(before, changes);
  const changed = headerDifferences(before, desired);
  if (changed.length === 0) return { before, after: before, changed, method: 'copy' };
  const source = { key, size: before.size, etag: bareEtag(head.ETag), versionId: head.VersionId, storageClass: head.StorageClass };
  const encryption: Encryption | undefined =
    head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse'
      ? { ServerSideEncryption: head.ServerSideEncryption, ...(head.SSEKMSKeyId ? { SSEKMSKeyId: head.SSEKMSKeyId } : {}) }
      : undefined;
  const self = { client, bucket };
  const written = await copyObjectTo(self, source, self, key, {
    sameStore: true,
    multipartThreshold: opts.multipartThreshold ?? COPY_DEFAULTS.multipartThreshold,
    partSize: opts.partSize ?? COPY_DEFAULTS.partSize,
    streamPartSize: opts.streamPartSize ?? COPY_DEFAULTS.streamPartSize,
    partConcurrency: COPY_DEFAULTS.partConcurrency,
    signal: opts.signal,
    headers: desired,
    storageClass: storageClassOf(head),
    encryption,
  });
  // Checked whatever happens to the signal now: the object was rewritten.
  const settle = AbortSignal.timeout(60_000);
  const verified = await verifyCopy(self, key, source, written, settle);
  if (!verified.ok) throw new MetadataNotApplied(`${where} was rewritten, but ${verified.reason}`);
  const after = await readProperties(client, bucket, key, { signal: settle });
  if (!after) throw new MetadataNotApplied(`${where} is not there after its metadata was rewritten.`);
  const differ = headerDifferences(desired, after);
  if (differ.length) {
    throw new MetadataNotApplied(
      `${where} was rewritten, but the store did not keep ${differ.join(', ')} as asked; look at its properties to see what it holds.`,
    );
  }
  if (after.storageClass !== before.storageClass) {
    throw new MetadataNotApplied(`${where} was rewritten, but its storage class is now ${after.storageClass}, not ${before.storageClass}.`);
  }
  return { before, after, changed, method: written.method };
}
