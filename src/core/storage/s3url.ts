// Every way an S3 object is written down by encoding services and people: s3://bucket/key,
// Qencode's s3://endpoint[:port]/bucket/path, AWS and S3-compatible HTTPS URLs in both
// addressing styles, and ARNs. Parsing and producing live together so round trips stay exact.
import { checkBucketName, endpointFor, type Connection } from './connection';

export type S3UrlStyle = 's3-uri' | 's3-endpoint-uri' | 'virtual-hosted' | 'path-style' | 'arn';
export type S3Provider = 'aws' | 'r2' | 'wasabi' | 'digitalocean' | 'gcs' | 'qencode' | 'generic';

/** SigV4 query-string authentication parameters (a presigned URL). */
export interface PresignedParams {
  algorithm: string; // X-Amz-Algorithm
  credential: string; // X-Amz-Credential: AKID/yyyymmdd/region/s3/aws4_request
  date: string; // X-Amz-Date
  expires: number; // X-Amz-Expires, seconds
  signedHeaders: string; // X-Amz-SignedHeaders
  signature: string; // X-Amz-Signature
  securityToken?: string; // X-Amz-Security-Token
}

export interface ParsedS3Url {
  bucket: string;
  /** Object key, decoded; '' for the bucket itself. */
  key: string;
  style: S3UrlStyle;
  provider?: S3Provider;
  region?: string;
  /** scheme://host[:port] of the S3 API without the bucket, as a Connection would hold it. */
  endpoint?: string;
  dualstack?: boolean;
  accelerate?: boolean;
  /** ARN partition (aws, aws-cn, aws-us-gov). */
  partition?: string;
  versionId?: string;
  presigned?: PresignedParams;
}

export type ParseResult = { ok: true; value: ParsedS3Url } | { ok: false; reason: string };

export interface ParseOptions {
  /**
   * How to read the first segment of an s3:// URI. 'auto' applies the documented rule
   * (see parseS3Uri); 'never' always reads it as a bucket, 'always' as an endpoint.
   */
  s3UriEndpoint?: 'auto' | 'never' | 'always';
}

const fail = (reason: string): ParseResult => ({ ok: false, reason });

const PRESIGN_PARAMS: Record<string, keyof PresignedParams> = {
  'X-Amz-Algorithm': 'algorithm',
  'X-Amz-Credential': 'credential',
  'X-Amz-Date': 'date',
  'X-Amz-Expires': 'expires',
  'X-Amz-SignedHeaders': 'signedHeaders',
  'X-Amz-Signature': 'signature',
  'X-Amz-Security-Token': 'securityToken',
};
const REQUIRED_PRESIGN = Object.keys(PRESIGN_PARAMS).filter((k) => k !== 'X-Amz-Security-Token');

export function parseS3Url(s: string, opts: ParseOptions = {}): ParseResult {
  const text = s.trim();
  if (!text) return fail('empty string: expected s3://bucket/key, an https:// S3 URL or arn:aws:s3:::bucket/key');
  if (/^arn:/i.test(text)) return parseArn(text);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 's3' || scheme === 's3a' || scheme === 's3n') return parseS3Uri(text, opts);
  if (scheme === 'http' || scheme === 'https') return parseHttpUrl(text);
  if (scheme) return fail(`unsupported scheme "${scheme}://": expected s3://, https:// or an arn:aws:s3 ARN`);
  if (/^[a-z0-9.-]+\/./.test(text)) return fail(`"${text}" has no scheme; write s3://${text} for a bucket and key`);
  return fail(`"${text}" is not an S3 URL: expected s3://bucket/key, an https:// S3 URL or arn:aws:s3:::bucket/key`);
}

function bucketReason(bucket: string, provider?: S3Provider): string | undefined {
  // GCS allows underscores in bucket names; everything else follows S3's rules.
  const check = checkBucketName(provider === 'gcs' ? bucket.replace(/_/g, '-') : bucket);
  return check.ok ? undefined : check.reason;
}

/**
 * s3://bucket/key or s3://endpoint[:port]/bucket/path (Qencode generic S3).
 * Rule for 'auto': the first segment is an endpoint when
 *  - it has a port (bucket names cannot contain ':'), or
 *  - it is a known provider host (amazonaws.com, wasabisys.com, *.s3.qencode.com, …), or
 *  - it is a dotted host name (or IPv4 address) and the next segment is a valid bucket name.
 * Otherwise it is the bucket. So s3://us-west.s3.qencode.com/my-bucket/x is endpoint + bucket,
 * s3://my-bucket/folder/x and s3://media.example.com/Videos/x are bucket + key. A dotted bucket
 * followed by a bucket-like folder (s3://my.bucket/folder/x) reads as an endpoint; pass
 * s3UriEndpoint: 'never' for those. The key is taken literally ('?', '#', '%' included), as the
 * AWS CLI does, because s3:// URIs are not percent-encoded.
 */
function parseS3Uri(text: string, opts: ParseOptions): ParseResult {
  const rest = text.replace(/^[a-z0-9]+:\/\//i, '');
  const slash = rest.indexOf('/');
  const first = slash < 0 ? rest : rest.slice(0, slash);
  const after = slash < 0 ? '' : rest.slice(slash + 1);
  if (!first) return fail('s3:// URI has no bucket: expected s3://bucket/key');
  const secondEnd = after.indexOf('/');
  const second = secondEnd < 0 ? after : after.slice(0, secondEnd);
  const mode = opts.s3UriEndpoint ?? 'auto';
  let isEndpoint: boolean;
  if (mode === 'auto') {
    const hasPort = /:\d*$/.test(first);
    const dottedHost = first.includes('.') && HOSTNAME_RE.test(first);
    isEndpoint = hasPort || (dottedHost && classifyHost(first) !== undefined) || (dottedHost && second !== '' && checkBucketName(second).ok);
  } else {
    isEndpoint = mode === 'always';
  }
  if (!isEndpoint) {
    const reason = bucketReason(first);
    if (reason) return fail(`${reason} (in ${text})`);
    return { ok: true, value: { bucket: first, key: after, style: 's3-uri' } };
  }
  const hostPort = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(first);
  if (!hostPort) return fail(`"${first}" is neither a bucket name nor an endpoint host[:port]`);
  // Group 1 is not optional: it is set whenever the pattern matched.
  const [, hostText = '', port] = hostPort;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return fail(`port ${port} is out of range`);
  if (!second) return fail(`s3://${first}/ names an endpoint but no bucket: expected s3://${first}/bucket/path`);
  const reason = bucketReason(second);
  if (reason) return fail(`${reason} (after endpoint ${first})`);
  const key = secondEnd < 0 ? '' : after.slice(secondEnd + 1);
  const host = hostText.toLowerCase();
  // Qencode's format defaults to TLS; use_tls: 0 is expressed separately, never in the URL.
  const endpoint = `https://${host}${port ? `:${port}` : ''}`;
  const known = classifyHost(host);
  const value: ParsedS3Url = { bucket: second, key, style: 's3-endpoint-uri', endpoint, provider: known?.provider ?? 'generic' };
  if (known?.region) value.region = known.region;
  return { ok: true, value };
}

const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function parseArn(text: string): ParseResult {
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(text);
  if (!m) return fail('ARN must have six parts: arn:partition:s3:::bucket/key');
  // None of the five groups is optional: each is set (if empty) whenever the pattern matched.
  const [, partition = '', service = '', region = '', account = '', resource = ''] = m;
  if (!/^aws(-cn|-us-gov|-iso[a-z-]*)?$/.test(partition)) return fail(`ARN partition "${partition}" is not an AWS partition`);
  if (service !== 's3') return fail(`ARN is for service "${service}", not s3`);
  if (region || account) {
    return fail('ARNs with a region or account (access points, S3 Outposts) are not bucket/object ARNs; use arn:aws:s3:::bucket/key');
  }
  const slash = resource.indexOf('/');
  const bucket = slash < 0 ? resource : resource.slice(0, slash);
  if (!bucket) return fail('ARN has no bucket: expected arn:aws:s3:::bucket/key');
  const reason = bucketReason(bucket);
  if (reason) return fail(reason);
  return { ok: true, value: { bucket, key: slash < 0 ? '' : resource.slice(slash + 1), style: 'arn', partition, provider: 'aws' } };
}

export interface HostInfo {
  provider: S3Provider;
  /** bucket from a virtual-hosted name, if any */
  bucket?: string;
  /** the host with the bucket label removed */
  serviceHost: string;
  region?: string;
  dualstack?: boolean;
  accelerate?: boolean;
}

const AWS_REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
// s3[-fips][.dualstack][.region] as listed in AWS's "Amazon S3 endpoints and quotas" (the FIPS
// hosts exist only in US and Canadian regions and always name the region).
const AWS_HOST = new RegExp(
  `^(?:(.+)\\.)?(s3(?:-accelerate(\\.dualstack)?|-external-1|(?:-fips)?(\\.dualstack)?(?:[.-](${AWS_REGION}))?))\\.(amazonaws\\.com(?:\\.cn)?)$`,
);

/** Recognises provider hosts; undefined means an unknown (generic, path-style) host. */
export function classifyHost(hostIn: string): HostInfo | undefined {
  const host = hostIn.toLowerCase();
  const aws = AWS_HOST.exec(host);
  if (aws) {
    // Groups 2 (the s3 label) and 6 (the domain) are not optional: set whenever the pattern matched.
    const [, bucket, s3label = '', accelDual, dual, region, domain = ''] = aws;
    const info: HostInfo = { provider: 'aws', serviceHost: `${s3label}.${domain}` };
    if (bucket) info.bucket = bucket;
    if (s3label.startsWith('s3-accelerate')) info.accelerate = true;
    if (accelDual || dual) info.dualstack = true;
    // The global and external-1 hosts are us-east-1.
    const hostRegion = region ?? (s3label.startsWith('s3-accelerate') ? undefined : 'us-east-1');
    if (hostRegion) info.region = hostRegion;
    return info;
  }
  // In the patterns below group 1 (a bucket label) is optional and group 2 (the service host) is
  // not, nor is DigitalOcean's region: those are set whenever the pattern matched.
  let m = /^(?:(.+)\.)?([0-9a-f]{32}(?:\.(?:eu|fedramp))?\.r2\.cloudflarestorage\.com)$/.exec(host);
  if (m) {
    const [, bucket, serviceHost = host] = m;
    return withBucket({ provider: 'r2', serviceHost, region: 'auto' }, bucket);
  }
  m = /^(?:(.+)\.)?(s3(?:\.([a-z]{2}-[a-z]+-\d))?\.wasabisys\.com)$/.exec(host);
  if (m) {
    const [, bucket, serviceHost = host, region = 'us-east-1'] = m;
    return withBucket({ provider: 'wasabi', serviceHost, region }, bucket);
  }
  m = /^(?:(.+)\.)?(([a-z]{3}\d)(?:\.cdn)?\.digitaloceanspaces\.com)$/.exec(host);
  if (m) {
    const [, bucket, serviceHost = host, region = ''] = m;
    return withBucket({ provider: 'digitalocean', serviceHost, region }, bucket);
  }
  m = /^(?:(.+)\.)?(storage\.googleapis\.com)$/.exec(host);
  if (m) {
    const [, bucket, serviceHost = host] = m;
    return withBucket({ provider: 'gcs', serviceHost }, bucket);
  }
  if (/(^|\.)s3\.qencode\.com$/.test(host)) return { provider: 'qencode', serviceHost: host };
  return undefined;
}

function withBucket(info: HostInfo, bucket: string | undefined): HostInfo {
  if (bucket) info.bucket = bucket;
  return info;
}

function decodeSegment(seg: string): string | undefined {
  try {
    return decodeURIComponent(seg);
  } catch {
    return undefined;
  }
}

function parseHttpUrl(text: string): ParseResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`"${text}" is not a valid URL`);
  }
  if (url.username || url.password) return fail('S3 URLs do not carry a user or password; remove "user:pass@"');
  const host = url.hostname.toLowerCase();
  if (host.endsWith('amazonaws.com') || host.endsWith('amazonaws.com.cn')) {
    if (!AWS_HOST.test(host)) {
      return fail(`${host} is an AWS host but not an S3 REST endpoint (website, access point and other service hosts are not object URLs)`);
    }
  }
  const info = classifyHost(host);
  const rawPath = url.pathname.replace(/^\//, '');
  let bucket: string;
  let rawKey: string;
  let style: S3UrlStyle;
  if (info?.bucket) {
    bucket = info.bucket;
    rawKey = rawPath;
    style = 'virtual-hosted';
  } else {
    const slash = rawPath.indexOf('/');
    const rawBucket = slash < 0 ? rawPath : rawPath.slice(0, slash);
    rawKey = slash < 0 ? '' : rawPath.slice(slash + 1);
    if (!rawBucket) return fail(`${url.origin}/ has no bucket: expected ${url.origin}/bucket/key or https://bucket.${host}/key`);
    const decodedBucket = decodeSegment(rawBucket);
    if (decodedBucket === undefined) return fail(`malformed percent-encoding in bucket "${rawBucket}"`);
    bucket = decodedBucket;
    style = 'path-style';
  }
  const reason = bucketReason(bucket, info?.provider);
  if (reason) return fail(reason);
  const key = decodeSegment(rawKey);
  if (key === undefined) return fail(`malformed percent-encoding in key "${rawKey}"`);
  const port = url.port ? `:${url.port}` : '';
  const value: ParsedS3Url = {
    bucket,
    key,
    style,
    provider: info?.provider ?? 'generic',
    endpoint: `${url.protocol}//${info?.serviceHost ?? host}${port}`,
  };
  if (info?.region) value.region = info.region;
  if (info?.dualstack) value.dualstack = true;
  if (info?.accelerate) value.accelerate = true;
  const versionId = url.searchParams.get('versionId');
  if (versionId) value.versionId = versionId;
  const presigned = readPresigned(url.searchParams);
  if (typeof presigned === 'string') return fail(presigned);
  if (presigned) {
    value.presigned = presigned;
    // The credential scope names the signing region, which generic hosts do not reveal.
    const scopeRegion = presigned.credential.split('/')[2];
    if (!value.region && scopeRegion) value.region = scopeRegion;
  }
  return { ok: true, value };
}

function readPresigned(q: URLSearchParams): PresignedParams | string | undefined {
  const present = Object.keys(PRESIGN_PARAMS).filter((k) => q.has(k));
  if (present.length === 0) return undefined;
  const missing = REQUIRED_PRESIGN.filter((k) => !q.get(k));
  if (missing.length) return `presigned URL is incomplete: missing ${missing.join(', ')}`;
  const expires = Number(q.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
    return 'X-Amz-Expires must be a whole number of seconds from 1 to 604800 (7 days)';
  }
  const p: PresignedParams = {
    algorithm: q.get('X-Amz-Algorithm') as string,
    credential: q.get('X-Amz-Credential') as string,
    date: q.get('X-Amz-Date') as string,
    expires,
    signedHeaders: q.get('X-Amz-SignedHeaders') as string,
    signature: q.get('X-Amz-Signature') as string,
  };
  const token = q.get('X-Amz-Security-Token');
  if (token) p.securityToken = token;
  return p;
}

/** True when the string is an S3 URL carrying SigV4 query authentication. */
export function isPresignedUrl(s: string): boolean {
  const r = parseS3Url(s);
  return r.ok && r.value.presigned !== undefined;
}

// ---- producers ----

/** Encodes a key for a URL path: each segment percent-encoded, '/' kept (as S3 signs it). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export function toS3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

export function toArn(bucket: string, key?: string, partition = 'aws'): string {
  return key === undefined || key === '' ? `arn:${partition}:s3:::${bucket}` : `arn:${partition}:s3:::${bucket}/${key}`;
}

/** Qencode generic S3 form; scheme is dropped (Qencode uses TLS unless use_tls is 0). */
export function toQencodeUrl(endpoint: string, bucket: string, key = ''): string {
  const hostPort = endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  return `s3://${hostPort}/${bucket}/${key}`;
}

export interface HttpsUrlOptions {
  /** scheme://host[:port] without bucket; default is the AWS regional endpoint */
  endpoint?: string;
  region?: string;
  /** default: virtual-hosted on AWS-style hosts unless the bucket contains dots, else path-style */
  style?: 'virtual-hosted' | 'path-style';
  dualstack?: boolean;
}

export function toHttpsUrl(bucket: string, key: string, opts: HttpsUrlOptions = {}): string {
  const endpoint = (opts.endpoint ?? awsEndpoint(opts.region ?? 'us-east-1', opts.dualstack)).replace(/\/+$/, '');
  const url = new URL(endpoint);
  const literalHost = url.hostname === 'localhost' || /^[\d.]+$/.test(url.hostname) || url.hostname.startsWith('[');
  // TLS certificates are single-label wildcards, so a dotted bucket breaks virtual-hosted HTTPS.
  const style = opts.style ?? (literalHost || bucket.includes('.') ? 'path-style' : 'virtual-hosted');
  const path = encodeKey(key);
  if (style === 'path-style') return `${url.protocol}//${url.host}/${bucket}/${path}`;
  return `${url.protocol}//${bucket}.${url.host}/${path}`;
}

export function awsEndpoint(region: string, dualstack = false): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://s3.${dualstack ? 'dualstack.' : ''}${region}.${domain}`;
}

/** The HTTPS URL for an object reached through a Connection. */
export function toHttpsUrlForConnection(
  conn: { region: string; endpoint?: string; forcePathStyle?: boolean; useTls?: boolean },
  bucket: string,
  key: string,
): string {
  const opts: HttpsUrlOptions = { region: conn.region };
  if (conn.endpoint) opts.endpoint = endpointFor(conn);
  if (conn.forcePathStyle) opts.style = 'path-style';
  return toHttpsUrl(bucket, key, opts);
}

/** Writes a parsed URL back in the form it was read in (presigned parameters in canonical order). */
export function formatS3Url(p: ParsedS3Url): string {
  switch (p.style) {
    case 's3-uri':
      return toS3Uri(p.bucket, p.key);
    case 'arn':
      return toArn(p.bucket, p.key, p.partition);
    case 's3-endpoint-uri':
      return toQencodeUrl(p.endpoint ?? '', p.bucket, p.key);
    case 'virtual-hosted':
    case 'path-style': {
      const opts: HttpsUrlOptions = { style: p.style };
      if (p.endpoint) opts.endpoint = p.endpoint;
      if (p.region) opts.region = p.region;
      let out = toHttpsUrl(p.bucket, p.key, opts);
      const q = new URLSearchParams();
      if (p.versionId) q.set('versionId', p.versionId);
      if (p.presigned) {
        for (const [name, field] of Object.entries(PRESIGN_PARAMS)) {
          const v = p.presigned[field];
          if (v !== undefined) q.set(name, String(v));
        }
      }
      const qs = q.toString();
      if (qs) out += `?${qs}`;
      return out;
    }
  }
}

// ---- Go to S3 URI ----

/** The folder prefixes from the bucket down to a key: 'a/b/c.mp4' → ['a/', 'a/b/']; a key ending in '/' is its own last folder. */
export function folderPrefixes(key: string): string[] {
  const out: string[] = [];
  for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) out.push(key.slice(0, i + 1));
  return out;
}

function hostPortOf(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint);
    // Compare as the server sees it: the scheme's default port is the same place as no port.
    const port = url.port || (url.protocol === 'http:' ? '80' : '443');
    return `${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return undefined;
  }
}

/**
 * How well a connection fits a parsed URL, for Go to S3 URI: 'same-endpoint' (the URL names the
 * connection's endpoint), 'same-provider' (an AWS URL and an AWS connection, whatever the region:
 * the legacy global host and a bucket's own region can differ), 'unknown' (an s3:// URI or ARN,
 * which does not say where it lives) or undefined (the URL names another endpoint).
 * Bare host names compare with the scheme-default port, since the Qencode form has no scheme.
 */
export function connectionFit(p: ParsedS3Url, conn: Pick<Connection, 'endpoint' | 'useTls'>): 'same-endpoint' | 'same-provider' | 'unknown' | undefined {
  const connHostPort = conn.endpoint ? hostPortOf(endpointFor(conn)) : undefined;
  const connHost = connHostPort ? classifyHost(connHostPort.replace(/:\d+$/, '')) : undefined;
  if (p.style === 's3-uri') return 'unknown';
  if (p.style === 'arn') return !conn.endpoint || connHost?.provider === 'aws' ? 'same-provider' : 'unknown';
  if (!p.endpoint) return 'unknown';
  if (p.provider === 'aws') {
    if (!conn.endpoint) return 'same-provider';
    return connHost?.provider === 'aws' ? 'same-provider' : undefined;
  }
  if (!conn.endpoint) return undefined;
  const want = hostPortOf(p.endpoint);
  const have = hostPortOf(endpointFor(conn));
  if (want && want === have) return 'same-endpoint';
  // s3://host/bucket (Qencode) carries no scheme, so a plain-http connection on the host's own port still matches.
  if (p.style === 's3-endpoint-uri' && want && have && !/:\d+$/.test(p.endpoint.replace(/^https:\/\//, ''))) {
    const hostOnly = (hp: string): string => hp.replace(/:\d+$/, '');
    if (hostOnly(want) === hostOnly(have)) return 'same-endpoint';
  }
  return undefined;
}

/** Connections that may hold the URL's bucket, best fit first (stable within a fit). */
export function rankConnections<T>(p: ParsedS3Url, items: readonly T[], conn: (item: T) => Pick<Connection, 'endpoint' | 'useTls'>): T[] {
  const order = { 'same-endpoint': 0, 'same-provider': 1, unknown: 2 } as const;
  return items
    .map((item, i) => ({ item, i, fit: connectionFit(p, conn(item)) }))
    .filter((x): x is { item: T; i: number; fit: keyof typeof order } => x.fit !== undefined)
    .sort((a, b) => order[a.fit] - order[b.fit] || a.i - b.i)
    .map((x) => x.item);
}
