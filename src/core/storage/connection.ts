// Connections (how to reach an S3 API) and locations (a bucket + prefix used as an encoding
// input or output). Pure data and validation: nothing here talks to the network.

export type ConnectionKind = 'aws' | 's3-compatible';
export type ChecksumMode = 'default' | 'when-required';

export interface Connection {
  id: string;
  label: string;
  kind: ConnectionKind;
  region: string;
  /** AWS shared config/credentials profile (SSO profiles included). Never a secret itself. */
  profile?: string;
  /** scheme://host[:port], no path. Required for s3-compatible stores. */
  endpoint?: string;
  useTls?: boolean;
  forcePathStyle?: boolean;
  signingRegion?: string;
  checksumMode?: ChecksumMode;
}

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'GLACIER_IR',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
] as const;

export type LocationRole = 'input' | 'output';

export interface Location {
  name: string;
  role: LocationRole;
  /** id of a Connection */
  connection: string;
  bucket: string;
  prefix?: string;
  acl?: CannedAcl;
  storageClass?: string;
  cacheControl?: string;
  contentType?: string;
  contentDisposition?: string;
  metadata?: Record<string, string>;
}

export interface Issue {
  /** property the issue is about, e.g. 'endpoint' or 'metadata.x' */
  field: string;
  message: string;
  /** absent means error; warnings are settings that are valid but have no effect */
  severity?: 'warning';
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// AWS regions look like eu-west-1, us-gov-west-1, cn-north-1, ap-southeast-5, us-isob-east-1.
const AWS_REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// S3-compatible stores use all sorts of region names ('auto' for R2, 'nyc3', 'garage'), so only
// reject what cannot travel in a SigV4 credential scope.
const LOOSE_REGION_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isAwsRegion(region: string): boolean {
  return AWS_REGION_RE.test(region);
}

/**
 * The endpoint as it may be shown: reasons end up in the Problems view, the tree and the log,
 * and a password typed into the URL must not be repeated there.
 */
function shown(endpoint: string): string {
  return endpoint.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1');
}

/** Parses scheme://host[:port] and says why not. */
export function checkEndpoint(endpoint: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    if (shown(endpoint) !== endpoint) {
      return { ok: false, reason: 'endpoint must not contain user or password; credentials belong in a profile or the secret store' };
    }
    return { ok: false, reason: `"${endpoint}" is not a URL; write it as https://host[:port]` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `endpoint scheme must be http or https, not ${url.protocol.replace(/:$/, '')}` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'endpoint must not contain user or password; credentials belong in a profile or the secret store' };
  }
  // new URL() normalises "http://host/..", "http://host/?" and "http://host#" away, so the raw
  // text is checked too: whatever follows host[:port] would still reach the client.
  const bare = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/?$/i.test(endpoint);
  if (!bare || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, reason: 'endpoint must be scheme://host[:port] with no path, query or fragment (put the bucket in the location)' };
  }
  if (!url.hostname) return { ok: false, reason: 'endpoint has no host; write it as https://host[:port]' };
  return { ok: true, url };
}

export function validateConnection(c: Connection): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string): void => {
    issues.push({ field, message });
  };
  if (!ID_RE.test(c.id ?? '')) {
    add('id', 'id must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  if (!c.label || !c.label.trim()) add('label', 'label must not be empty');
  if (c.kind !== 'aws' && c.kind !== 's3-compatible') add('kind', 'kind must be "aws" or "s3-compatible"');
  if (!c.region) {
    add('region', 'region is required (for S3-compatible stores without regions use "us-east-1" or the value the provider documents, e.g. "auto" for R2)');
  } else if (c.kind === 'aws' && !AWS_REGION_RE.test(c.region)) {
    add('region', `"${c.region}" is not an AWS region name (expected something like "eu-west-1")`);
  } else if (!LOOSE_REGION_RE.test(c.region)) {
    add('region', `"${c.region}" contains characters that cannot appear in a signing scope`);
  }
  if (c.signingRegion !== undefined && !LOOSE_REGION_RE.test(c.signingRegion)) {
    add('signingRegion', `"${c.signingRegion}" contains characters that cannot appear in a signing scope`);
  }
  if (c.profile !== undefined && !/^[^\s[\]]+$/.test(c.profile)) {
    add('profile', 'profile must be a profile name from ~/.aws/config without spaces or brackets');
  }
  if (c.kind === 's3-compatible' && !c.endpoint) {
    add('endpoint', 'an s3-compatible connection needs an endpoint such as https://s3.example.com:9000');
  }
  if (c.endpoint !== undefined) {
    const checked = checkEndpoint(c.endpoint);
    if (!checked.ok) {
      add('endpoint', checked.reason);
    } else {
      const scheme = checked.url.protocol;
      if (c.useTls === true && scheme === 'http:') {
        add('useTls', 'useTls is true but the endpoint uses http://');
      }
      if (c.useTls === false && scheme === 'https:') {
        add('useTls', 'useTls is false but the endpoint uses https://');
      }
    }
  }
  if (c.checksumMode !== undefined && c.checksumMode !== 'default' && c.checksumMode !== 'when-required') {
    add('checksumMode', 'checksumMode must be "default" or "when-required"');
  }
  return issues;
}

export type BucketNameCheck = { ok: true } | { ok: false; reason: string };

const IPV4_RE = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * S3 general-purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export function checkBucketName(name: string): BucketNameCheck {
  const bad = (reason: string): BucketNameCheck => ({ ok: false, reason: `bucket name "${name}" ${reason}` });
  if (name.length < 3) return bad('is shorter than 3 characters');
  if (name.length > 63) return bad('is longer than 63 characters');
  if (/[A-Z]/.test(name)) return bad('contains uppercase letters; bucket names are lowercase');
  const stray = /[^a-z0-9.-]/.exec(name);
  if (stray) return bad(`contains "${stray[0]}"; only lowercase letters, digits, "." and "-" are allowed`);
  if (!/^[a-z0-9]/.test(name)) return bad('must begin with a letter or digit');
  if (!/[a-z0-9]$/.test(name)) return bad('must end with a letter or digit');
  if (name.includes('..')) return bad('contains two adjacent periods');
  if (name.includes('.-') || name.includes('-.')) return bad('has a period next to a hyphen');
  if (IPV4_RE.test(name)) return bad('is formatted as an IP address');
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return bad(`starts with the reserved prefix "${prefix}"`);
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return bad(`ends with the reserved suffix "${suffix}"`);
  }
  return { ok: true };
}

const HEADER_TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// S3 sends user metadata as HTTP headers, so values must be printable US-ASCII.
const HEADER_VALUE_RE = /^[\x20-\x7e]*$/;

/**
 * A typed prefix as it is stored: a folder, so it ends in "/". Without it `newcomer` would also
 * match `newcomer-old/…` and show as a phantom folder level, while presign, upload and policy
 * generation already treat it as `newcomer/`. Empty means the whole bucket (undefined).
 */
export function normalizePrefix(typed: string): string | undefined {
  const prefix = typed.trim();
  if (prefix === '') return undefined;
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export function validateLocation(loc: Location): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string): void => {
    issues.push({ field, message });
  };
  if (!loc.name || !loc.name.trim()) add('name', 'name must not be empty');
  if (loc.role !== 'input' && loc.role !== 'output') add('role', 'role must be "input" or "output"');
  if (!loc.connection) add('connection', 'connection (the id of a connection) is required');
  const bucket = checkBucketName(loc.bucket ?? '');
  if (!bucket.ok) add('bucket', bucket.reason);
  if (loc.prefix !== undefined) {
    if (loc.prefix.startsWith('/')) {
      add('prefix', 'prefix must not start with "/": S3 keys have no leading slash, and one would create an empty-named folder');
    }
    if (loc.prefix.includes('//')) add('prefix', 'prefix contains "//", which creates empty-named folders');
    if (loc.prefix !== '' && !loc.prefix.endsWith('/') && !issues.some((i) => i.field === 'prefix')) {
      // Used as the folder all the same (see normalizePrefix); the file should say what is used.
      issues.push({
        field: 'prefix',
        message: `prefix "${loc.prefix}" does not end in "/"; it is used as the folder "${loc.prefix}/" (without the "/" it would also match "${loc.prefix}-old/…"): add the "/"`,
        severity: 'warning',
      });
    }
    if (Buffer.byteLength(loc.prefix, 'utf8') > 1024) add('prefix', 'prefix is longer than the 1024-byte S3 key limit');
  }
  if (loc.acl !== undefined && !(CANNED_ACLS as readonly string[]).includes(loc.acl)) {
    add('acl', `acl must be one of ${CANNED_ACLS.join(', ')}`);
  }
  if (loc.storageClass !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(loc.storageClass)) {
    add('storageClass', `storageClass must be an upper-case class name such as ${STORAGE_CLASSES.slice(0, 4).join(', ')}`);
  }
  if (loc.role === 'input') {
    // Write options on an input do nothing; saying so avoids a silently ignored setting.
    for (const f of ['acl', 'storageClass', 'cacheControl', 'contentType', 'contentDisposition', 'metadata'] as const) {
      if (loc[f] !== undefined) issues.push({ field: f, message: `${f} only applies to outputs (objects written by the service)`, severity: 'warning' });
    }
  }
  for (const f of ['cacheControl', 'contentType', 'contentDisposition'] as const) {
    const v = loc[f];
    if (v !== undefined && !HEADER_VALUE_RE.test(v)) add(f, `${f} must be printable ASCII (it is sent as an HTTP header)`);
  }
  if (loc.metadata !== undefined) {
    for (const [k, v] of Object.entries(loc.metadata)) {
      if (!HEADER_TOKEN_RE.test(k)) add(`metadata.${k}`, `metadata key "${k}" is not a valid HTTP header name`);
      else if (/^x-amz-meta-/i.test(k)) add(`metadata.${k}`, `write metadata key "${k}" without the x-amz-meta- prefix; S3 adds it`);
      if (typeof v !== 'string' || !HEADER_VALUE_RE.test(v)) {
        add(`metadata.${k}`, `metadata value for "${k}" must be printable ASCII (it is sent as an HTTP header)`);
      }
    }
  }
  return issues;
}

/**
 * The endpoint URL with the connection's scheme: the one place `useTls` turns into a scheme, for
 * the client, the links the extension copies and the payloads it writes. An endpoint written
 * without a scheme gets the one `useTls` says (HTTPS unless it is false).
 */
export function endpointFor(conn: Pick<Connection, 'endpoint' | 'useTls'>): string {
  const raw = (conn.endpoint ?? '').trim().replace(/\/+$/, '');
  const endpoint = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${conn.useTls === false ? 'http' : 'https'}://${raw}`;
  if (conn.useTls === false) return endpoint.replace(/^https:/i, 'http:');
  if (conn.useTls === true) return endpoint.replace(/^http:/i, 'https:');
  return endpoint;
}
