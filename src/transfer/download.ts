import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { S3Client } from '@aws-sdk/client-s3';
import { decodeError, renderBlock } from '../errors/lazyErrors';
import type { ClaimedPath, DownloadOutcome } from '../core/transfer/download';
import { downloadObjects, localPathForKey } from '../lazyTransfer';
import type { TransferProgress } from '../core/transfer/progress';
import { toS3Uri } from '../core/storage/s3url';
import type { ConnectionEntry } from '../storage/storageModel';
import { ListingNode, ObjectNode } from '../tree/nodes';
import { BACK } from '../ui/prompter';
import { formatBytes } from '../core/format';
import { clientFor, localPath, objectFromNode, placeFromNode, treeNodes, UserFacingError, type TransferDeps } from './targets';
import { throttledReporter } from './upload';
import { someOf } from '../ui/text';

/** One bucket's worth of keys, mapped below the chosen folder after removing stripPrefix. */
interface Job {
  connection: ConnectionEntry;
  bucket: string;
  stripPrefix: string;
  items: Array<{ key: string; size?: number | undefined }>;
  /** set for a whole prefix: listed when the download starts */
  listPrefix?: string;
}

function parentPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/$/, '');
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/** Objects, a selection, or whole prefixes, into a folder the user chooses. */
export class Downloader implements vscode.Disposable {
  private readonly active = new Set<AbortController>();

  constructor(private readonly deps: TransferDeps) {}

  async command(first?: unknown, second?: unknown): Promise<void> {
    const jobs = this.jobsFor(first, second);
    const picked = await this.deps.prompters.current.openDialog({
      id: 'download.folder',
      title: vscode.l10n.t('Download into which folder?'),
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Download Here'),
    });
    const folder = picked?.[0] ? localPath(picked[0]) : undefined;
    if (!folder) return;
    await this.run(jobs, folder);
  }

  private jobsFor(first: unknown, second: unknown): Job[] {
    const nodes = treeNodes(first, second);
    if (nodes.length === 0) throw new UserFacingError(vscode.l10n.t('Select objects or folders in the Media Storage view to download.'));
    const jobs = new Map<string, Job>();
    for (const node of nodes) {
      if (node instanceof ObjectNode) {
        const o = objectFromNode(this.deps, node);
        const stripPrefix = node.owner.prefix;
        const id = `${o.connection.key}\n${o.bucket}\n${stripPrefix}`;
        const job = jobs.get(id) ?? { connection: o.connection, bucket: o.bucket, stripPrefix, items: [] };
        job.items.push({ key: o.key, size: o.size });
        jobs.set(id, job);
      } else if (node instanceof ListingNode) {
        const p = placeFromNode(this.deps, node);
        if (!p) continue;
        // A folder arrives as a folder of that name, like a folder dragged out of a file manager;
        // a location or bucket arrives as its contents.
        const stripPrefix = node.kind === 'folder' ? parentPrefix(p.prefix) : p.prefix;
        jobs.set(`${p.connection.key}\n${p.bucket}\n${p.prefix}\nprefix`, {
          connection: p.connection,
          bucket: p.bucket,
          stripPrefix,
          items: [],
          listPrefix: p.prefix,
        });
      }
    }
    return [...jobs.values()];
  }

  cancelAll(): void {
    for (const c of this.active) c.abort();
  }

  private async run(jobs: Job[], folder: string): Promise<void> {
    const controller = new AbortController();
    this.active.add(controller);
    const outcomes: DownloadOutcome[] = [];
    let declined = false;
    try {
      await this.deps.prompters.current.progress(
        { id: 'download', title: vscode.l10n.t('Downloading to {0}', folder), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const clients = new Map<Job, S3Client>();
          for (const job of jobs) {
            clients.set(job, await clientFor(this.deps, job.connection));
            if (job.listPrefix !== undefined) {
              progress({ message: vscode.l10n.t('listing {0}…', toS3Uri(job.bucket, job.listPrefix)) });
              try {
                job.items = await listAll(clients.get(job)!, job.bucket, job.listPrefix, controller.signal);
              } catch (error) {
                // Cancelled while listing: nothing was written, and the report says so.
                if (controller.signal.aborted) return;
                throw error;
              }
            }
          }
          dropRepeats(jobs, folder);
          const claims = new Map(jobs.map((job) => [job, claimsOf(job, folder)] as const));
          const existing = await existingLocal(jobs, folder);
          let policy: 'overwrite' | 'skip' = 'overwrite';
          if (existing.length > 0) {
            const answer = await this.deps.prompters.current.pick<'overwrite' | 'skip' | 'cancel'>({
              id: 'download.existing',
              title:
                existing.length === 1
                  ? vscode.l10n.t('{0} file already exist in {1}', existing.length, folder)
                  : vscode.l10n.t('{0} files already exist in {1}', existing.length, folder),
              placeholder: vscode.l10n.t('Already there: {0}. Replace them?', someOf(existing)),
              items: [
                { label: vscode.l10n.t('Skip Existing'), description: vscode.l10n.t('download only the new files'), value: 'skip', picked: true },
                {
                  label: vscode.l10n.t('Overwrite'),
                  description:
                    existing.length === 1
                      ? vscode.l10n.t('replace {0} local file', existing.length)
                      : vscode.l10n.t('replace {0} local files', existing.length),
                  value: 'overwrite',
                },
                { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('download nothing'), value: 'cancel' },
              ],
            });
            if (answer !== 'overwrite' && answer !== 'skip') {
              declined = answer === 'cancel' || answer === undefined || answer === BACK;
              return;
            }
            policy = answer;
          }
          const report = throttledReporter(progress);
          const totalFiles = jobs.reduce((n, j) => n + j.items.length, 0);
          const totalBytes = jobs.reduce((n, j) => n + j.items.reduce((s, i) => s + (i.size ?? 0), 0), 0);
          let filesBefore = 0;
          let bytesBefore = 0;
          for (const job of jobs) {
            const result = await downloadObjects(clients.get(job)!, job.bucket, job.items, folder, {
              stripPrefix: job.stripPrefix,
              existing: policy,
              signal: controller.signal,
              // Each call sees the others' paths, so a collision across buckets or selected
              // folders is refused on both sides before either writes.
              claimedElsewhere: jobs.filter((j) => j !== job).flatMap((j) => claims.get(j) ?? []),
              onProgress: (p: TransferProgress) =>
                report.update({
                  ...p,
                  filesDone: filesBefore + p.filesDone,
                  filesTotal: totalFiles,
                  bytesDone: bytesBefore + p.bytesDone,
                  bytesTotal: Math.max(totalBytes, bytesBefore + p.bytesDone),
                }),
            });
            outcomes.push(...result.files);
            filesBefore += job.items.length;
            bytesBefore += result.files.reduce((s, f) => s + (f.size ?? 0), 0);
          }
          report.flush();
        },
      );
    } finally {
      this.active.delete(controller);
    }
    if (declined) return;
    this.report(folder, outcomes, controller.signal.aborted);
  }

  private report(folder: string, files: DownloadOutcome[], wasCancelled: boolean): void {
    const log = this.deps.log;
    const by = (s: DownloadOutcome['status']): DownloadOutcome[] => files.filter((f) => f.status === s);
    const downloaded = by('downloaded');
    const skipped = by('skipped');
    const refused = by('refused');
    const failed = by('failed');
    const cancelled = by('cancelled');
    const notStarted = by('not-started');
    const bytes = downloaded.reduce((s, f) => s + (f.size ?? 0), 0);
    const byMd5 = downloaded.filter((f) => f.verified === 'md5').length;
    const bySize = downloaded.filter((f) => f.verified === 'size').length;
    log.info(
      `Download to ${folder}: ${downloaded.length} downloaded (${formatBytes(bytes)}; ${byMd5} checked by MD5, ${bySize} by size only), ` +
        `${skipped.length} skipped, ${refused.length} refused, ${failed.length} failed, ${cancelled.length} cancelled, ${notStarted.length} not started`,
    );
    for (const f of refused) log.warn(`Refused to download "${f.key}": ${f.reason ?? 'unsafe key'}`);
    for (const f of failed) log.block(`Download of ${f.key} failed\n${renderBlock(decodeError(f.error))}`, 'error');
    for (const f of files) if (f.leftover) log.warn(`Could not remove the temporary file ${f.leftover} (download of "${f.key}"); delete it by hand.`);
    if (wasCancelled && cancelled.length + notStarted.length) {
      log.warn(`Not downloaded (cancelled): ${[...cancelled, ...notStarted].map((f) => f.key).join(', ')}`);
    }

    const message = summaryMessage(folder, files, wasCancelled);
    // Offered once something is in the folder: the first file is revealed, which opens the folder
    // it landed in (a prefix download nests its files below the chosen folder).
    const landed = [...downloaded, ...skipped].find((f) => f.localPath)?.localPath;
    const OPEN_FOLDER = vscode.l10n.t('Open Folder');
    const actions = landed ? [OPEN_FOLDER] : [];
    const choice =
      wasCancelled || refused.length || failed.length || cancelled.length || notStarted.length
        ? this.deps.errors.notifyWithLog('warn', message, ...actions)
        : this.deps.prompters.current.info(message, ...actions);
    void choice.then(async (picked) => {
      if (picked === OPEN_FOLDER && landed) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(landed));
    });
  }

  dispose(): void {
    this.cancelAll();
  }
}

/**
 * Every object under prefix. The same as core's listObjectsUnder, which lazyTransfer does not
 * expose yet; the paginator hands its extra argument to client.send, so the signal reaches each page.
 */
async function listAll(client: S3Client, bucket: string, prefix: string, signal: AbortSignal): Promise<Array<{ key: string; size?: number | undefined }>> {
  const { paginateListObjectsV2 } = await import('@aws-sdk/client-s3');
  const out: Array<{ key: string; size?: number | undefined }> = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix }, { abortSignal: signal })) {
    for (const item of page.Contents ?? []) if (item.Key !== undefined) out.push({ key: item.Key, size: item.Size });
  }
  return out;
}

/** The text of the result notification: every outcome that happened, counted. */
function summaryMessage(folder: string, files: DownloadOutcome[], wasCancelled: boolean): string {
  const count = (s: DownloadOutcome['status']): number => files.filter((f) => f.status === s).length;
  const downloaded = files.filter((f) => f.status === 'downloaded');
  const bytes = formatBytes(downloaded.reduce((s, f) => s + (f.size ?? 0), 0));
  if (wasCancelled && files.length === 0) return vscode.l10n.t('Download to {0} cancelled while listing; nothing was downloaded.', folder);
  const n = downloaded.length;
  const head = wasCancelled
    ? n === 1
      ? vscode.l10n.t('Download to {0} cancelled: {1} file downloaded ({2})', folder, n, bytes)
      : vscode.l10n.t('Download to {0} cancelled: {1} files downloaded ({2})', folder, n, bytes)
    : n === 1
      ? vscode.l10n.t('Downloaded {0} file ({1}) to {2}', n, bytes, folder)
      : vscode.l10n.t('Downloaded {0} files ({1}) to {2}', n, bytes, folder);
  const parts: string[] = [];
  const skipped = files.filter((f) => f.status === 'skipped');
  if (skipped.length) {
    const there = skipped.filter((f) => f.reason === 'exists locally').length;
    const markers = skipped.length - there;
    const why = [
      there ? vscode.l10n.t('{0} already there', there) : '',
      markers > 0 ? (markers === 1 ? vscode.l10n.t('{0} empty folder marker', markers) : vscode.l10n.t('{0} empty folder markers', markers)) : '',
    ];
    parts.push(vscode.l10n.t('{0} skipped ({1})', skipped.length, why.filter(Boolean).join(', ')));
  }
  const refused = files.filter((f) => f.status === 'refused');
  const [onlyRefused] = refused;
  // The reason is a sentence of its own; the summary ends with its own period.
  if (refused.length === 1 && onlyRefused) parts.push(vscode.l10n.t('1 key refused: {0}', (onlyRefused.reason ?? onlyRefused.key).replace(/\.$/, '')));
  if (refused.length > 1) parts.push(vscode.l10n.t('{0} keys refused: {1}', refused.length, someOf(refused.map((f) => f.key))));
  const failed = files.filter((f) => f.status === 'failed');
  if (failed.length) parts.push(vscode.l10n.t('{0} failed: {1}', failed.length, someOf(failed.map((f) => f.key))));
  if (count('cancelled')) parts.push(vscode.l10n.t('{0} cancelled', count('cancelled')));
  if (count('not-started')) parts.push(vscode.l10n.t('{0} not started', count('not-started')));
  return `${head}${parts.length ? `; ${parts.join('; ')}` : ''}.`;
}

/** One object reached twice (a location and an object in it both selected) is downloaded once. */
function dropRepeats(jobs: Job[], folder: string): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    job.items = job.items.filter((item) => {
      const mapped = localPathForKey(folder, item.key, job.stripPrefix);
      const id = `${job.connection.key}\n${job.bucket}\n${item.key}\n${mapped.ok ? mapped.path : ''}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
}

function claimsOf(job: Job, folder: string): ClaimedPath[] {
  const out: ClaimedPath[] = [];
  for (const item of job.items) {
    const mapped = localPathForKey(folder, item.key, job.stripPrefix);
    if (mapped.ok) out.push({ label: toS3Uri(job.bucket, item.key), localPath: mapped.path });
  }
  return out;
}

/** Keys whose local file already exists; refused keys are left to the core to report. */
async function existingLocal(jobs: Job[], folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const job of jobs) {
    for (const item of job.items) {
      const mapped = localPathForKey(folder, item.key, job.stripPrefix);
      if (!mapped.ok || item.key.endsWith('/')) continue;
      try {
        await fs.lstat(mapped.path);
        found.push(item.key);
      } catch {
        // absent: nothing to ask about
      }
    }
  }
  return found;
}
