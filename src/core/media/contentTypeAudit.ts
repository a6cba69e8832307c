// The Content-Type (and, when the user set a policy, Cache-Control) audit of a prefix, and its
// fix. What breaks playback is rarely the bytes: Safari refuses a playlist served as
// application/octet-stream, and a CDN caches a live playlist for a day when nobody said otherwise.
// The fix rewrites each object's headers with a server-side copy onto itself (editMetadata:
// MetadataDirective REPLACE, every other header, x-amz-meta-* and the storage class kept, the
// result read back), only where the object is still the one audited (its ETag).
import type { S3Client } from '@aws-sdk/client-s3';
import { editMetadata, type MetadataChanges } from '../ops/metadata';
import { eachLimited, headObject } from '../ops/s3util';
import { listObjectsUnder } from '../storage/listing';
import type { RetryPolicy } from '../storage/retry';
import { contentTypeFits, contentTypeFor, ROLE_CONTENT_TYPES, type MediaRole } from '../transfer/mime';

/** The role an object plays in a package, from its name alone (no manifest is read). */
export function roleOfKey(key: string): MediaRole | undefined {
  const base = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  switch (ext) {
    case 'm3u8':
      return 'media-playlist';
    case 'mpd':
      return 'mpd';
    case 'ts':
    case 'm2ts':
      return 'segment-ts';
    case 'm4s':
    case 'mp4':
    case 'm4v':
    case 'cmfv':
      return base.startsWith('init') ? 'init' : 'segment-fmp4';
    case 'm4a':
    case 'aac':
    case 'cmfa':
      return 'segment-audio';
    case 'vtt':
    case 'ttml':
    case 'dfxp':
      return 'subtitle';
    default:
      return undefined;
  }
}

export interface CachePolicy {
  /** Cache-Control for playlists and MPDs ("" leaves them as they are) */
  manifests: string;
  /** Cache-Control for segments, init segments and subtitles ("" leaves them) */
  segments: string;
}

export interface PlannedFix {
  key: string;
  role: MediaRole;
  /** the object audited: the fix is refused if it changed since */
  etag: string | undefined;
  contentType: { from: string | undefined; to: string } | undefined;
  cacheControl: { from: string | undefined; to: string } | undefined;
}

export interface AuditResult {
  /** objects under the prefix, and those with a media role (each HEAD-ed) */
  listed: number;
  media: number;
  fixes: PlannedFix[];
}

export interface AuditOptions {
  signal?: AbortSignal | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  cache?: CachePolicy | undefined;
  /** HEADs at once */
  concurrency?: number | undefined;
  onProgress?: ((headed: number, of: number) => void) | undefined;
}

const isManifest = (role: MediaRole): boolean => role === 'master' || role === 'media-playlist' || role === 'mpd';

/** What an object's headers should be, or undefined when they are right. */
export function plannedFix(
  key: string,
  head: { contentType?: string | undefined; cacheControl?: string | undefined; etag?: string | undefined },
  cache?: CachePolicy,
): PlannedFix | undefined {
  const role = roleOfKey(key);
  if (!role) return undefined;
  let contentType: PlannedFix['contentType'];
  if (!contentTypeFits(role, head.contentType)) {
    // The upload's own type for the name, so a fixed object matches a fresh upload of it.
    const byName = contentTypeFor(key);
    contentType = { from: head.contentType, to: contentTypeFits(role, byName) ? byName : (ROLE_CONTENT_TYPES[role][0] ?? byName) };
  }
  const wanted = cache ? (isManifest(role) ? cache.manifests : cache.segments).trim() : '';
  const cacheControl = wanted !== '' && wanted !== (head.cacheControl ?? '').trim() ? { from: head.cacheControl, to: wanted } : undefined;
  if (!contentType && !cacheControl) return undefined;
  return { key, role, etag: head.etag, contentType, cacheControl };
}

export async function auditContentTypes(client: S3Client, bucket: string, prefix: string, opts: AuditOptions = {}): Promise<AuditResult> {
  const keys: string[] = [];
  let listed = 0;
  for await (const page of listObjectsUnder(client, { bucket, prefix, signal: opts.signal, retry: opts.retry })) {
    listed += page.length;
    for (const o of page) if (roleOfKey(o.key)) keys.push(o.key);
  }
  const found: (PlannedFix | undefined)[] = new Array<PlannedFix | undefined>(keys.length);
  let headed = 0;
  await eachLimited(
    keys,
    opts.concurrency ?? 16,
    async (key, i) => {
      const head = await headObject(client, bucket, key, { signal: opts.signal, retry: opts.retry });
      headed++;
      opts.onProgress?.(headed, keys.length);
      // Deleted since the listing: nothing to fix.
      if (head) found[i] = plannedFix(key, { contentType: head.ContentType, cacheControl: head.CacheControl, etag: head.ETag }, opts.cache);
    },
    opts.signal,
  );
  opts.signal?.throwIfAborted();
  return { listed, media: keys.length, fixes: found.filter((f): f is PlannedFix => f !== undefined) };
}

export interface FixOutcome {
  fixed: string[];
  failed: { key: string; error: unknown }[];
  /** not attempted because the user cancelled */
  notStarted: string[];
}

export interface FixOptions {
  signal?: AbortSignal | undefined;
  concurrency?: number | undefined;
  onProgress?: ((done: number, of: number) => void) | undefined;
}

/** Applies the plan; each object is rewritten and read back (editMetadata), or reported failed. */
export async function applyContentTypeFixes(client: S3Client, bucket: string, fixes: readonly PlannedFix[], opts: FixOptions = {}): Promise<FixOutcome> {
  const out: FixOutcome = { fixed: [], failed: [], notStarted: [] };
  const started = new Set<string>();
  let done = 0;
  await eachLimited(
    fixes,
    opts.concurrency ?? 8,
    async (fix) => {
      started.add(fix.key);
      const changes: MetadataChanges = {
        headers: {
          ...(fix.contentType ? { contentType: fix.contentType.to } : {}),
          ...(fix.cacheControl ? { cacheControl: fix.cacheControl.to } : {}),
        },
      };
      try {
        await editMetadata(client, bucket, fix.key, changes, { expectedEtag: fix.etag, signal: opts.signal });
        out.fixed.push(fix.key);
      } catch (error) {
        out.failed.push({ key: fix.key, error });
      }
      opts.onProgress?.(++done, fixes.length);
    },
    opts.signal,
  );
  out.notStarted = fixes.filter((f) => !started.has(f.key)).map((f) => f.key);
  return out;
}

/** "12 × .ts: application/octet-stream → video/mp2t" lines, most frequent first, for the plan's confirmation. */
export function describePlan(fixes: readonly PlannedFix[]): string[] {
  const groups = new Map<string, number>();
  for (const f of fixes) {
    const ext = f.key.slice(f.key.lastIndexOf('.'));
    const parts = [
      f.contentType ? `Content-Type ${f.contentType.from ?? '(none)'} → ${f.contentType.to}` : '',
      f.cacheControl ? `Cache-Control ${f.cacheControl.from ?? '(none)'} → ${f.cacheControl.to}` : '',
    ].filter(Boolean);
    const line = `${ext}: ${parts.join('; ')}`;
    groups.set(line, (groups.get(line) ?? 0) + 1);
  }
  return [...groups].sort((a, b) => b[1] - a[1]).map(([line, n]) => `${n} × ${line}`);
}
