import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { S3Client } from '@aws-sdk/client-s3';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { DownloadOutcome } from '../core/transfer/download';
import { downloadObjects, localPathForKey } from './lazyTransfer';
import type { TransferProgress } from '../core/transfer/progress';
import { toS3Uri } from '../core/storage/s3url';
import type { ConnectionEntry } from '../storage/storageModel';
import { ListingNode, ObjectNode } from '../tree/nodes';
import { BACK } from '../ui/prompter';
import { formatBytes, listSome, plural } from './format';
import { clientFor, localPath, objectFromNode, placeFromNode, treeNodes, UserFacingError, type TransferDeps } from './targets';
import { throttledReporter } from './upload';

export interface DownloadSummary {
  folder: string;
  downloaded: string[];
  skipped: string[];
  refused: Array<{ key: string; reason: string }>;
  failed: Array<{ key: string; message: string }>;
  cancelled: string[];
  notStarted: string[];
  wasCancelled: boolean;
}

/** One bucket's worth of keys, mapped below the chosen folder after removing stripPrefix. */
interface Job {
  connection: ConnectionEntry;
  bucket: string;
  stripPrefix: string;
  items: Array<{ key: string; size?: number }>;
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

  async command(first?: unknown, second?: unknown): Promise<DownloadSummary | undefined> {
    const jobs = this.jobsFor(first, second);
    const picked = await this.deps.prompters.current.openDialog({
      id: 'download.folder',
      title: 'Download into which folder?',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Download Here',
    });
    const folder = picked?.[0] ? localPath(picked[0]) : undefined;
    if (!folder) return undefined;
    return this.run(jobs, folder);
  }

  private jobsFor(first: unknown, second: unknown): Job[] {
    const nodes = treeNodes(first, second);
    if (nodes.length === 0) throw new UserFacingError('Select objects or folders in the Media Storage view to download.');
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
        jobs.set(`${p.connection.key}\n${p.bucket}\n${p.prefix}\nprefix`, { connection: p.connection, bucket: p.bucket, stripPrefix, items: [], listPrefix: p.prefix });
      }
    }
    return [...jobs.values()];
  }

  cancelAll(): void {
    for (const c of this.active) c.abort();
  }

  private async run(jobs: Job[], folder: string): Promise<DownloadSummary | undefined> {
    const controller = new AbortController();
    this.active.add(controller);
    const outcomes: DownloadOutcome[] = [];
    let declined = false;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading to ${folder}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const clients = new Map<Job, S3Client>();
          for (const job of jobs) {
            clients.set(job, await clientFor(this.deps, job.connection));
            if (job.listPrefix !== undefined) {
              progress.report({ message: `listing ${toS3Uri(job.bucket, job.listPrefix)}…` });
              job.items = await listAll(clients.get(job)!, job.bucket, job.listPrefix, controller.signal);
            }
          }
          const existing = await existingLocal(jobs, folder);
          let policy: 'overwrite' | 'skip' = 'overwrite';
          if (existing.length > 0) {
            const answer = await this.deps.prompters.current.pick<'overwrite' | 'skip' | 'cancel'>({
              id: 'download.existing',
              title: `${plural(existing.length, 'file')} already exist in ${folder}`,
              placeholder: `Already there: ${listSome(existing)}. Replace them?`,
              items: [
                { label: 'Skip Existing', description: 'download only the new files', value: 'skip', picked: true },
                { label: 'Overwrite', description: `replace ${plural(existing.length, 'local file')}`, value: 'overwrite' },
                { label: 'Cancel', description: 'download nothing', value: 'cancel' },
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
              onProgress: (p: TransferProgress) =>
                report.update({ ...p, filesDone: filesBefore + p.filesDone, filesTotal: totalFiles, bytesDone: bytesBefore + p.bytesDone, bytesTotal: Math.max(totalBytes, bytesBefore + p.bytesDone) }),
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
    if (declined) return undefined;
    return this.report(folder, outcomes, controller.signal.aborted);
  }

  private report(folder: string, files: DownloadOutcome[], wasCancelled: boolean): DownloadSummary {
    const log = this.deps.log;
    const by = (s: DownloadOutcome['status']): DownloadOutcome[] => files.filter((f) => f.status === s);
    const downloaded = by('downloaded');
    const refused = by('refused');
    const failed = by('failed');
    const notDone = [...by('cancelled'), ...by('not-started')];
    const bytes = downloaded.reduce((s, f) => s + (f.size ?? 0), 0);
    log.info(
      `Download to ${folder}: ${downloaded.length} downloaded (${formatBytes(bytes)}), ${by('skipped').length} skipped, ` +
        `${refused.length} refused, ${failed.length} failed${wasCancelled ? `, cancelled with ${notDone.length} not downloaded` : ''}`,
    );
    for (const f of refused) log.warn(`Refused to download "${f.key}": ${f.reason ?? 'unsafe key'}`);
    for (const f of failed) log.block(`Download of ${f.key} failed\n${renderBlock(decodeError(f.error))}`, 'error');
    if (wasCancelled && notDone.length) log.warn(`Not downloaded (cancelled): ${notDone.map((f) => f.key).join(', ')}`);

    const problems: string[] = [];
    if (refused.length) problems.push(`${plural(refused.length, 'key')} refused because ${refused.length === 1 ? 'it' : 'they'} would be written outside the folder: ${listSome(refused.map((f) => f.key))}`);
    if (failed.length) problems.push(`${failed.length} failed: ${listSome(failed.map((f) => f.key))}`);
    if (wasCancelled) problems.push(`cancelled; not downloaded: ${listSome(notDone.map((f) => f.key)) || 'none'}`);
    const head = `Downloaded ${plural(downloaded.length, 'file')} (${formatBytes(bytes)}) to ${folder}`;
    if (problems.length) {
      void vscode.window.showWarningMessage(`${head}; ${problems.join('; ')}.`, 'Show Log').then((c) => c && log.show(false));
    } else {
      void vscode.window.showInformationMessage(`${head}.`);
    }
    return {
      folder,
      downloaded: downloaded.map((f) => f.key),
      skipped: by('skipped').map((f) => f.key),
      refused: refused.map((f) => ({ key: f.key, reason: f.reason ?? '' })),
      failed: failed.map((f) => ({ key: f.key, message: log.redact(summaryLine(decodeError(f.error))) })),
      cancelled: by('cancelled').map((f) => f.key),
      notStarted: by('not-started').map((f) => f.key),
      wasCancelled,
    };
  }

  dispose(): void {
    this.cancelAll();
  }
}

async function listAll(client: S3Client, bucket: string, prefix: string, signal: AbortSignal): Promise<Array<{ key: string; size?: number }>> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const out: Array<{ key: string; size?: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
    for (const item of page.Contents ?? []) if (item.Key !== undefined) out.push({ key: item.Key, size: item.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
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
