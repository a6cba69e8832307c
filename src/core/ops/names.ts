/**
 * Names and keys of the object operations: what a new folder, a new name or a new bucket may be,
 * and where each source key lands. Pure and without the SDK, so the glue validates input boxes
 * with it while the operations themselves stay in the lazy bundle.
 */
import { checkBucketName, type Connection } from '../storage/connection';

/** S3 refuses keys longer than this many UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** The folder a key or prefix is in: "a/b/c.mp4" → "a/b/", "a/b/" → "a/", "c.mp4" → "". */
export function parentPrefix(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/** The last segment: "a/b/c.mp4" → "c.mp4", "a/b/" → "b". */
export function baseName(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Why `name` can't name one level of a key (a new folder, a new name), or undefined. One level:
 * a "/" would create folders the user did not ask for, "." and ".." are kept by S3 as literal
 * names that tools resolve as paths, and a key over 1024 bytes is refused by S3.
 */
export function checkNameSegment(name: string, parent: string, what: 'folder' | 'object'): string | undefined {
  if (name.trim() === '') return what === 'folder' ? 'Enter a folder name.' : 'Enter a name.';
  if (name.includes('/')) return `"${name}" contains "/"; enter one ${what === 'folder' ? 'folder' : 'name'} level without "/".`;
  if (name === '.' || name === '..') return `"${name}" is read as a relative path by most tools; choose another name.`;
  const control = [...name].findIndex((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control >= 0) return `The name has a control character (character ${control + 1}), which S3 keys in XML listings can't carry.`;
  const key = parent + name + (what === 'folder' ? '/' : '');
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) return `The key would be ${bytes} bytes long; S3 allows at most ${MAX_KEY_BYTES}.`;
  return undefined;
}

/**
 * Why `name` can't be a bucket on this connection, or undefined: S3's naming rules, and the
 * connection's addressing. In virtual-hosted style the bucket becomes part of the host name, so
 * a "." in it makes a host name that the endpoint's wildcard TLS certificate does not cover.
 */
export function checkNewBucketName(name: string, conn: Pick<Connection, 'forcePathStyle' | 'useTls' | 'endpoint'>): string | undefined {
  const rule = checkBucketName(name);
  if (!rule.ok) return `The ${rule.reason}.`;
  const virtualHosted = conn.forcePathStyle !== true;
  const tls = conn.useTls !== false && !/^http:/i.test(conn.endpoint ?? '');
  if (virtualHosted && tls && name.includes('.')) {
    return `"${name}" contains ".", which this connection can't reach over HTTPS: it addresses buckets as host names (virtual-hosted style), and the certificate covers one level. Use "-" instead, or turn on path-style addressing for the connection.`;
  }
  return undefined;
}

const REGION_RE = /^[a-z]{2}(-[a-z0-9]+)+-\d+$|^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why `region` can't be sent as a bucket's LocationConstraint, or undefined. */
export function checkRegion(region: string): string | undefined {
  return REGION_RE.test(region) ? undefined : `"${region}" is not a region name such as us-east-1 or eu-central-1.`;
}

/**
 * The LocationConstraint to send for a new bucket: none for us-east-1 (S3 and Ceph refuse it
 * there: InvalidLocationConstraint), the region otherwise.
 */
export function locationConstraintFor(region: string): string | undefined {
  return region === 'us-east-1' || region === '' ? undefined : region;
}

// User metadata travels as x-amz-meta-<name> headers: the name is an HTTP token, and S3 keeps it
// lower-cased; values are sent as header values, which must be printable ASCII here.
const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const HEADER_VALUE_RE = /^[\x20-\x7e]*$/;

/** Why `name` can't be a user metadata name (after x-amz-meta-), or undefined. */
export function checkMetadataName(name: string): string | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^x-amz-meta-/, '');
  if (!n) return 'Enter a name, such as "source" (sent as x-amz-meta-source).';
  if (!TOKEN_RE.test(n)) return `"${name}" can't be a header name: use letters, digits and "-" (no spaces).`;
  return undefined;
}

/** The name as S3 stores it: lower case, without the x-amz-meta- prefix. */
export function metadataName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^x-amz-meta-/, '');
}

/** Why `value` can't be sent as a header value, or undefined. */
export function checkHeaderValue(value: string): string | undefined {
  if (HEADER_VALUE_RE.test(value)) return undefined;
  const bad = [...value].find((c) => !HEADER_VALUE_RE.test(c)) ?? '';
  return `"${bad}" can't be sent in an HTTP header; use printable ASCII (for other text, percent-encode it).`;
}

/** What a copy, move or rename acts on: one object, or everything under a prefix. */
export type CopySource = { kind: 'object'; key: string; size?: number | undefined } | { kind: 'prefix'; prefix: string };

/**
 * Where a source lands in `destPrefix`: an object keeps its name, a folder keeps its name and
 * everything under it ("a/b/" pasted into "x/" becomes "x/b/…").
 */
export function destinationRoot(source: CopySource, destPrefix: string): string {
  return source.kind === 'object' ? destPrefix + baseName(source.key) : `${destPrefix}${baseName(source.prefix)}/`;
}

/**
 * Why copying `source` to `destRoot` in the same bucket makes no sense, or undefined: onto
 * itself, or a folder into itself (its own listing would then include the copies).
 */
export function checkSameBucketTarget(source: CopySource, destRoot: string): string | undefined {
  const from = source.kind === 'object' ? source.key : source.prefix;
  if (from === destRoot) return `The destination is the source itself (${from}).`;
  if (source.kind === 'prefix' && destRoot.startsWith(source.prefix)) return `"${source.prefix}" can't be copied or moved into itself (${destRoot}).`;
  return undefined;
}
