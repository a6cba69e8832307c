// The headers an object carries beside its bytes, as HeadObject reports them and as a copy or a
// metadata edit writes them again.
import type { CopyObjectCommandInput, HeadObjectCommandOutput, StorageClass } from '@aws-sdk/client-s3';

/** The headers a user sets and Edit Metadata edits; `undefined`: the object has none. */
export interface ObjectHeaders {
  contentType?: string | undefined;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  contentEncoding?: string | undefined;
  contentLanguage?: string | undefined;
  /** The Expires header as the store sent it (RFC 1123 date, or whatever the writer put there). */
  expires?: string | undefined;
  /** x-amz-meta-* without the prefix, names in lower case as S3 keeps them. */
  metadata: Record<string, string>;
}

export type HeaderField = Exclude<keyof ObjectHeaders, 'metadata'>;

export const HEADER_FIELDS: readonly HeaderField[] = ['contentType', 'cacheControl', 'contentDisposition', 'contentEncoding', 'contentLanguage', 'expires'];

/** HTTP names, for messages and the properties view. */
export const HEADER_NAMES: Record<HeaderField, string> = {
  contentType: 'Content-Type',
  cacheControl: 'Cache-Control',
  contentDisposition: 'Content-Disposition',
  contentEncoding: 'Content-Encoding',
  contentLanguage: 'Content-Language',
  expires: 'Expires',
};

export function headersOf(head: HeadObjectCommandOutput): ObjectHeaders {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(head.Metadata ?? {})) metadata[k.toLowerCase()] = v;
  const expires = head.ExpiresString ?? (head.Expires && !Number.isNaN(head.Expires.getTime()) ? head.Expires.toUTCString() : undefined);
  return {
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    contentDisposition: head.ContentDisposition,
    contentEncoding: head.ContentEncoding,
    contentLanguage: head.ContentLanguage,
    expires,
    metadata,
  };
}

/**
 * The request fields that write `headers` on a new object (CreateMultipartUpload, PutObject,
 * CopyObject with MetadataDirective REPLACE). Absent headers are left out, so the store sets none.
 */
export function headerParams(
  headers: ObjectHeaders,
): Pick<CopyObjectCommandInput, 'ContentType' | 'CacheControl' | 'ContentDisposition' | 'ContentEncoding' | 'ContentLanguage' | 'Expires' | 'Metadata'> {
  const out: ReturnType<typeof headerParams> = { Metadata: { ...headers.metadata } };
  if (headers.contentType !== undefined) out.ContentType = headers.contentType;
  if (headers.cacheControl !== undefined) out.CacheControl = headers.cacheControl;
  if (headers.contentDisposition !== undefined) out.ContentDisposition = headers.contentDisposition;
  if (headers.contentEncoding !== undefined) out.ContentEncoding = headers.contentEncoding;
  if (headers.contentLanguage !== undefined) out.ContentLanguage = headers.contentLanguage;
  if (headers.expires !== undefined) {
    const date = new Date(headers.expires);
    // An Expires the SDK can't send as a date (a writer's free text) is dropped rather than failing the copy.
    if (!Number.isNaN(date.getTime())) out.Expires = date;
  }
  return out;
}

/** The storage class to ask for so a rewrite keeps the object's own (HeadObject leaves STANDARD out). */
export function storageClassOf(head: Pick<HeadObjectCommandOutput, 'StorageClass'>): StorageClass | undefined {
  return head.StorageClass && head.StorageClass !== 'STANDARD' ? head.StorageClass : undefined;
}
