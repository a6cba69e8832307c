/**
 * Check Package over the extension's S3 gateway: the prefix's listing (listObjectsUnder), the
 * manifests' text (GetObject) and the sampled HeadObjects, through the client the caller got from
 * `createS3Client` (its timeouts and retries), never a client of its own.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import { listLevel, listObjectsUnder } from '../storage/listing';
import { eachLimited, headObject, isNotFound, type Send } from '../ops/s3util';
import { manifestFormat, parseHls } from './manifest';
import { checkPackage, manifestKeysIn, type CheckPackageInput, type PackageObject, type PackageReport, type PackageSource } from './packageCheck';

async function getText(client: S3Client, bucket: string, key: string, send: Send): Promise<string | undefined> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), sendOptions({ abortSignal: send.signal, retry: send.retry }));
    return (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The package's objects over the gateway. `prefetch` starts reading manifests before the check
 * asks for them (while the listing runs): the check reads each at most once either way.
 */
export function s3PackageSource(client: S3Client, bucket: string, send: Send = {}): PackageSource & { prefetch(key: string): void } {
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (key: string): Promise<string | undefined> => {
    let text = texts.get(key);
    if (!text) {
      text = getText(client, bucket, key, send);
      texts.set(key, text);
    }
    return text;
  };
  return {
    prefetch(key) {
      // A failed prefetch is reported when the check reads the key, not here.
      read(key).then(
        (text) => {
          // A master's media playlists are read next, so they are fetched with it.
          if (text === undefined || manifestFormat(key, text) !== 'hls') return;
          try {
            for (const r of parseHls(key, text).refs) if (r.role === 'media-playlist' && r.key !== undefined) void read(r.key).catch(() => undefined);
          } catch {
            // not a playlist: the check says so
          }
        },
        () => undefined,
      );
    },
    readText: (key) => read(key),
    async head(key, signal) {
      const head = await headObject(client, bucket, key, { signal: signal ?? send.signal, retry: send.retry });
      return head ? { contentType: head.ContentType } : undefined;
    },
  };
}

/** Folders listed at once: a ladder's renditions are usually one folder each. */
const LIST_CONCURRENCY = 8;

/**
 * Every object under the prefix, with its size (ListObjectsV2 gives no Content-Type). A listing
 * is a chain of pages, 1,000 keys each, that cannot be parallelised; a package's renditions are
 * folders, so the top level is listed first and each folder's chain runs beside the others (a
 * ladder of 5 × 2,000 segments: 2 pages deep instead of 10). `onTopLevel` gets the top level's
 * objects as soon as they are known (the manifests are there).
 */
export async function listPackage(
  client: S3Client,
  bucket: string,
  prefix: string,
  send: Send & { onTopLevel?: ((objects: PackageObject[]) => void) | undefined } = {},
): Promise<PackageObject[]> {
  const out: PackageObject[] = [];
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await listLevel(client, {
      bucket,
      prefix,
      pageSize: 1000,
      ...(token === undefined ? {} : { token }),
      ...(send.signal ? { signal: send.signal } : {}),
      ...(send.retry ? { retry: send.retry } : {}),
    });
    const objects = page.objects.map((o) => ({ key: o.key, size: o.size }));
    out.push(...objects);
    send.onTopLevel?.(objects);
    folders.push(...page.folders.map((f) => f.key));
    token = page.nextToken;
  } while (token);
  const nested: PackageObject[][] = folders.map(() => []);
  await eachLimited(
    folders,
    LIST_CONCURRENCY,
    async (folder, i) => {
      for await (const page of listObjectsUnder(client, { bucket, prefix: folder, signal: send.signal, retry: send.retry })) {
        for (const o of page) nested[i]?.push({ key: o.key, size: o.size });
      }
    },
    send.signal,
  );
  return out.concat(...nested);
}

/** The folder a key is in ("a/b/master.m3u8" → "a/b/"), the package prefix of a single manifest. */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

export type PackageTarget = { manifest: string } | { prefix: string };

export interface BucketCheckOptions extends Send, Pick<CheckPackageInput, 'bucketUrls' | 'headConcurrency' | 'checkContentTypes'> {}

/**
 * Check Package on one manifest (its folder is the package) or on a prefix (every `.m3u8`/`.mpd`
 * under it). A prefix without a manifest gives a report with no manifest and every object
 * unreferenced; the caller says "no manifest under …" instead of showing that.
 */
export async function checkPackageInBucket(client: S3Client, bucket: string, target: PackageTarget, opts: BucketCheckOptions = {}): Promise<PackageReport> {
  const prefix = 'manifest' in target ? folderOf(target.manifest) : target.prefix;
  const source = s3PackageSource(client, bucket, opts);
  // The manifests are read while the listing runs: neither waits for the other.
  if ('manifest' in target) source.prefetch(target.manifest);
  const onTopLevel = 'manifest' in target ? undefined : (objects: PackageObject[]): void => manifestKeysIn(objects, prefix).forEach((k) => source.prefetch(k));
  const listing = await listPackage(client, bucket, prefix, { ...opts, onTopLevel });
  const manifests = 'manifest' in target ? [target.manifest] : manifestKeysIn(listing, prefix);
  return checkPackage({
    manifests,
    prefix,
    listing,
    source,
    signal: opts.signal,
    bucketUrls: opts.bucketUrls,
    headConcurrency: opts.headConcurrency,
    checkContentTypes: opts.checkContentTypes,
  });
}
