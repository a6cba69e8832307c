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

import { isRecord } from '../../guards';
import { parseS3Url } from '../../storage/s3url';
import type { JsonPath } from '../types';
import { report, type Rule } from './rule';

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

// ---- SigV4 query grammar ----
//
// What S3 checks before it even compares signatures (SigV4 "Authenticating Requests: Using Query
// Parameters"): the algorithm, the request date in ISO 8601 basic format, the credential scope
// <access key>/<yyyymmdd>/<region>/s3/aws4_request dated the same day as X-Amz-Date, the signed
// headers (host always among them) and a 64-hex signature. A URL missing a parameter or with an
// X-Amz-Expires outside 1..604800 does not parse as presigned at all; the payload rules report
// that (payload/invalid-presigned-url), so the grammar is only judged on URLs that parse.

export interface SigV4Problem {
  code: string;
  message: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** A real calendar date `yyyymmdd`, or undefined. */
function calendarDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [, y = 0, mo = 0, d = 0] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

/** X-Amz-Date as S3 reads it: yyyymmddThhmmssZ naming a real instant. */
function amzDate(s: string): Date | undefined {
  const m = /^(\d{8})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m || !calendarDate(m[1] ?? '')) return undefined;
  const [h = 99, mi = 99, se = 99] = m.slice(2).map(Number);
  return h < 24 && mi < 60 && se < 60 ? parseAmzDate(s) : undefined;
}

/** Problems with a presigned URL's SigV4 query parameters; empty for a well-formed one or a URL that is not SigV4-presigned. */
export function sigV4Problems(url: string): SigV4Problem[] {
  const raw = queryOf(url);
  if (!raw) return [];
  const q = lowerQuery(raw);
  if (!q.has('x-amz-signature') && !q.has('x-amz-credential') && !q.has('x-amz-algorithm')) return [];
  const out: SigV4Problem[] = [];
  const refused = 'S3 refuses the URL (400 AuthorizationQueryParametersError); presign it again.';
  const algorithm = q.get('x-amz-algorithm') ?? '';
  if (algorithm !== ALGORITHM) {
    out.push({
      code: 'payload/presigned-bad-algorithm',
      message: `X-Amz-Algorithm is "${algorithm}", but S3 presigned URLs are signed with "${ALGORITHM}". ${refused}`,
    });
  }
  const dateText = q.get('x-amz-date') ?? '';
  const date = amzDate(dateText);
  if (!date) {
    out.push({
      code: 'payload/presigned-bad-date',
      message: `X-Amz-Date "${dateText}" is not a date and time in the form YYYYMMDDTHHMMSSZ (UTC), e.g. 20250101T000000Z. ${refused}`,
    });
  }
  const credential = q.get('x-amz-credential') ?? '';
  const scope = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request$/.exec(credential);
  if (!scope || !calendarDate(scope[2] ?? '')) {
    out.push({
      code: 'payload/presigned-bad-credential',
      message: `X-Amz-Credential "${credential}" is not <access key id>/<YYYYMMDD>/<region>/s3/aws4_request. ${refused}`,
    });
  } else if (date && scope[2] !== dateText.slice(0, 8)) {
    out.push({
      code: 'payload/presigned-scope-date-mismatch',
      message: `The credential scope is dated ${scope[2] ?? ''} but X-Amz-Date is ${dateText}: SigV4 signs with a key for the day of X-Amz-Date, so S3 refuses the URL. Presign it again.`,
    });
  }
  const signedHeaders = q.get('x-amz-signedheaders') ?? '';
  const headers = signedHeaders.split(';');
  if (!headers.includes('host') || headers.some((h) => h === '' || h !== h.toLowerCase())) {
    out.push({
      code: 'payload/presigned-bad-signed-headers',
      message: `X-Amz-SignedHeaders "${signedHeaders}" must be the lower-case, ;-separated names of the signed headers, and "host" is always among them. ${refused}`,
    });
  }
  const signature = q.get('x-amz-signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    out.push({
      code: 'payload/presigned-bad-signature',
      message: `X-Amz-Signature must be 64 lower-case hexadecimal digits (a SHA-256 HMAC); this one has ${signature.length} characters and cannot match. Presign the URL again.`,
    });
  }
  return out;
}

/** Every string of a document that is an http(s) URL with SigV4 query parameters, with its path. */
function presignedStrings(value: unknown, path: JsonPath, out: { url: string; path: JsonPath }[]): void {
  if (typeof value === 'string') {
    if (/^https?:\/\//i.test(value) && /[?&]x-amz-(signature|credential|algorithm)=/i.test(value)) out.push({ url: value, path });
  } else if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => presignedStrings(v, [...path, i], out));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) presignedStrings(v, [...path, k], out);
  }
}

/** Rule entry point: the SigV4 grammar of the presigned URLs anywhere in a payload. */
export const presignedRules: Rule = (input) => {
  const sites: { url: string; path: JsonPath }[] = [];
  presignedStrings(input.doc.value, [], sites);
  return sites.flatMap(({ url, path }) =>
    // A URL that does not parse is reported whole by the payload rules; its parts would repeat that.
    parseS3Url(url).ok ? sigV4Problems(url).map((p) => report(input, p.code, 'error', path, p.message)) : [],
  );
};
