// What can be read off a presigned URL without the secret: which method it was probably signed
// for, and when it stops working.
//
// A presigned URL does not carry its HTTP method: SigV4 signs the method into the signature but
// never writes it into the query, so a GET URL and a PUT URL for the same key look alike. The
// heuristic, in order (first hit decides; otherwise the method is unknown and nothing is said):
//  1. `x-id=PutObject` / `x-id=GetObject` (also UploadPart, HeadObject…): the AWS SDK for
//     JavaScript v3 adds the operation name to every request, presigned ones included.
//  2. `response-*` overrides (response-content-type, response-content-disposition…): S3 only
//     honours these on GET, so their presence means a GET URL.
//  3. X-Amz-SignedHeaders naming a body header (content-type, content-md5, x-amz-acl,
//     x-amz-meta-*, x-amz-server-side-encryption*, x-amz-storage-class, x-amz-checksum-*,
//     x-amz-sdk-checksum-algorithm) or an `x-amz-checksum-*` / `x-amz-sdk-checksum-algorithm`
//     query parameter: these describe an upload, so the URL is taken for a PUT.
// SigV2 URLs (AWSAccessKeyId/Signature/Expires) reveal only their absolute expiry.

export type PresignMethod = 'GET' | 'PUT' | 'unknown';

const GET_IDS = new Set(['getobject', 'headobject', 'getobjectattributes']);
const PUT_IDS = new Set(['putobject', 'uploadpart', 'createmultipartupload', 'completemultipartupload']);
const BODY_HEADER =
  /^(content-type|content-md5|x-amz-acl|x-amz-meta-.+|x-amz-server-side-encryption.*|x-amz-storage-class|x-amz-checksum-.+|x-amz-sdk-checksum-algorithm|x-amz-grant-.+|x-amz-tagging)$/;

function queryOf(url: string): URLSearchParams | undefined {
  try {
    return new URL(url).searchParams;
  } catch {
    return undefined;
  }
}

/** Lower-cased query names, since SDKs differ in how they case X-Amz-* names. */
function lowerQuery(q: URLSearchParams): Map<string, string> {
  const m = new Map<string, string>();
  q.forEach((v, k) => m.set(k.toLowerCase(), v));
  return m;
}

export function presignMethod(url: string): PresignMethod {
  const raw = queryOf(url);
  if (!raw) return 'unknown';
  const q = lowerQuery(raw);
  const xid = q.get('x-id')?.toLowerCase();
  if (xid && GET_IDS.has(xid)) return 'GET';
  if (xid && PUT_IDS.has(xid)) return 'PUT';
  if ([...q.keys()].some((k) => k.startsWith('response-'))) return 'GET';
  const signed = (q.get('x-amz-signedheaders') ?? '').toLowerCase().split(';');
  if (signed.some((h) => BODY_HEADER.test(h))) return 'PUT';
  if ([...q.keys()].some((k) => k.startsWith('x-amz-checksum-') || k === 'x-amz-sdk-checksum-algorithm')) return 'PUT';
  return 'unknown';
}

export function isPresigned(url: string): boolean {
  const raw = queryOf(url);
  if (!raw) return false;
  const q = lowerQuery(raw);
  return q.has('x-amz-signature') || q.has('x-amz-credential') || (q.has('awsaccesskeyid') && q.has('signature'));
}

/** Parses X-Amz-Date (yyyymmddThhmmssZ). */
export function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  // None of the six groups is optional: each is set whenever the pattern matched.
  const [, y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se));
}

/** When the URL stops working: X-Amz-Date + X-Amz-Expires (SigV4), or Expires (SigV2). */
export function presignExpiry(url: string): Date | undefined {
  const raw = queryOf(url);
  if (!raw) return undefined;
  const q = lowerQuery(raw);
  const date = q.get('x-amz-date');
  const expires = q.get('x-amz-expires');
  if (date && expires && /^\d+$/.test(expires)) {
    const start = parseAmzDate(date);
    return start ? new Date(start.getTime() + Number(expires) * 1000) : undefined;
  }
  const v2 = q.get('expires');
  if (q.has('awsaccesskeyid') && v2 && /^\d+$/.test(v2)) return new Date(Number(v2) * 1000);
  return undefined;
}
