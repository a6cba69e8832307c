/**
 * Downloads objects into a local folder. Object keys are untrusted input: a key may contain
 * "..", start with "/", or use "\" (a separator on Windows), so every key is mapped to a path
 * that is checked to stay inside the folder, and refused per key otherwise. Each object is
 * written to a temporary file beside its destination and renamed at the end, so a cancelled or
 * failed download never leaves a partial file under the real name.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { ProgressTracker, type TransferProgress } from './progress';

export interface DownloadOptions {
  /** Removed from the front of each key to form the local relative path. Default "". */
  stripPrefix?: string;
  /** What to do when the local file exists. Default 'overwrite'. */
  existing?: 'overwrite' | 'skip';
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}

export type DownloadStatus = 'downloaded' | 'skipped' | 'refused' | 'failed' | 'cancelled' | 'not-started';

export interface DownloadOutcome {
  key: string;
  status: DownloadStatus;
  localPath?: string;
  size?: number;
  /** Why a key was refused (unsafe path) or skipped. */
  reason?: string;
  error?: unknown;
}

export interface DownloadResult {
  folder: string;
  files: DownloadOutcome[];
  wasCancelled: boolean;
}

export type LocalPathResult = { ok: true; path: string } | { ok: false; reason: string };

/** Maps a key (minus stripPrefix) to a path inside `folder`, or says why it would escape. */
export function localPathForKey(folder: string, key: string, stripPrefix = ''): LocalPathResult {
  if (!key.startsWith(stripPrefix)) {
    return { ok: false, reason: `"${key}" is not under "${stripPrefix}".` };
  }
  const relative = key.slice(stripPrefix.length);
  if (relative.includes('\0')) {
    return { ok: false, reason: `"${key}" contains a NUL character.` };
  }
  if (/^[\\/]/.test(relative) || /^[a-zA-Z]:/.test(relative)) {
    return { ok: false, reason: `"${key}" is an absolute path; it would be written outside ${folder}.` };
  }
  const segments = relative.split(/[\\/]/);
  if (segments.some((s) => s === '..')) {
    return { ok: false, reason: `"${key}" contains "..": it would be written outside ${folder}.` };
  }
  if (segments.some((s) => s === '' || s === '.')) {
    return { ok: false, reason: `"${key}" has an empty or "." path segment and has no unambiguous local name.` };
  }
  const root = path.resolve(folder);
  const target = path.resolve(root, ...segments);
  if (!target.startsWith(root + path.sep)) {
    return { ok: false, reason: `"${key}" resolves to ${target}, outside ${root}.` };
  }
  return { ok: true, path: target };
}

export async function downloadObject(
  client: S3Client,
  bucket: string,
  key: string,
  folder: string,
  options: Omit<DownloadOptions, 'stripPrefix'> = {},
): Promise<DownloadResult> {
  const slash = key.lastIndexOf('/');
  return downloadObjects(client, bucket, [key], folder, { ...options, stripPrefix: key.slice(0, slash + 1) });
}

/** Everything under `prefix`, with paths relative to it. */
export async function downloadPrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
  folder: string,
  options: Omit<DownloadOptions, 'stripPrefix'> = {},
): Promise<DownloadResult> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const objects: Array<{ key: string; size?: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      { abortSignal: options.signal },
    );
    for (const item of page.Contents ?? []) {
      if (item.Key !== undefined) {
        objects.push({ key: item.Key, size: item.Size });
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return downloadObjects(client, bucket, objects, folder, { ...options, stripPrefix: prefix });
}

export async function downloadObjects(
  client: S3Client,
  bucket: string,
  keys: ReadonlyArray<string | { key: string; size?: number }>,
  folder: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const items = keys.map((k) => (typeof k === 'string' ? { key: k, size: undefined } : k));
  const outcomes = new Map<string, DownloadOutcome>();
  const work: Array<{ key: string; size?: number; localPath: string }> = [];
  for (const item of items) {
    // "folder/" placeholder objects that consoles create carry no content.
    if (item.key.endsWith('/') && (item.size ?? 0) === 0) {
      outcomes.set(item.key, { key: item.key, status: 'skipped', reason: 'folder placeholder' });
      continue;
    }
    const mapped = localPathForKey(folder, item.key, options.stripPrefix ?? '');
    if (!mapped.ok) {
      outcomes.set(item.key, { key: item.key, status: 'refused', reason: mapped.reason });
      continue;
    }
    outcomes.set(item.key, { key: item.key, status: 'not-started', localPath: mapped.path });
    work.push({ ...item, localPath: mapped.path });
  }
  const tracker = new ProgressTracker(
    work.length,
    work.reduce((sum, w) => sum + (w.size ?? 0), 0),
    options.onProgress,
  );
  const realRoot = await fs.mkdir(folder, { recursive: true }).then(() => fs.realpath(folder));
  const queue = [...work];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (options.signal?.aborted) {
        return;
      }
      outcomes.set(item.key, await downloadOne(client, bucket, item, realRoot, options, tracker));
    }
  });
  await Promise.all(workers);
  return {
    folder: path.resolve(folder),
    files: items.map((i) => outcomes.get(i.key) ?? { key: i.key, status: 'not-started' }),
    wasCancelled: options.signal?.aborted === true,
  };
}

async function downloadOne(
  client: S3Client,
  bucket: string,
  item: { key: string; size?: number; localPath: string },
  realRoot: string,
  options: DownloadOptions,
  tracker: ProgressTracker,
): Promise<DownloadOutcome> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const base = { key: item.key, localPath: item.localPath };
  const dir = path.dirname(item.localPath);
  let temp: string | undefined;
  let handle: FileHandle | undefined;
  let counted = 0;
  try {
    if (options.existing === 'skip' && (await exists(item.localPath))) {
      tracker.dropFile(item.size ?? 0, 0);
      return { ...base, status: 'skipped', reason: 'exists locally' };
    }
    await fs.mkdir(dir, { recursive: true });
    // A symlinked folder inside the target could still lead outside it.
    const realDir = await fs.realpath(dir);
    if (realDir !== realRoot && !realDir.startsWith(realRoot + path.sep)) {
      tracker.dropFile(item.size ?? 0, 0);
      return { ...base, status: 'refused', reason: `${dir} leads outside the download folder (symbolic link).` };
    }
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: item.key }), {
      abortSignal: options.signal,
    });
    const body = response.Body as NodeJS.ReadableStream | undefined;
    if (!body) {
      throw new Error(`s3://${bucket}/${item.key} returned no body.`);
    }
    temp = path.join(dir, `.${path.basename(item.localPath)}.${randomBytes(4).toString('hex')}.part`);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        counted += chunk.length;
        tracker.addBytes(chunk.length);
        callback(null, chunk);
      },
    });
    // Opened before the pipeline starts: a stream that opened its file lazily could create it
    // after a cancel had already removed the temp path, leaving a stray .part behind.
    handle = await fs.open(temp, 'wx');
    await pipeline(body, counter, handle.createWriteStream(), { signal: options.signal });
    if (response.ContentLength !== undefined && counted !== response.ContentLength) {
      throw new Error(`s3://${bucket}/${item.key}: received ${counted} of ${response.ContentLength} bytes.`);
    }
    await fs.rename(temp, item.localPath);
    temp = undefined;
    tracker.fileFinished();
    return { ...base, status: 'downloaded', size: counted };
  } catch (error) {
    tracker.dropFile(item.size ?? 0, counted);
    return { ...base, status: options.signal?.aborted ? 'cancelled' : 'failed', error };
  } finally {
    // The stream closes the handle when it ends or is destroyed; closing again is harmless.
    await handle?.close().catch(() => undefined);
    if (temp) {
      await fs.rm(temp, { force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
