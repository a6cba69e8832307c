/**
 * Resume Upload, Abort Upload and Abort All Incomplete Uploads: the actions of the tree's
 * "Incomplete Uploads" nodes (and, for a kept upload, of the palette).
 *
 * A resume goes only to the connection and endpoint the upload began on, and only with the very
 * file it began with: a file that changed or is gone is reported before anything is sent (the
 * engine would otherwise abort the upload on its own), and the user decides whether to abort.
 * An abort names one upload id; "Abort All" lists the uploads afresh and aborts each by its id.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { ResumeRecord } from '../core/transfer/resumeStore';
import type { FileOutcome, UploadResult } from '../core/transfer/upload';
import { toS3Uri } from '../core/storage/s3url';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import { mayConnect, type ConnectionEntry } from '../storage/storageModel';
import { formatBytes, formatDate, formatDuration } from '../core/format';
import { IncompleteGroupNode, IncompleteUploadNode, partsOfRecord, partsText } from '../tree/nodes';
import { interactiveClient, recordsFor } from '../tree/incompleteUploads';
import { BACK } from '../ui/prompter';
import { listIncompleteUploads, resumeUpload } from '../lazyTransfer';
import { uploadSettings } from './settings';
import { clientFor, locationContaining, placeFromNode, UserFacingError, type TransferDeps } from './targets';
import { abortMany, abortOne, partsSentText, type Target } from './incompleteAbort';
import { throttledReporter } from './upload';
import { someOf } from '../ui/text';

/** As the uploader writes it into records: a resume goes back to the same place only. */
function endpointOf(connection: ConnectionEntry): string {
  return connection.connection.endpoint ?? connection.connection.region;
}

function leftoverText(f: FileOutcome): string {
  switch (f.leftovers?.status) {
    case 'kept':
      return vscode.l10n.t('Its parts stay on the store for another Resume.');
    case 'clean':
      return vscode.l10n.t('The upload was aborted; nothing of it is left on the store.');
    case 'unverifiable':
      return vscode.l10n.t("The store can't confirm whether parts of it remain.");
    case 'failed':
      return vscode.l10n.t('It could not be aborted either, so its parts are still billed (see Incomplete Uploads).');
    default:
      return '';
  }
}

export class IncompleteUploads implements vscode.Disposable {
  private readonly active = new Set<AbortController>();

  constructor(private readonly deps: TransferDeps) {}

  /** Cancels resumes and Abort All runs in progress, like their Cancel buttons. */
  cancelAll(): void {
    for (const c of this.active) c.abort();
  }

  dispose(): void {
    this.cancelAll();
  }

  async resumeCommand(node?: unknown): Promise<void> {
    const target = node === undefined ? await this.pickTarget(vscode.l10n.t('Resume Upload')) : this.targetOf(node);
    if (!target) return;
    const uri = toS3Uri(target.bucket, target.key);
    if (!target.record) {
      throw new UserFacingError(vscode.l10n.t('The upload of {0} was started elsewhere: its local file is unknown here, so it can only be aborted.', uri));
    }
    // The node may be older than the record: parts finished since, or the upload ended meanwhile.
    const record = await this.deps.resumeStore?.load(target.record.id);
    if (!record) {
      this.deps.explorer?.refreshIncomplete(target.connection.key, target.bucket);
      throw new UserFacingError(vscode.l10n.t('The upload of {0} is no longer kept for Resume (it was completed or aborted meanwhile).', uri));
    }
    this.checkEndpoint(target.connection, record);
    const problem = await fileProblem(record);
    if (problem) await this.cannotResume({ ...target, record, parts: partsOfRecord(record) }, problem);
    else await this.resume(target.connection, record);
  }

  async abortCommand(node?: unknown): Promise<void> {
    const target = node === undefined ? await this.pickTarget(vscode.l10n.t('Abort Upload')) : this.targetOf(node);
    if (!target) return;
    if (target.fromRecord && target.record) this.checkEndpoint(target.connection, target.record);
    const ok = await this.deps.prompters.current.confirm({
      id: 'incomplete.abortConfirm',
      message: vscode.l10n.t(
        'Abort the incomplete upload of {0}? The {1} already on the store will be discarded.',
        toS3Uri(target.bucket, target.key),
        partsSentText(target.parts),
      ),
      detail: target.record
        ? vscode.l10n.t("{0} can then only be uploaded again from the start. This can't be undone.", target.record.localPath)
        : vscode.l10n.t("This can't be undone."),
      confirmLabel: vscode.l10n.t('Abort Upload'),
    });
    if (!ok) return;
    await abortOne(this.deps, target);
  }

  async abortAllCommand(node?: unknown): Promise<void> {
    if (!(node instanceof IncompleteGroupNode)) {
      throw new UserFacingError(vscode.l10n.t('Abort All works on an "Incomplete Uploads" node of a bucket, input or output in the Media Storage view.'));
    }
    const place = placeFromNode(this.deps, node.owner);
    if (!place) return;
    const scope = node.s3Uri;
    const client = await clientFor(this.deps, place.connection);
    // Listed afresh and without the tree's bound: the confirmation counts what will be aborted.
    const [listing, records] = await Promise.all([
      listIncompleteUploads(interactiveClient(client), place.bucket, node.prefix, { signal: AbortSignal.timeout(60_000), limit: 10_000 }),
      recordsFor(this.deps.resumeStore, place.connection.key, place.bucket, node.prefix),
    ]);
    const byId = new Map(records.map((r) => [r.uploadId, r]));
    const targets: Target[] = listing.supported
      ? listing.uploads.map((u) => {
          const record = byId.get(u.uploadId);
          return {
            connection: place.connection,
            bucket: place.bucket,
            key: u.key,
            uploadId: u.uploadId,
            record,
            parts: record && partsOfRecord(record),
            fromRecord: false,
          };
        })
      : records.map((r) => ({
          connection: place.connection,
          bucket: place.bucket,
          key: r.key,
          uploadId: r.uploadId,
          record: r,
          parts: partsOfRecord(r),
          fromRecord: true,
        }));
    if (targets.length === 0) {
      const message = listing.supported
        ? vscode.l10n.t('No incomplete uploads in {0}.', scope)
        : vscode.l10n.t('No incomplete uploads in {0} that this editor kept (the store cannot list others).', scope);
      void this.deps.prompters.current.info(message);
      this.deps.explorer?.refreshIncomplete(place.connection.key, place.bucket);
      return;
    }
    const capped = listing.supported && listing.truncated;
    const n = targets.length;
    const ok = await this.deps.prompters.current.confirm({
      id: 'incomplete.abortAllConfirm',
      message: capped
        ? n === 1
          ? vscode.l10n.t('Abort all {0} incomplete upload in {1} (the first 10,000 listed)? Their parts on the store will be discarded.', n, scope)
          : vscode.l10n.t('Abort all {0} incomplete uploads in {1} (the first 10,000 listed)? Their parts on the store will be discarded.', n, scope)
        : n === 1
          ? vscode.l10n.t('Abort all {0} incomplete upload in {1}? Their parts on the store will be discarded.', n, scope)
          : vscode.l10n.t('Abort all {0} incomplete uploads in {1}? Their parts on the store will be discarded.', n, scope),
      detail: vscode.l10n.t(
        "{0}. Uploads still running elsewhere (other machines or pipelines) will fail. This can't be undone.",
        someOf(targets.map((t) => t.key)),
      ),
      confirmLabel: vscode.l10n.t('Abort All'),
    });
    if (!ok) return;
    await abortMany(this.deps, scope, targets, this.active);
  }

  /** The upload behind a tree node; the node must be an incomplete upload. */
  private targetOf(node: unknown): Target {
    if (!(node instanceof IncompleteUploadNode)) {
      throw new UserFacingError(vscode.l10n.t('Choose an upload under "Incomplete Uploads" in the Media Storage view.'));
    }
    const place = placeFromNode(this.deps, node.group.owner);
    if (!place) throw new UserFacingError(vscode.l10n.t('"{0}" has no known connection.', node.key));
    return {
      connection: place.connection,
      bucket: node.bucket,
      key: node.key,
      uploadId: node.uploadId,
      record: node.record,
      parts: node.parts,
      fromRecord: node.gone || node.initiated === undefined,
    };
  }

  /** The palette's way in: every upload kept for Resume, newest first. */
  private async pickTarget(title: string): Promise<Target | undefined> {
    const records = ((await this.deps.resumeStore?.list().catch(() => [])) ?? []).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    if (records.length === 0) {
      void this.deps.prompters.current.info(
        vscode.l10n.t('No uploads are kept for Resume. Uploads that a cancel kept, or that the network interrupted, are listed here.'),
      );
      return undefined;
    }
    const connections = this.deps.registry.model.connections;
    const picked = await this.deps.prompters.current.pick<ResumeRecord>({
      id: 'incomplete.pick',
      title,
      placeholder:
        records.length === 1 ? vscode.l10n.t('Which of the {0} kept upload?', records.length) : vscode.l10n.t('Which of the {0} kept uploads?', records.length),
      items: records.map((r) => {
        const conn = connections.find((c) => c.key === r.connectionKey);
        return {
          label: r.key,
          description: `${toS3Uri(r.bucket, '')} · ${partsText(partsOfRecord(r), r)}`,
          detail: conn
            ? vscode.l10n.t('{0} · started {1} · {2}', r.localPath, formatDate(new Date(r.startedAt)), conn.connection.label)
            : vscode.l10n.t('{0} · started {1} · connection no longer registered', r.localPath, formatDate(new Date(r.startedAt))),
          value: r,
        };
      }),
    });
    if (picked === undefined || picked === BACK) return undefined;
    const connection = connections.find((c) => c.key === picked.connectionKey);
    if (!connection) {
      throw new UserFacingError(
        vscode.l10n.t("The connection the upload of {0} began on is no longer registered, so it can't be reached.", toS3Uri(picked.bucket, picked.key)),
      );
    }
    const location = locationContaining(this.deps, connection, picked.bucket, picked.key);
    if (!mayConnect(this.deps.registry.model, connection.source, location?.source)) {
      throw new UserFacingError(
        vscode.l10n.t('This workspace is not trusted, and the storage entry comes from its registry file. Trust the workspace to use it.'),
      );
    }
    return { connection, bucket: picked.bucket, key: picked.key, uploadId: picked.uploadId, record: picked, parts: partsOfRecord(picked), fromRecord: true };
  }

  /** The file's bytes (and an abort's request) go only to the endpoint the upload began on. */
  private checkEndpoint(connection: ConnectionEntry, record: ResumeRecord): void {
    const now = endpointOf(connection);
    if (record.endpoint && record.endpoint !== now) {
      throw new UserFacingError(
        vscode.l10n.t(
          'The upload of {0} began on {1}, but connection "{2}" now points at {3}. Point the connection back to resume or abort it.',
          toS3Uri(record.bucket, record.key),
          record.endpoint,
          connection.connection.label,
          now,
        ),
      );
    }
  }

  private async cannotResume(target: Target & { record: ResumeRecord }, problem: { status: 'file-changed' | 'file-missing'; text: string }): Promise<void> {
    const uri = toS3Uri(target.bucket, target.key);
    const message = vscode.l10n.t("Can't resume {0}: {1}, so the {2} on the store can't be reused.", uri, problem.text, partsSentText(target.parts));
    this.deps.log.warn(message);
    const abort = await this.deps.prompters.current.confirm({
      id: 'incomplete.cannotResume',
      message,
      detail: vscode.l10n.t('Abort the upload to discard those parts, or keep it (to resume once the file is back as it was).'),
      confirmLabel: vscode.l10n.t('Abort Upload'),
    });
    if (abort) await abortOne(this.deps, target);
  }

  private async resume(connection: ConnectionEntry, record: ResumeRecord): Promise<void> {
    const uri = toS3Uri(record.bucket, record.key);
    const client = await clientFor(this.deps, connection);
    const controller = new AbortController();
    this.active.add(controller);
    this.deps.log.info(`Resuming the upload of ${record.localPath} to ${uri} (${partsText(partsOfRecord(record), record)} sent before)`);
    let result: UploadResult;
    try {
      result = await this.deps.prompters.current.progress(
        { id: 'incomplete.resume', title: vscode.l10n.t('Resuming upload to {0}', uri), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const report = throttledReporter(progress);
          const out = await resumeUpload(
            client,
            record,
            { bucket: record.bucket },
            {
              ...uploadSettings(this.deps.log),
              overwrite: 'overwrite',
              signal: controller.signal,
              onProgress: report.update,
              resumeStore: this.deps.resumeStore,
              connectionKey: connection.key,
              endpoint: endpointOf(connection),
              keepOnCancel: () => this.askKeepOnCancel(uri),
              onRetry: (e) =>
                this.deps.log.warn(
                  `Retrying ${uri}${e.partNumber ? ` part ${e.partNumber}` : ''} in ${formatDuration(e.delayMs / 1000)} ` +
                    `(attempt ${e.attempt + 1}): ${this.deps.log.redact(summaryLine(decodeError(e.error)))}`,
                ),
            },
          );
          report.flush();
          return out;
        },
      );
    } finally {
      this.active.delete(controller);
    }
    this.reportResume(connection, uri, result);
  }

  private async askKeepOnCancel(uri: string): Promise<boolean> {
    const answer = await this.deps.prompters.current.pick<boolean>({
      id: 'upload.keepForResume',
      title: vscode.l10n.t('Resume of {0} cancelled', uri),
      placeholder: vscode.l10n.t('Keep the parts on the store, to resume later from Incomplete Uploads?'),
      items: [
        {
          label: vscode.l10n.t('Keep for Resume'),
          description: vscode.l10n.t('the parts stay on the store (billed) until resumed or aborted'),
          value: true,
          picked: true,
        },
        { label: vscode.l10n.t('Discard Parts'), description: vscode.l10n.t('abort the multipart upload; nothing is left on the store'), value: false },
      ],
    });
    // Unlike a fresh upload's, these parts were kept on purpose before: dismissing keeps them.
    return answer !== false;
  }

  private reportResume(connection: ConnectionEntry, uri: string, result: UploadResult): void {
    const log = this.deps.log;
    const done = result.uploaded[0];
    const bucket = result.target.bucket;
    if (done) {
      const sent = done.bytesSent ?? done.size;
      const message =
        sent < done.size
          ? vscode.l10n.t('Resumed and completed {0}: sent {1} of {2}; the rest was already on the store.', uri, formatBytes(sent), formatBytes(done.size))
          : vscode.l10n.t('Resumed and completed {0}: sent all {1} again (the store kept none of the earlier parts).', uri, formatBytes(done.size));
      log.info(message);
      void this.deps.prompters.current.info(message);
      this.deps.explorer?.refreshIncomplete(connection.key, bucket, true);
      return;
    }
    const f = result.failed[0] ?? result.cancelled[0] ?? result.notStarted[0];
    const cancelled = result.wasCancelled || f?.status !== 'failed';
    let message: string;
    if (cancelled) {
      message = vscode.l10n
        .t('Resume of {0} cancelled. {1}', uri, f ? leftoverText(f) || vscode.l10n.t('Its parts stay on the store for another Resume.') : '')
        .trim();
      log.warn(message);
    } else {
      const decoded = decodeError(f.error);
      log.block(`Resume of ${uri} failed\n${renderBlock(decoded)}`, 'error');
      message = vscode.l10n.t('Resume of {0} failed: {1}. {2}', uri, log.redact(summaryLine(decoded)), leftoverText(f)).trim();
    }
    void this.deps.errors.notifyWithLog('warn', message);
    this.deps.explorer?.refreshIncomplete(connection.key, bucket);
  }
}

/** Why a record's file can't be resumed, if it can't: the engine would abort the upload on its own. */
async function fileProblem(record: ResumeRecord): Promise<{ status: 'file-changed' | 'file-missing'; text: string } | undefined> {
  let stat;
  try {
    stat = await fs.stat(record.localPath);
  } catch {
    return { status: 'file-missing', text: vscode.l10n.t('{0} is gone', record.localPath) };
  }
  if (!stat.isFile()) return { status: 'file-missing', text: vscode.l10n.t('{0} is no longer a file', record.localPath) };
  if (stat.size !== record.size || stat.mtimeMs !== record.mtimeMs) {
    const text =
      stat.size !== record.size
        ? vscode.l10n.t('{0} changed since the upload began ({1} now, {2} then)', record.localPath, formatBytes(stat.size), formatBytes(record.size))
        : vscode.l10n.t('{0} changed since the upload began (modified since)', record.localPath);
    return { status: 'file-changed', text };
  }
  return undefined;
}
