/**
 * Downloads objects into a local folder. Object keys are untrusted input: a key may contain
 * "..", start with "/", or use "\" (a separator on Windows), so every key is mapped to a path
 * that is checked to stay inside the folder, and refused per key otherwise. Each object is
 * written to a temporary file beside its destination and renamed at the end, so a cancelled or
 * failed download never leaves a partial file under the real name.
 *
 * Every key ends as exactly one outcome and no single key can reject the batch: the caller
 * reports a result per key, and a batch that threw would leave the user guessing which files
 * arrived.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash, randomBytes } from 'node:crypto';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { compareEtag, EtagHasher, needsWholeMd5 } from './etag';
import { ProgressTracker, type TransferProgress } from './progress';

/**
 * The longest file or folder name, in UTF-8 bytes, that ext4, XFS, Btrfs and ZFS accept.
 * NTFS and APFS count 255 UTF-16 units instead; a UTF-8 byte count is never below that, so
 * the bound holds there too.
 */
export const MAX_NAME_BYTES = 255;

export interface DownloadItem {
  key: string;
  size?: number | undefined;
}

/** A local path that another part of the same batch will write. */
export interface ClaimedPath {
  /** How the user knows that other object, e.g. "s3://bucket/key". */
  label: string;
  localPath: string;
}

export interface DownloadOptions {
  /** Removed from the front of each key to form the local relative path. Default "". */
  stripPrefix?: string;
  /** What to do when the local file exists. Default 'overwrite'. */
  existing?: 'overwrite' | 'skip';
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /**
   * Paths that objects downloaded by other calls of the same batch (another bucket or prefix
   * into the same folder) will write. A key colliding with one is refused, like a collision
   * inside this call; the caller passes each call the others' paths so neither side writes.
   */
  claimedElsewhere?: readonly ClaimedPath[];
}

export type DownloadStatus = 'downloaded' | 'skipped' | 'refused' | 'failed' | 'cancelled' | 'not-started';

export interface DownloadOutcome {
  key: string;
  status: DownloadStatus;
  localPath?: string;
  size?: number;
  /** Why a key was refused or skipped, for the user. */
  reason?: string;
  error?: unknown;
  /**
   * How a downloaded file was checked: 'md5' when the ETag is the body's MD5 and matched,
   * 'size' when only Content-Length could be compared (multipart or encrypted objects).
   */
  verified?: 'md5' | 'size';
  /** A temporary file that could not be removed after a failure or cancel. */
  leftover?: string;
}

export interface DownloadResult {
  folder: string;
  files: DownloadOutcome[];
  counts: Record<DownloadStatus, number>;
  wasCancelled: boolean;
}

/** What the written bytes did not match; the temporary file is removed. */
export class DownloadVerifyError extends Error {
  override readonly name = 'DownloadVerifyError';
}

export type LocalPathResult = { ok: true; path: string } | { ok: false; reason: string };

/** Maps a key (minus stripPrefix) to a path inside `folder`, or says why it can't be written there. */
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
  const long = segments.find((s) => Buffer.byteLength(s) > MAX_NAME_BYTES);
  if (long !== undefined) {
    const shown = long.length > 40 ? `${long.slice(0, 40)}…` : long;
    return {
      ok: false,
      reason: `the name "${shown}" is ${Buffer.byteLength(long)} bytes long; file systems allow at most ${MAX_NAME_BYTES} bytes per file or folder name.`,
    };
  }
  const root = path.resolve(folder);
  const target = path.resolve(root, ...segments);
  if (!target.startsWith(root + path.sep)) {
    return { ok: false, reason: `"${key}" resolves to ${target}, outside ${root}.` };
  }
  return { ok: true, path: target };
}

/**
 * Entries that can't all be written: two on one path (keys "x\y" and "x/y"), or a file where
 * another entry needs a folder (keys "a" and "a/b"). Returns the index of each entry to refuse
 * and why. In the second case only the file is refused: the folder may hold many keys.
 * Only exact paths are compared; on a case-insensitive file system (macOS, Windows) "A.mp4"
 * and "a.mp4" still land on one file, and the later rename replaces the earlier download.
 */
export function findPathConflicts(entries: readonly ClaimedPath[], root: string): Map<number, string> {
  const conflicts = new Map<number, string>();
  const byPath = new Map<string, { index: number; label: string }[]>();
  /** the label of the first entry that needs each folder */
  const folderUser = new Map<string, string>();
  const top = path.resolve(root);
  entries.forEach(({ label, localPath }, index) => {
    byPath.set(localPath, [...(byPath.get(localPath) ?? []), { index, label }]);
    for (let dir = path.dirname(localPath); dir.startsWith(top + path.sep); dir = path.dirname(dir)) {
      // An ancestor already claimed has had its own ancestors claimed too.
      if (folderUser.has(dir)) break;
      folderUser.set(dir, label);
    }
  });
  for (const [localPath, claims] of byPath) {
    if (claims.length > 1) {
      for (const { index, label } of claims) {
        const others = claims.filter((c) => c.index !== index).map((c) => `"${c.label}"`);
        conflicts.set(index, `"${label}" and ${others.join(', ')} would both be written to ${localPath}; neither is downloaded.`);
      }
    }
    const folderFor = folderUser.get(localPath);
    if (folderFor !== undefined) {
      for (const { index, label } of claims) {
        conflicts.set(index, `${localPath} must be a folder to hold "${folderFor}", so "${label}" can't be saved as a file there.`);
      }
    }
  }
  return conflicts;
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

/** Every object under `prefix`, page by page. */
export async function listObjectsUnder(client: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<DownloadItem[]> {
  const { paginateListObjectsV2 } = await import('@aws-sdk/client-s3');
  const objects: DownloadItem[] = [];
  // The paginator's config has no signal; its extra arguments go to client.send, so this one
  // reaches every page's request.
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix }, { abortSignal: signal })) {
    for (const item of page.Contents ?? []) {
      if (item.Key !== undefined) {
        objects.push({ key: item.Key, size: item.Size });
      }
    }
  }
  return objects;
}

/** Everything under `prefix`, with paths relative to it. */
export async function downloadPrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
  folder: string,
  options: Omit<DownloadOptions, 'stripPrefix'> = {},
): Promise<DownloadResult> {
  const objects = await listObjectsUnder(client, bucket, prefix, options.signal);
  return downloadObjects(client, bucket, objects, folder, { ...options, stripPrefix: prefix });
}

/** The download folder as given (keys map below it) and with its links resolved. */
interface Roots {
  resolved: string;
  real: string;
}

interface Work {
  key: string;
  size?: number | undefined;
  localPath: string;
}

export async function downloadObjects(
  client: S3Client,
  bucket: string,
  keys: ReadonlyArray<string | DownloadItem>,
  folder: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  // The same key twice (a selection that names it twice) is one download, not a collision.
  const unique = new Map<string, DownloadItem>();
  for (const k of keys) {
    const item = typeof k === 'string' ? { key: k } : k;
    if (!unique.has(item.key)) unique.set(item.key, item);
  }
  const items = [...unique.values()];
  const outcomes = new Map<string, DownloadOutcome>();
  const mapped: Work[] = [];
  for (const item of items) {
    // "folder/" placeholder objects that consoles create carry no content.
    if (item.key.endsWith('/') && (item.size ?? 0) === 0) {
      outcomes.set(item.key, { key: item.key, status: 'skipped', reason: 'folder placeholder' });
      continue;
    }
    const local = localPathForKey(folder, item.key, options.stripPrefix ?? '');
    if (!local.ok) {
      outcomes.set(item.key, { key: item.key, status: 'refused', reason: local.reason });
      continue;
    }
    mapped.push({ ...item, localPath: local.path });
  }
  // Decided before anything is written, so neither side of a collision overwrites the other.
  const claims: ClaimedPath[] = [...mapped.map((w) => ({ label: w.key, localPath: w.localPath })), ...(options.claimedElsewhere ?? [])];
  const conflicts = findPathConflicts(claims, folder);
  const work: Work[] = [];
  mapped.forEach((item, index) => {
    const reason = conflicts.get(index);
    outcomes.set(item.key, { key: item.key, status: reason ? 'refused' : 'not-started', localPath: item.localPath, ...(reason ? { reason } : {}) });
    if (!reason) work.push(item);
  });

  const tracker = new ProgressTracker(
    work.length,
    work.reduce((sum, w) => sum + (w.size ?? 0), 0),
    options.onProgress,
  );
  let roots: Roots | undefined;
  try {
    roots = { resolved: path.resolve(folder), real: await fs.mkdir(folder, { recursive: true }).then(() => fs.realpath(folder)) };
  } catch (error) {
    for (const item of work) outcomes.set(item.key, { key: item.key, status: 'failed', localPath: item.localPath, error });
  }
  if (roots !== undefined) {
    const root = roots;
    const queue = [...work];
    const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        if (options.signal?.aborted) {
          return;
        }
        outcomes.set(item.key, await downloadOne(client, bucket, item, root, options, tracker));
      }
    });
    await Promise.all(workers);
  }
  const files = items.map((i) => outcomes.get(i.key) ?? { key: i.key, status: 'not-started' as const });
  const counts: Record<DownloadStatus, number> = { downloaded: 0, skipped: 0, refused: 0, failed: 0, cancelled: 0, 'not-started': 0 };
  for (const f of files) counts[f.status] += 1;
  return { folder: path.resolve(folder), files, counts, wasCancelled: options.signal?.aborted === true };
}

/** Never rejects: every failure becomes this key's outcome. */
async function downloadOne(
  client: S3Client,
  bucket: string,
  item: Work,
  roots: Roots,
  options: DownloadOptions,
  tracker: ProgressTracker,
): Promise<DownloadOutcome> {
  const base = { key: item.key, localPath: item.localPath };
  const dir = path.dirname(item.localPath);
  const refuse = (reason: string): DownloadOutcome => {
    tracker.dropFile(item.size ?? 0, 0);
    return { ...base, status: 'refused', reason };
  };
  let body: NodeJS.ReadableStream | undefined;
  let temp: string | undefined;
  let handle: FileHandle | undefined;
  let counted = 0;
  let outcome: DownloadOutcome;
  try {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const there = await fs.lstat(item.localPath).catch(() => undefined);
    if (there?.isDirectory()) {
      return refuse(`${item.localPath} is a folder; a file can't replace it.`);
    }
    if (there && options.existing === 'skip') {
      tracker.dropFile(item.size ?? 0, 0);
      return { ...base, status: 'skipped', reason: 'exists locally' };
    }
    const blocker = await fileInTheWay(roots.resolved, dir);
    if (blocker) {
      return refuse(`${blocker} is a file, so the folder ${dir} can't be created.`);
    }
    await fs.mkdir(dir, { recursive: true });
    // A symlinked folder inside the target could still lead outside it.
    const realDir = await fs.realpath(dir);
    if (realDir !== roots.real && !realDir.startsWith(roots.real + path.sep)) {
      return refuse(`${dir} leads outside the download folder (symbolic link).`);
    }
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: item.key }), options.signal ? { abortSignal: options.signal } : {});
    body = response.Body as NodeJS.ReadableStream | undefined;
    if (!body) {
      throw new Error(`s3://${bucket}/${item.key} returned no body.`);
    }
    const hasher = md5IsComparable(response) ? new EtagHasher() : undefined;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        counted += chunk.length;
        hasher?.update(chunk);
        tracker.addBytes(chunk.length);
        callback(null, chunk);
      },
    });
    temp = path.join(dir, tempName(path.basename(item.localPath)));
    // Opened before the pipeline starts: a stream that opened its file lazily could create it
    // after a cancel had already removed the temp path, leaving a stray .part behind.
    handle = await fs.open(temp, 'wx');
    await pipeline(body, counter, handle.createWriteStream(), options.signal ? { signal: options.signal } : {});
    const where = `s3://${bucket}/${item.key}`;
    if (response.ContentLength !== undefined && counted !== response.ContentLength) {
      throw new DownloadVerifyError(`${where}: received ${counted} bytes, but the store announced ${response.ContentLength}; the file was not saved.`);
    }
    const check = hasher ? compareEtag(response.ETag, hasher.digest()) : 'not-comparable';
    if (check === 'mismatch') {
      throw new DownloadVerifyError(
        `${where}: the MD5 of the ${counted} bytes received does not match the object's ETag ${response.ETag}; the file was not saved.`,
      );
    }
    await fs.rename(temp, item.localPath);
    temp = undefined;
    tracker.fileFinished();
    const verified = check === 'match' ? 'md5' : response.ContentLength !== undefined ? 'size' : undefined;
    outcome = { ...base, status: 'downloaded', size: counted, ...(verified ? { verified } : {}) };
  } catch (error) {
    // An unread body would hold its connection open.
    (body as { destroy?: () => void } | undefined)?.destroy?.();
    tracker.dropFile(item.size ?? 0, counted);
    outcome = { ...base, status: options.signal?.aborted ? 'cancelled' : 'failed', error };
  }
  // The stream closes the handle when it ends or is destroyed; closing again is harmless.
  await handle?.close().catch(() => undefined);
  if (temp) {
    const left = temp;
    await fs.rm(left, { force: true }).catch(() => {
      outcome.leftover = left;
    });
  }
  return outcome;
}

/**
 * Hidden, and within MAX_NAME_BYTES whatever the final name's length: the readable form helps
 * a user who finds one left by a crash, the hashed form is for names too long to carry it.
 */
function tempName(finalName: string): string {
  const random = randomBytes(4).toString('hex');
  const readable = `.${finalName}.${random}.part`;
  if (Buffer.byteLength(readable) <= MAX_NAME_BYTES) return readable;
  return `.${createHash('sha256').update(finalName).digest('hex').slice(0, 16)}.${random}.part`;
}

/**
 * A plain-MD5 ETag (single PUT) is the MD5 of the body, except under SSE-KMS or SSE-C, where
 * it is 32 hex digits that say nothing about the content. Hashing is skipped when there is
 * nothing to compare with.
 */
function md5IsComparable(response: GetObjectCommandOutput): boolean {
  const encrypted = String(response.ServerSideEncryption ?? '').startsWith('aws:kms') || response.SSECustomerAlgorithm !== undefined;
  // needsWholeMd5 with empty digests is true exactly for a plain-MD5 ETag.
  return !encrypted && needsWholeMd5(response.ETag, { md5Hex: undefined, multipartEtag: undefined });
}

/** The first existing non-folder between root and dir (a local file "a" blocking key "a/b"). */
async function fileInTheWay(root: string, dir: string): Promise<string | undefined> {
  const relative = path.relative(root, dir);
  if (relative === '' || relative.startsWith('..')) return undefined;
  let current = root;
  for (const segment of relative.split(path.sep)) {
    current = path.join(current, segment);
    const stat = await fs.stat(current).catch(() => undefined);
    if (!stat) return undefined;
    if (!stat.isDirectory()) return current;
  }
  return undefined;
}
