/**
 * The two entry points: `decodeAny` for text a user pastes or a log holds, `decodeError` for
 * whatever a `catch` receives. Both detect which kind of error they were given and never throw,
 * because they run inside error handlers where a second exception would hide the first.
 */
import { lookupBitmovinCode, lookupHttpStatus } from './bitmovinCodes';
import { bitmovinRemedy } from './bitmovinRemedies';
import { decodeEnvelopeValue, looksLikeEnvelope, parseJsonTolerant } from './bitmovinEnvelope';
import { isRecord } from '../guards';
import { looksLikeHttpResponse, parseHttpResponse } from './httpResponse';
import { decodeNetworkCode, findNetworkCode, networkCodeInText } from './network';
import { isRecognisableS3Code } from './s3Codes';
import { buildS3Decoded, decodeS3Xml } from './s3Xml';
import { type Decoded, emptyDecoded, type HttpContext } from './types';
import { looksLikeXml } from './xml';

export function decodeAny(text: string): Decoded {
  try {
    return decodeText(typeof text === 'string' ? text : String(text));
  } catch (e) {
    return internalFailure(e);
  }
}

export function decodeError(err: unknown): Decoded {
  try {
    return decodeThrown(err, 0);
  } catch (e) {
    return internalFailure(e);
  }
}

function internalFailure(e: unknown): Decoded {
  const d = emptyDecoded('text', 'Error could not be decoded');
  d.problems.push(`The decoder failed: ${e instanceof Error ? e.message : 'unknown reason'}.`);
  return d;
}

function decodeText(raw: string): Decoded {
  // Only the start is trimmed: the blank line that ends a header block may be the last thing.
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  if (text === '') {
    const d = emptyDecoded('text', 'Nothing to decode');
    d.problems.push('The text is empty.');
    return d;
  }
  if (looksLikeHttpResponse(text)) {
    const parsed = parseHttpResponse(text);
    if (parsed) {
      const d = decodeBody(parsed.body, { status: parsed.status, statusText: parsed.statusText, headers: parsed.headers });
      d.problems.unshift(...parsed.problems);
      return d;
    }
  }
  return decodeBody(text, {});
}

function decodeBody(raw: string, http: HttpContext): Decoded {
  const body = raw.trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    const parsed = parseJsonTolerant(body);
    if (looksLikeEnvelope(parsed.value)) {
      return decodeEnvelopeValue(parsed.value, http, parsed.problems);
    }
    if (isRecord(parsed.value) && looksLikeS3Object(parsed.value)) {
      const d = decodeS3Object(parsed.value, http);
      d.problems.unshift(...parsed.problems);
      return d;
    }
    const d = httpOrText(http, body);
    d.problems.push(...parsed.problems, 'The JSON is neither a Bitmovin envelope nor an S3 error.');
    return d;
  }
  if (looksLikeXml(body)) {
    if (/^<(?:\?xml|Error[\s>])/i.test(body) || /<Code>/.test(body)) {
      return decodeS3Xml(body, http);
    }
    const d = httpOrText(http, body);
    const title = /<title>([^<]{1,200})<\/title>/i.exec(body)?.[1];
    if (title) d.message = title.trim();
    d.problems.push('The body is markup but not an S3 error (an HTML page from a proxy or a wrong endpoint?).');
    return d;
  }
  if (body === '' && http.headers && ('x-amz-request-id' in http.headers || 'x-amz-bucket-region' in http.headers)) {
    // A bodiless S3 answer (HEAD): status and headers are all there is.
    return buildS3Decoded({}, http);
  }
  return decodeFreeText(body, http);
}

/** Text that is neither JSON nor XML: look for an embedded body, an error code or a network error. */
function decodeFreeText(body: string, http: HttpContext): Decoded {
  const embedded = /\{\s*"|<\?xml|<Error>/.exec(body);
  if (embedded && embedded.index > 0) {
    const inner = decodeBody(body.slice(embedded.index), http);
    if (inner.source === 'bitmovin' || inner.source === 's3') {
      inner.problems.unshift(`Ignored ${embedded.index} characters of text before the ${body[embedded.index] === '{' ? 'JSON' : 'XML'}.`);
      return inner;
    }
  }
  const net = networkCodeInText(body);
  if (net && http.status === undefined) {
    return decodeNetworkCode(net, undefined, firstLine(body));
  }
  const [, s3Code, s3Message] = /\b([A-Z][A-Za-z]+):\s+(.+)/.exec(body) ?? [];
  if (s3Code !== undefined && s3Message !== undefined && isRecognisableS3Code(s3Code) && s3Code !== 'NotFound' && s3Code !== 'Forbidden') {
    return buildS3Decoded({ code: s3Code, message: s3Message.trim() }, http);
  }
  const bm = /\b(?:code|error)\b[\s:#="]*(\d{4})\b/i.exec(body);
  if (bm && lookupBitmovinCode(Number(bm[1]))) {
    return decodeEnvelopeValue({ status: 'ERROR', data: { code: Number(bm[1]), message: firstLine(body) } }, http, [
      'Only an error code was found in the text; the rest is shown as the message.',
    ]);
  }
  return httpOrText(http, body);
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function httpOrText(http: HttpContext, body: string): Decoded {
  if (http.status === undefined) {
    const d = emptyDecoded('text', 'Unrecognized error text');
    d.message = firstLine(body);
    return d;
  }
  const info = lookupHttpStatus(http.status);
  const d = emptyDecoded('http', `HTTP ${http.status}${http.statusText ? ` ${http.statusText}` : info ? ` ${info.reason}` : ''}`);
  d.ok = http.status < 400;
  d.code = String(http.status);
  d.httpStatus = http.status;
  d.httpStatusText = http.statusText;
  d.httpMeaning = info?.meaning;
  d.meaning = info?.meaning;
  d.remedy = bitmovinRemedy(undefined, http.status);
  if (body) d.message = firstLine(body);
  return d;
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function looksLikeS3Object(o: Record<string, unknown>): boolean {
  const name = str(o, 'Code') ?? str(o, 'name') ?? str(o, 'code');
  return '$metadata' in o || '$fault' in o || (name !== undefined && isRecognisableS3Code(name));
}

/**
 * The error body's elements as the AWS SDK leaves them on its exception: it copies every element
 * of the body onto the error as a property of the same name (StringToSign, UploadId…). Its own
 * fields are lower case or start with '$'.
 */
function bodyFields(o: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (!/^[A-Z]/.test(k)) continue;
    if (typeof v === 'string') out.set(k, v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.set(k, String(v));
  }
  return out;
}

// SDK names that carry no S3 code: the status decides instead.
const GENERIC_NAMES = new Set(['Error', 'S3ServiceException', 'Unknown', 'UnknownError', 'ServiceException']);

function decodeS3Object(o: Record<string, unknown>, outer: HttpContext): Decoded {
  const rawMeta = o['$metadata'];
  const meta = isRecord(rawMeta) ? rawMeta : {};
  const rawResponse = o['$response'];
  const response = isRecord(rawResponse) ? rawResponse : {};
  const headers: Record<string, string> = { ...(outer.headers ?? {}) };
  const responseHeaders = response['headers'];
  if (isRecord(responseHeaders)) {
    for (const [k, v] of Object.entries(responseHeaders)) {
      if (typeof v === 'string') headers[k.toLowerCase()] = v;
    }
  }
  const statusValue = meta['httpStatusCode'] ?? response['statusCode'] ?? outer.status;
  const status = typeof statusValue === 'number' ? statusValue : undefined;
  const rawName = str(o, 'Code') ?? str(o, 'name');
  const code = rawName && !GENERIC_NAMES.has(rawName) && !/^\d+$/.test(rawName) ? rawName : undefined;
  const message = str(o, 'message') ?? str(o, 'Message');
  const d = buildS3Decoded(
    {
      code,
      message: message === 'UnknownError' ? undefined : message,
      requestId: str(o, 'RequestId') ?? str(meta, 'requestId'),
      hostId: str(o, 'HostId') ?? str(meta, 'extendedRequestId'),
      regionField: str(o, 'Region'),
      endpointField: str(o, 'Endpoint'),
      bucket: str(o, 'BucketName') ?? str(o, 'Bucket'),
      key: str(o, 'Key'),
      canonicalRequest: str(o, 'CanonicalRequest'),
      expires: str(o, 'X-Amz-Expires'),
      serverTime: str(o, 'ServerTime'),
      requestTime: str(o, 'RequestTime'),
      elements: bodyFields(o),
    },
    { status, statusText: outer.statusText, headers },
  );
  // An SDK that could not parse the body sometimes leaves it as text on the response.
  const responseBody = response['body'];
  if (!code && typeof responseBody === 'string' && responseBody.trim().startsWith('<')) {
    return decodeS3Xml(responseBody, { status, headers });
  }
  return d;
}

function decodeThrown(err: unknown, depth: number): Decoded {
  if (typeof err === 'string') return decodeText(err);
  if (typeof err !== 'object' || err === null) {
    const d = emptyDecoded('text', 'Unrecognized error');
    d.message = String(err);
    return d;
  }
  const o = err as Record<string, unknown>;
  const rawMeta = o['$metadata'];
  const meta = isRecord(rawMeta) ? rawMeta : undefined;
  const net = meta?.['httpStatusCode'] === undefined ? findNetworkCode(err) : undefined;
  if (net) {
    return decodeNetworkCode(net.code, net.source, str(o, 'message'));
  }
  // The Bitmovin API SDKs throw an error object that carries the envelope's fields flattened.
  const errorCode = o['errorCode'];
  if (typeof errorCode === 'number' || (typeof errorCode === 'string' && /^\d{4}$/.test(errorCode))) {
    const httpStatusCode = o['httpStatusCode'];
    const status = typeof httpStatusCode === 'number' ? httpStatusCode : undefined;
    return decodeEnvelopeValue(
      {
        requestId: o['requestId'],
        status: 'ERROR',
        data: {
          code: Number(errorCode),
          message: o['shortMessage'] ?? o['message'],
          developerMessage: o['developerMessage'],
          links: o['links'],
          details: o['details'],
        },
      },
      { status },
    );
  }
  if (looksLikeEnvelope(o)) {
    return decodeEnvelopeValue(o);
  }
  if (looksLikeS3Object(o)) {
    return decodeS3Object(o, {});
  }
  // HTTP client errors (fetch wrappers, axios) keep the response body somewhere on the error.
  const rawResponse = o['response'];
  const response = isRecord(rawResponse) ? rawResponse : undefined;
  const body = response?.['data'] ?? response?.['body'] ?? o['body'] ?? o['responseBody'];
  if (body !== undefined && depth < 3) {
    const statusValue = response?.['status'] ?? response?.['statusCode'] ?? o['status'] ?? o['statusCode'];
    const http: HttpContext = typeof statusValue === 'number' ? { status: statusValue } : {};
    const inner = typeof body === 'string' ? decodeBody(body, http) : decodeThrownBody(body, http, depth);
    if (inner.source !== 'text') return inner;
  }
  if (isCredentialsProviderError(o)) return decodeNoCredentials(str(o, 'message'));
  const message = str(o, 'message');
  if (message) {
    const inner = decodeText(message);
    if (inner.source === 'bitmovin' || inner.source === 's3' || inner.source === 'network') return inner;
  }
  const cause = o['cause'];
  if (cause !== undefined && depth < 3) {
    const inner = decodeThrown(cause, depth + 1);
    if (inner.source !== 'text') return inner;
  }
  const d = emptyDecoded('text', str(o, 'name') ?? 'Error');
  d.message = message;
  return d;
}

/**
 * The SDK's CredentialsProviderError: no request was sent, because none of its credential
 * providers (keys, environment, profile files, SSO, instance roles) produced keys.
 */
function isCredentialsProviderError(o: Record<string, unknown>): boolean {
  return str(o, 'name') === 'CredentialsProviderError' || /could not load credentials from any providers/i.test(str(o, 'message') ?? '');
}

function decodeNoCredentials(message: string | undefined): Decoded {
  const d = emptyDecoded('text', 'No credentials');
  d.code = 'CredentialsProviderError';
  d.message = message;
  d.meaning =
    'No request was sent: the AWS SDK found no credentials for this connection — no keys set for it, no AWS_ACCESS_KEY_ID in the environment, and no usable profile in ~/.aws/config or ~/.aws/credentials.';
  d.remedy.push(
    'Set credentials for the connection (Media Storage: Set Credentials…, the key icon on the connection), or edit the connection and pick an AWS profile.',
    'For an SSO profile, sign in first with `aws sso login --profile NAME`; for a profile, check that its name matches a [profile NAME] section of ~/.aws/config or a [NAME] section of ~/.aws/credentials (or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name).',
  );
  return d;
}

function decodeThrownBody(body: unknown, http: HttpContext, depth: number): Decoded {
  if (looksLikeEnvelope(body)) return decodeEnvelopeValue(body, http);
  return decodeThrown(body, depth + 1);
}
