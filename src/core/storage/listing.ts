// One level of a bucket as the tree shows it: folders (common prefixes) first, then objects,
// a page at a time so a bucket with millions of segments never loads at once.
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from './client';
import type { RetryPolicy } from './retry';
import { SETTINGS } from '../settings';

export interface FolderEntry {
  type: 'folder';
  /** full prefix, ending in '/' */
  key: string;
  /** the last segment without the trailing '/' */
  name: string;
}

export interface ObjectEntry {
  type: 'object';
  key: string;
  name: string;
  size: number;
  lastModified?: Date;
  storageClass?: string;
  kind: MediaKind;
}

export interface ListingPage {
  folders: FolderEntry[];
  objects: ObjectEntry[];
  /** pass back as `token` for the next page; undefined on the last page */
  nextToken?: string;
}

export interface ListOptions {
  bucket: string;
  /** the node's prefix; '' for the bucket root, otherwise normally ending in '/' */
  prefix?: string;
  /** 1–1000, default 1000 */
  pageSize?: number;
  token?: string;
  /** name prefix relative to `prefix`, sent to S3 as part of Prefix */
  filter?: string;
  signal?: AbortSignal;
  /** replaces the client's retry policy (a tree listing passes INTERACTIVE_RETRY) */
  retry?: Partial<RetryPolicy>;
}

export function checkPageSize(n: number): string | undefined {
  const { minimum, maximum } = SETTINGS.pageSize;
  return Number.isInteger(n) && n >= minimum && n <= maximum ? undefined : `page size must be a whole number from ${minimum} to ${maximum}, not ${n}`;
}

export async function listLevel(client: S3Client, opts: ListOptions): Promise<ListingPage> {
  const pageSize = opts.pageSize ?? SETTINGS.pageSize.default;
  const bad = checkPageSize(pageSize);
  if (bad) throw new RangeError(bad);
  const prefix = opts.prefix ?? '';
  if (opts.filter?.includes('/')) throw new RangeError('the filter matches names at this level and cannot contain "/"');
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const out = await client.send(
    new ListObjectsV2Command({
      Bucket: opts.bucket,
      Prefix: prefix + (opts.filter ?? ''),
      Delimiter: '/',
      MaxKeys: pageSize,
      ContinuationToken: opts.token,
    }),
    sendOptions({ abortSignal: opts.signal, retry: opts.retry }),
  );
  const folders: FolderEntry[] = (out.CommonPrefixes ?? [])
    .map((p) => p.Prefix)
    .filter((p): p is string => typeof p === 'string')
    .map((key) => ({ type: 'folder', key, name: lastSegment(key.slice(prefix.length, -1)) }));
  const objects: ObjectEntry[] = [];
  for (const o of out.Contents ?? []) {
    // The "folder marker" object that consoles create for the prefix itself is not a child.
    if (!o.Key || o.Key === prefix) continue;
    const entry: ObjectEntry = { type: 'object', key: o.Key, name: o.Key.slice(prefix.length), size: o.Size ?? 0, kind: mediaKind(o.Key) };
    if (o.LastModified) entry.lastModified = o.LastModified;
    if (o.StorageClass) entry.storageClass = o.StorageClass;
    objects.push(entry);
  }
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  folders.sort(byName);
  objects.sort(byName);
  const page: ListingPage = { folders, objects };
  if (out.IsTruncated && out.NextContinuationToken) page.nextToken = out.NextContinuationToken;
  return page;
}

/** One object of a recursive listing: what ListObjectsV2 says of it without a delimiter. */
export interface ListedObject {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
  storageClass?: string;
}

/**
 * Every object whose key starts with `prefix` (sub-folders included, the folder marker too), one
 * page at a time, in the store's key order. For the operations that act on a whole prefix
 * (delete, copy, move): a page is handed out as soon as it arrives, so a caller can count and
 * stop early, and each request carries the caller's signal and retry policy.
 */
export async function* listObjectsUnder(
  client: S3Client,
  opts: { bucket: string; prefix: string; signal?: AbortSignal | undefined; retry?: Partial<RetryPolicy> | undefined; pageSize?: number },
): AsyncGenerator<ListedObject[]> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  let token: string | undefined;
  do {
    const out = await client.send(
      new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: opts.prefix || undefined, MaxKeys: opts.pageSize ?? 1000, ContinuationToken: token }),
      sendOptions({ abortSignal: opts.signal, retry: opts.retry }),
    );
    const page: ListedObject[] = [];
    for (const o of out.Contents ?? []) {
      if (o.Key === undefined) continue;
      const entry: ListedObject = { key: o.Key, size: o.Size ?? 0 };
      if (o.ETag) entry.etag = o.ETag;
      if (o.LastModified) entry.lastModified = o.LastModified;
      if (o.StorageClass) entry.storageClass = o.StorageClass;
      page.push(entry);
    }
    yield page;
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
}

function lastSegment(s: string): string {
  return s === '' ? '' : s.slice(s.lastIndexOf('/') + 1);
}

export interface BucketEntry {
  name: string;
  creationDate?: Date;
  region?: string;
}

export async function listBuckets(client: S3Client, opts: { signal?: AbortSignal; retry?: Partial<RetryPolicy> } = {}): Promise<BucketEntry[]> {
  const { ListBucketsCommand } = await import('@aws-sdk/client-s3');
  const out = await client.send(new ListBucketsCommand({}), sendOptions({ abortSignal: opts.signal, retry: opts.retry }));
  return (out.Buckets ?? [])
    .filter((b) => typeof b.Name === 'string')
    .map((b) => {
      const e: BucketEntry = { name: b.Name as string };
      if (b.CreationDate) e.creationDate = b.CreationDate;
      if (b.BucketRegion) e.region = b.BucketRegion;
      return e;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type MediaKind = 'hls' | 'dash' | 'video' | 'audio' | 'image' | 'subtitle' | 'other';

const KINDS: Record<string, MediaKind> = {
  m3u8: 'hls',
  m3u: 'hls',
  mpd: 'dash',
  mp4: 'video',
  m4v: 'video',
  mov: 'video',
  ts: 'video',
  m4s: 'video',
  mkv: 'video',
  webm: 'video',
  mxf: 'video',
  avi: 'video',
  cmfv: 'video',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  ac3: 'audio',
  ec3: 'audio',
  wav: 'audio',
  flac: 'audio',
  ogg: 'audio',
  opus: 'audio',
  cmfa: 'audio',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  avif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  vtt: 'subtitle',
  webvtt: 'subtitle',
  srt: 'subtitle',
  ttml: 'subtitle',
  dfxp: 'subtitle',
  scc: 'subtitle',
};

export function mediaKind(key: string): MediaKind {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'other';
  return KINDS[name.slice(dot + 1).toLowerCase()] ?? 'other';
}

/**
 * The keys among `keys` that exist, from a listing of the folder they share: for a package of
 * 2,000 segments one or two ListObjectsV2 pages instead of 2,000 HeadObjects. Undefined, and the
 * caller asks per key, when the folder holds far more than the batch (listing it would cost more
 * than asking), can't be listed (a role allowed to write but not to list, common for encoder
 * outputs), fails otherwise (asking per key then says which key and why), or was cancelled.
 */
export async function existingByListing(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
  send: { signal?: AbortSignal | undefined; retry?: Partial<RetryPolicy> | undefined } = {},
): Promise<Set<string> | undefined> {
  if (keys.length === 0) return new Set();
  let prefix = keys.reduce((common, key) => {
    let i = 0;
    while (i < common.length && i < key.length && common[i] === key[i]) i++;
    return common.slice(0, i);
  });
  // The folder, not a partial name: "show/ep" would also list "show/episode-old/…".
  prefix = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const wanted = new Set(keys);
  const found = new Set<string>();
  const budget = Math.max(keys.length * 4, 5_000);
  let seen = 0;
  try {
    for await (const page of listObjectsUnder(client, { bucket, prefix, signal: send.signal, retry: send.retry })) {
      for (const o of page) if (wanted.has(o.key)) found.add(o.key);
      seen += page.length;
      if (seen > budget) return undefined;
    }
  } catch {
    return undefined;
  }
  return send.signal?.aborted ? undefined : found;
}
