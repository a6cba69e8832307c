import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import { normalizePrefix } from '../core/transfer/plan';
import type { TransferProgress } from '../core/transfer/progress';
import type { ExistingDecision, FileOutcome, UploadOptions, UploadResult, UploadTarget } from '../core/transfer/upload';
import { retryFailed, uploadBatch } from '../lazyTransfer';
import { BACK, type ProgressReport } from '../ui/prompter';
import { formatBytes, formatDuration, listSome, plural, progressMessage, progressPercent, settledProgress } from '../core/format';
import { uploadSettings } from './settings';
import { clientFor, localPath, localUris, pickLocation, placeFromNode, placeUri, treeNodes, UserFacingError, type Place, type TransferDeps } from './targets';
import { someOf } from '../ui/text';
import type { TreeTarget } from '../tree/goToUri';

export const HAS_FAILED_UPLOADS = 'mediaStorage.hasFailedUploads';

interface LastBatch {
  place: Place;
  result: UploadResult;
}

/**
 * Uploads with one progress notification per batch, one question about existing objects per
 * batch, per-file failures in the log, and a retry of only the failed files.
 */
export class Uploader implements vscode.Disposable {
  private last: LastBatch | undefined;
  private readonly active = new Set<AbortController>();

  constructor(private readonly deps: TransferDeps) {}

  /** Explorer (uri, uris), tree node (node, nodes) or the palette (nothing). */
  async command(first?: unknown, second?: unknown): Promise<void> {
    const uris = localUris(first, second);
    let place: Place | undefined;
    const nodes = uris.length ? [] : treeNodes(first, second);
    const [node] = nodes;
    if (node) place = placeFromNode(this.deps, node);
    let sources = uris.map((u) => this.toLocal(u));
    if (sources.length === 0) {
      const picked = await this.deps.prompters.current.openDialog({
        id: 'upload.files',
        title: place ? vscode.l10n.t('Upload to {0}', placeUri(place)) : vscode.l10n.t('Upload to Media Storage'),
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: true,
        openLabel: vscode.l10n.t('Upload'),
      });
      if (!picked || picked.length === 0) return;
      sources = picked.map((u) => this.toLocal(u));
    }
    if (!place) place = await this.pickTarget(sources.length);
    if (!place) return;
    await this.upload(place, sources);
  }

  private toLocal(uri: vscode.Uri): string {
    const p = localPath(uri);
    if (!p) throw new UserFacingError(vscode.l10n.t('{0} is not a local file; only files on this machine can be uploaded.', uri.toString()));
    return p;
  }

  private async pickTarget(count: number): Promise<Place | undefined> {
    const place = await pickLocation(this.deps, {
      id: 'upload.target',
      placeholder:
        count === 1 ? vscode.l10n.t('Upload {0} item to which input or output?', count) : vscode.l10n.t('Upload {0} items to which input or output?', count),
      roles: ['input', 'output'],
    });
    if (!place) return undefined;
    const folder = await this.deps.prompters.current.input({
      id: 'upload.prefix',
      prompt: vscode.l10n.t('Folder in s3://{0}/ to upload into (empty for the bucket root)', place.bucket),
      value: place.prefix,
      validate: (v) => (v.startsWith('/') ? vscode.l10n.t('Leave out the leading "/"') : undefined),
    });
    if (folder === undefined || folder === BACK) return undefined;
    return { ...place, prefix: normalizePrefix(folder), node: undefined };
  }

  upload(place: Place, sources: string[]): Promise<void> {
    const target: UploadTarget = { bucket: place.bucket, prefix: place.prefix };
    const loc = place.location?.location;
    // The registered location's object settings apply to everything written into it.
    if (loc?.acl) target.acl = loc.acl;
    if (loc?.storageClass) target.storageClass = loc.storageClass as NonNullable<UploadTarget['storageClass']>;
    if (loc?.cacheControl) target.cacheControl = loc.cacheControl;
    if (loc?.contentDisposition) target.contentDisposition = loc.contentDisposition;
    if (loc?.metadata) target.metadata = loc.metadata;
    this.deps.log.info(`Upload of ${plural(sources.length, 'item')} to ${placeUri(place)}: ${listSome(sources, 5)}`);
    return this.run(place, 'upload', vscode.l10n.t('Uploading to {0}', placeUri(place)), (client, options) => uploadBatch(client, sources, target, options));
  }

  /** Runs every unfinished file of the last batch again: failed, cancelled and never started. */
  async retryFailedCommand(): Promise<void> {
    const last = this.last;
    const count = last ? unfinished(last.result).length : 0;
    if (!last || count === 0) {
      void this.deps.prompters.current.info(vscode.l10n.t('There are no unfinished uploads to retry.'));
      return;
    }
    this.deps.log.info(`Retrying ${plural(count, 'unfinished upload')} to ${placeUri(last.place)}`);
    const title =
      count === 1
        ? vscode.l10n.t('Retrying {0} upload to {1}', count, placeUri(last.place))
        : vscode.l10n.t('Retrying {0} uploads to {1}', count, placeUri(last.place));
    await this.run(last.place, 'upload.retry', title, (client, options) => retryFailed(client, last.result, options));
  }

  /** Cancels every upload in progress, exactly like the notification's Cancel button. */
  cancelAll(): void {
    for (const c of this.active) c.abort();
  }

  private async run(
    place: Place,
    id: string,
    title: string,
    start: (client: Awaited<ReturnType<typeof clientFor>>, options: UploadOptions) => Promise<UploadResult>,
  ): Promise<void> {
    const client = await clientFor(this.deps, place.connection);
    const controller = new AbortController();
    this.active.add(controller);
    let result: UploadResult;
    try {
      result = await this.deps.prompters.current.progress({ id, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const report = throttledReporter(progress);
        const out = await start(client, {
          ...uploadSettings(this.deps.log),
          overwrite: 'ask',
          onExisting: (keys) => this.askExisting(place, keys),
          signal: controller.signal,
          onProgress: report.update,
          resumeStore: this.deps.resumeStore,
          connectionKey: place.connection.key,
          endpoint: place.connection.connection.endpoint ?? place.connection.connection.region,
          keepOnCancel: () => this.askKeepOnCancel(place),
          onRetry: (e) =>
            this.deps.log.warn(
              `Retrying s3://${place.bucket}/${e.key}${e.partNumber ? ` part ${e.partNumber}` : ''} in ${formatDuration(e.delayMs / 1000)} ` +
                `(attempt ${e.attempt + 1}): ${this.deps.log.redact(summaryLine(decodeError(e.error)))}`,
            ),
        });
        report.flush();
        return out;
      });
    } finally {
      this.active.delete(controller);
    }
    this.report(place, result);
  }

  /** Asked once per cancelled batch that has multipart uploads in flight; dismissing it discards them. */
  private async askKeepOnCancel(place: Place): Promise<boolean> {
    const answer = await this.deps.prompters.current.pick<boolean>({
      id: 'upload.keepForResume',
      title: vscode.l10n.t('Upload to {0} cancelled', placeUri(place)),
      placeholder: vscode.l10n.t('Keep the parts already sent, to resume later from Incomplete Uploads?'),
      items: [
        {
          label: vscode.l10n.t('Discard Parts'),
          description: vscode.l10n.t('abort the multipart upload; nothing is left on the store'),
          value: false,
          picked: true,
        },
        { label: vscode.l10n.t('Keep for Resume'), description: vscode.l10n.t('the parts stay on the store (billed) until resumed or aborted'), value: true },
      ],
    });
    return answer === true;
  }

  private async askExisting(place: Place, keys: string[]): Promise<ExistingDecision> {
    const answer = await this.deps.prompters.current.pick<ExistingDecision>({
      id: 'upload.existing',
      title:
        keys.length === 1
          ? vscode.l10n.t('{0} object already exist in {1}', keys.length, placeUri(place))
          : vscode.l10n.t('{0} objects already exist in {1}', keys.length, placeUri(place)),
      placeholder: vscode.l10n.t('Already there: {0}. Replace them?', someOf(keys)),
      items: [
        { label: vscode.l10n.t('Skip Existing'), description: vscode.l10n.t('upload only the new files'), value: 'skip', picked: true },
        {
          label: vscode.l10n.t('Overwrite'),
          description:
            keys.length === 1 ? vscode.l10n.t('replace {0} existing object', keys.length) : vscode.l10n.t('replace {0} existing objects', keys.length),
          value: 'overwrite',
        },
        { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('upload nothing'), value: 'cancel' },
      ],
    });
    // Dismissing the question is not consent to replace anything.
    return answer === 'overwrite' || answer === 'skip' ? answer : 'cancel';
  }

  private report(place: Place, result: UploadResult): void {
    const where = placeUri(place);
    const log = this.deps.log;
    const keys = (files: FileOutcome[]): string[] => files.map((f) => f.key);
    const mismatches = result.failed.filter((f) => f.stage === 'verify');
    const bytes = result.uploaded.reduce((sum, f) => sum + f.size, 0);
    log.info(
      `Upload to ${where} finished in ${formatDuration(result.elapsedMs / 1000)}: ${result.uploaded.length} uploaded (${formatBytes(bytes)}), ` +
        `${result.skipped.length} skipped, ${result.failed.length} failed, ${result.cancelled.length} cancelled, ${result.notStarted.length} not started`,
    );
    for (const f of result.failed) {
      const stage = {
        plan: 'could not be read',
        check: 'could not be checked for an existing object',
        upload: 'failed',
        verify: 'was stored wrong (size or ETag mismatch)',
      }[f.stage ?? 'upload'];
      log.block(`Upload ${f.localPath} → s3://${result.target.bucket}/${f.key} ${stage}\n${renderBlock(decodeError(f.error))}`, 'error');
    }
    for (const f of result.files) {
      if (f.leftovers?.status === 'failed') {
        log.warn(
          `Incomplete multipart upload of s3://${result.target.bucket}/${f.key} could not be aborted (its parts are billed); see the bucket's Incomplete Uploads.`,
        );
      }
      if (f.leftovers?.status === 'kept') {
        log.info(`s3://${result.target.bucket}/${f.key}: the parts sent are kept on the store; Retry or Resume Upload sends only the rest.`);
      }
      if (f.leftovers?.status === 'unverifiable') {
        log.info(`s3://${result.target.bucket}/${f.key}: this store can't abort or list multipart uploads, so parts it received may remain.`);
      }
      if (f.status === 'skipped' && f.skipReason !== 'exists') {
        log.info(
          `${f.localPath}: skipped (${f.skipReason === 'symlink' ? 'a symbolic link; set mediaStorage.upload.followSymlinks to follow links' : (f.skipReason ?? 'skipped')})`,
        );
      }
      if (f.status === 'uploaded' && f.etagCheck === 'not-comparable') {
        log.info(`s3://${result.target.bucket}/${f.key}: size verified; the store's ETag cannot be compared with the file (encryption or gateway)`);
      }
    }
    if (result.wasCancelled) {
      log.warn(
        `Upload to ${where} cancelled. Uploaded: ${keys(result.uploaded).join(', ') || 'none'}. ` +
          `Not uploaded: ${[...keys(result.cancelled), ...keys(result.notStarted), ...keys(result.failed)].join(', ') || 'none'}.`,
      );
    }

    this.last = unfinished(result).length > 0 ? { place, result } : undefined;
    void vscode.commands.executeCommand('setContext', HAS_FAILED_UPLOADS, this.last !== undefined);
    // Parts kept for Resume (or aborted) change what the bucket's Incomplete Uploads shows.
    if (result.files.some((f) => f.leftovers)) this.deps.explorer?.refreshIncomplete(place.connection.key, place.bucket);
    if (result.uploaded.length > 0) this.deps.explorer?.refresh(place.node);
    // Logged only: the summary notification below says it stopped and leads to the log.
    if (result.stoppedBy !== undefined) this.deps.errors.record(result.stoppedBy, `Upload to ${where} stopped`);
    this.notify(place, result, mismatches);
  }

  private notify(place: Place, result: UploadResult, mismatches: FileOutcome[]): void {
    const where = placeUri(place);
    const skippedExisting = result.skipped.filter((f) => f.skipReason === 'exists').length;
    const skippedLinks = result.skipped.length - skippedExisting;
    const skipped = [
      skippedExisting ? vscode.l10n.t('{0} skipped (already there)', skippedExisting) : '',
      skippedLinks === 1 ? vscode.l10n.t('{0} link not followed', skippedLinks) : skippedLinks ? vscode.l10n.t('{0} links not followed', skippedLinks) : '',
    ]
      .filter(Boolean)
      .map((s) => `, ${s}`)
      .join('');
    const kept = result.files.filter((f) => f.leftovers?.status === 'kept').length;
    const keptText =
      kept === 1
        ? ` ${vscode.l10n.t('{0} partial upload kept for Resume.', kept)}`
        : kept
          ? ` ${vscode.l10n.t('{0} partial uploads kept for Resume.', kept)}`
          : '';
    const RETRY = vscode.l10n.t('Retry');
    const retry = this.last ? [RETRY] : [];
    const parts = [
      result.cancelled.length ? vscode.l10n.t('{0} cancelled', result.cancelled.length) : '',
      result.failed.length ? vscode.l10n.t('{0} failed', result.failed.length) : '',
      result.notStarted.length ? vscode.l10n.t('{0} not started', result.notStarted.length) : '',
    ].filter(Boolean);
    let message: string;
    if (result.wasCancelled || result.stoppedBy !== undefined || result.failed.length > 0) {
      const mism = mismatches.length ? ` ${vscode.l10n.t('Size/ETag mismatch: {0}.', someOf(mismatches.map((f) => f.key)))}` : '';
      const notUploaded = unfinished(result).map((f) => f.key);
      const head = failureHead(result, where);
      message = `${head}${skipped}; ${parts.join(', ') || vscode.l10n.t('nothing else')}${notUploaded.length ? ` (${someOf(notUploaded)})` : ''}.${mism}${keptText}`;
    } else {
      const n = result.uploaded.length;
      const done = n === 1 ? vscode.l10n.t('Uploaded {0} file to {1}', n, where) : vscode.l10n.t('Uploaded {0} files to {1}', n, where);
      const SHOW = vscode.l10n.t('Show in Tree');
      // One file is shown itself; several, the place they went to (their common folder).
      const only = result.uploaded.length === 1 ? result.uploaded[0] : undefined;
      const target: TreeTarget = {
        connectionKey: place.connection.key,
        bucket: place.bucket,
        key: only?.key ?? place.prefix,
        ...(place.location ? { locationKey: place.location.key } : {}),
      };
      void this.deps.prompters.current.info(`${done}${skipped}.`, SHOW).then((choice) => {
        if (choice === SHOW) void vscode.commands.executeCommand(Commands.goToUri, target);
      });
      return;
    }
    void this.deps.errors.notifyWithLog('warn', message, ...retry).then((choice) => {
      // Through the command, so a failure of the retry takes the one error path too.
      if (choice === RETRY) void vscode.commands.executeCommand(Commands.retryFailedUploads);
    });
  }

  dispose(): void {
    this.cancelAll();
  }
}

/** "Upload to … cancelled: 2 of 5 files uploaded", one sentence per way the batch ended and per plural. */
function failureHead(result: UploadResult, where: string): string {
  const done = result.uploaded.length;
  const total = result.files.length;
  if (result.wasCancelled) {
    return total === 1
      ? vscode.l10n.t('Upload to {0} cancelled: {1} of {2} file uploaded', where, done, total)
      : vscode.l10n.t('Upload to {0} cancelled: {1} of {2} files uploaded', where, done, total);
  }
  if (result.stoppedBy !== undefined) {
    return total === 1
      ? vscode.l10n.t('Upload to {0} stopped: the endpoint stays unreachable: {1} of {2} file uploaded', where, done, total)
      : vscode.l10n.t('Upload to {0} stopped: the endpoint stays unreachable: {1} of {2} files uploaded', where, done, total);
  }
  return total === 1
    ? vscode.l10n.t('Upload to {0} finished with failures: {1} of {2} file uploaded', where, done, total)
    : vscode.l10n.t('Upload to {0} finished with failures: {1} of {2} files uploaded', where, done, total);
}

/** Files that Retry runs again: every one not uploaded or skipped, except those that could not be read. */
function unfinished(result: UploadResult): FileOutcome[] {
  return result.files.filter((f) => (f.status === 'failed' && f.stage !== 'plan') || f.status === 'cancelled' || f.status === 'not-started');
}

/**
 * Progress notifications take increments; bytes can also leave the total (a skipped file). A
 * file that finishes (or leaves the batch) is shown at once, so the count on the notification is
 * never behind what the store holds when the user presses Cancel; bytes alone at most every
 * 250 ms, since every chunk would otherwise become a message (VS Code also merges reports that
 * come within 100 ms of each other).
 */
export function throttledReporter(report: (r: ProgressReport) => void): {
  update: (p: TransferProgress) => void;
  flush: () => void;
} {
  let shown = 0;
  let lastAt = 0;
  let latest: TransferProgress | undefined;
  let shownFiles: { done: number; total: number } | undefined;
  let firstByteAt: number | undefined;
  const show = (): void => {
    if (!latest) return;
    const percent = progressPercent(latest);
    const since = firstByteAt === undefined ? undefined : Date.now() - firstByteAt;
    report({ message: progressMessage(settledProgress(latest, since)), increment: Math.max(0, percent - shown) });
    shown = Math.max(shown, percent);
    shownFiles = { done: latest.filesDone, total: latest.filesTotal };
    lastAt = Date.now();
  };
  return {
    update: (p) => {
      latest = p;
      if (firstByteAt === undefined && p.bytesDone > 0) firstByteAt = Date.now();
      const filesChanged = p.filesDone !== shownFiles?.done || p.filesTotal !== shownFiles.total;
      if (filesChanged || Date.now() - lastAt >= 250) show();
    },
    flush: show,
  };
}
