/**
 * Decoding S3 error bodies (`<Error><Code>…</Code>…</Error>`) into the common shape, including
 * the clues S3 hides in extra elements: the right region, the presigned URL's expiry, and the
 * canonical request that shows which Content-Type a presigned PUT was signed for. Every element
 * the block does not show otherwise is kept as it came (AWSAccessKeyId, StringToSign, UploadId,
 * ProposedSize…); the renderer redacts them with the rest.
 */
import { lookupHttpStatus } from './bitmovinCodes';
import { extractRegion, headerValue } from './region';
import { lookupS3Code, type S3Context } from './s3Codes';
import { readS3Facts } from './s3Facts';
import { type Decoded, type DecodedElement, emptyDecoded, type HttpContext } from './types';
import { readFlatXml } from './xml';

/** The fields an S3 error carries, whether read from XML or from an SDK exception. */
export interface S3ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
  hostId?: string | undefined;
  regionField?: string | undefined;
  endpointField?: string | undefined;
  bucket?: string | undefined;
  key?: string | undefined;
  canonicalRequest?: string | undefined;
  expires?: string | undefined;
  serverTime?: string | undefined;
  requestTime?: string | undefined;
  /** Every element of the body (or field of the SDK error), by name, in body order; the ones above included. */
  elements?: ReadonlyMap<string, string> | undefined;
}

export function decodeS3Xml(body: string, http: HttpContext = {}): Decoded {
  const { fields, root, truncated } = readFlatXml(body);
  const get = (name: string): string | undefined => {
    const v = fields.get(name);
    return v === undefined || v === '' ? undefined : v;
  };
  const d = buildS3Decoded(
    {
      code: get('Code'),
      message: get('Message'),
      requestId: get('RequestId'),
      hostId: get('HostId'),
      regionField: get('Region'),
      endpointField: get('Endpoint'),
      bucket: get('BucketName') ?? get('Bucket'),
      key: get('Key'),
      canonicalRequest: get('CanonicalRequest'),
      expires: get('X-Amz-Expires'),
      serverTime: get('ServerTime'),
      requestTime: get('RequestTime'),
      elements: fields,
    },
    http,
  );
  if (root !== undefined && root !== 'Error') {
    d.problems.push(`The XML root element is <${root}>, not <Error>; read it as an S3 error anyway.`);
  }
  if (root === undefined) {
    d.problems.push('No XML element could be read.');
  }
  if (truncated) {
    d.problems.push('The XML body is cut off or malformed; values near the end may be incomplete.');
  }
  return d;
}

// Status-only answers (HEAD requests have no body) named the way the SDK names them.
const CODE_BY_STATUS: Record<number, string> = {
  301: 'PermanentRedirect',
  307: 'TemporaryRedirect',
  403: 'AccessDenied',
  503: 'SlowDown',
};

export function buildS3Decoded(f: S3ErrorFields, http: HttpContext): Decoded {
  const headers = http.headers ?? {};
  const code = f.code ?? (http.status !== undefined ? CODE_BY_STATUS[http.status] : undefined);
  const region = extractRegion({
    headers,
    regionField: f.regionField,
    endpointField: f.endpointField,
    message: f.message,
  });
  const elements = f.elements ?? new Map<string, string>();
  // S3 reports an expired presigned URL as AccessDenied; the remedy is entirely different.
  const expired = (code === 'AccessDenied' || code === undefined) && (/request has expired/i.test(f.message ?? '') || f.expires !== undefined);
  const { measures, facts } = readS3Facts(elements, expired);
  const ctx: S3Context = {
    region,
    bucket: f.bucket,
    key: f.key,
    endpoint: f.endpointField,
    serverTime: f.serverTime,
    requestTime: f.requestTime,
    message: f.message,
    fields: elements,
    ...measures,
  };
  if (f.canonicalRequest) {
    readCanonicalRequest(f.canonicalRequest, ctx);
  }
  const expiresSeconds = f.expires !== undefined ? Number(f.expires) : NaN;
  if (Number.isFinite(expiresSeconds) && expiresSeconds > 0) {
    ctx.expiresSeconds = expiresSeconds;
    ctx.presigned = true;
  }
  const info = lookupS3Code(expired ? 'RequestExpired' : (code ?? ''));

  const d = emptyDecoded('s3', info?.title ?? (code ? 'Unlisted S3 error' : 'S3 error'));
  d.code = code;
  d.meaning = info?.meaning;
  d.category = 'S3 error';
  d.message = f.message;
  d.requestId = f.requestId ?? headerValue(headers, 'x-amz-request-id');
  d.hostId = f.hostId ?? headerValue(headers, 'x-amz-id-2');
  d.region = region;
  d.bucket = f.bucket;
  d.key = f.key;
  d.endpoint = f.endpointField;
  if (http.status !== undefined) {
    d.httpStatus = http.status;
    d.httpStatusText = http.statusText;
  }
  d.remedy = info ? info.remedy(ctx) : [];
  const unshown = unshownElements(elements, d);
  if (unshown.length > 0) d.elements = unshown;
  if (facts.length > 0) d.facts = facts;
  if (!code) {
    d.problems.push('No <Code> element: the kind of S3 error is unknown.');
    if (http.status !== undefined) {
      d.meaning = lookupHttpStatus(http.status)?.meaning;
    }
  } else if (!info) {
    d.meaning = `S3 error code ${code} (not in this extension's list; see the message).`;
  }
  return d;
}

// Elements the block shows under a label of its own.
const SHOWN = new Set(['Code', 'Message', 'RequestId', 'HostId']);

/** The elements no other field of `d` shows, in body order. */
function unshownElements(elements: ReadonlyMap<string, string>, d: Decoded): DecodedElement[] {
  const out: DecodedElement[] = [];
  for (const [name, raw] of elements) {
    const value = raw.trim();
    if (value === '' || SHOWN.has(name)) continue;
    if ((name === 'BucketName' || name === 'Bucket') && value === d.bucket) continue;
    if ((name === 'Key' && value === d.key) || (name === 'Endpoint' && value === d.endpoint) || (name === 'Region' && value === d.region)) continue;
    out.push({ name, value: /Bytes$/.test(name) && /^[0-9a-f]{2}(?: [0-9a-f]{2})*$/i.test(value) ? hexDumpNote(name, value) : value });
  }
  return out;
}

/**
 * StringToSignBytes and CanonicalRequestBytes repeat their text as hex bytes, where a session
 * token or an SSE-C key of the canonical request would pass the redactor unseen: only their
 * length is kept.
 */
function hexDumpNote(name: string, hex: string): string {
  const bytes = hex.split(' ').length;
  return `${bytes} bytes, the hex form of ${name.replace(/Bytes$/, '')}; left out because secrets in hex would escape redaction`;
}

/**
 * Reads method, presigned-ness and Content-Type out of S3's echo of the canonical request. The
 * echo is built from what S3 received, so its content-type line is the one the client sent, and
 * it is there only because the URL's signature covers Content-Type.
 */
function readCanonicalRequest(canonical: string, ctx: S3Context): void {
  const lines = canonical.split(/\r?\n/);
  const method = lines[0]?.trim();
  if (method && /^[A-Z]{3,7}$/.test(method)) {
    ctx.method = method;
  }
  const query = lines[2] ?? '';
  if (/X-Amz-(?:Credential|Signature|Expires)=/i.test(query)) {
    ctx.presigned = true;
  }
  const sentContentType = /^content-type:(.*)$/im.exec(canonical)?.[1]?.trim();
  if (sentContentType) {
    ctx.sentContentType = sentContentType;
  }
}
