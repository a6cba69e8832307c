/**
 * Abort Upload and Abort All: an upload is aborted only by its own id, and the store is asked
 * afterwards whether it is gone (see abortUpload), so the result says clean, unconfirmed or
 * failed rather than assuming. The resume record goes with an upload that is gone.
 */
import * as vscode from 'vscode';
import { toS3Uri } from '../core/storage/s3url';
import type { AbortOutcome } from '../core/transfer/multipart';
import type { ResumeRecord } from '../core/transfer/resumeStore';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { ConnectionEntry } from '../storage/storageModel';
import type { PartsKnown } from '../tree/nodes';
import { formatBytes } from '../core/format';
import { abortUpload } from '../lazyTransfer';
import { clientFor, type TransferDeps } from './targets';
import { someOf } from '../ui/text';

/** One upload to act on, from a tree node or a record picked in the palette. */
export interface Target {
  connection: ConnectionEntry;
  bucket: string;
  key: string;
  uploadId: string;
  record: ResumeRecord | undefined;
  parts: PartsKnown;
  /** The upload id came from the resume store, not from a listing of this endpoint. */
  fromRecord: boolean;
}

/** "15.7 MB (3 parts)": what an abort discards. */
export function partsSentText(parts: PartsKnown): string {
  if (!parts) return vscode.l10n.t('parts (of unknown size)');
  return parts.count === 1
    ? vscode.l10n.t('{0} ({1} part)', formatBytes(parts.bytes), parts.count)
    : vscode.l10n.t('{0} ({1} parts)', formatBytes(parts.bytes), parts.count);
}

export async function abortOne(deps: TransferDeps, target: Target): Promise<void> {
  const uri = toS3Uri(target.bucket, target.key);
  const client = await clientFor(deps, target.connection);
  const result = await deps.prompters.current.progress(
    { id: 'incomplete.abort', title: vscode.l10n.t('Aborting the upload of {0}', uri), cancellable: false, location: 'window' },
    () => abortUpload(client, { bucket: target.bucket, key: target.key, uploadId: target.uploadId }),
  );
  const discarded = partsSentText(target.parts);
  let message: string;
  if (result.outcome === 'failed') {
    const decoded = decodeError(result.error);
    deps.log.block(`Abort of the upload ${target.uploadId} of ${uri} failed\n${renderBlock(decoded)}`, 'error');
    message = vscode.l10n.t(
      'Could not abort the upload of {0}: {1}. It is still on the store (its parts are billed).',
      uri,
      deps.log.redact(summaryLine(decoded)),
    );
    void deps.errors.notifyWithLog('warn', message);
  } else {
    await forget(deps, target);
    message =
      result.outcome === 'clean'
        ? vscode.l10n.t('Aborted the upload of {0}: the store confirms it is gone ({1} discarded).', uri, discarded)
        : vscode.l10n.t(
            "Asked the store to abort the upload of {0}, but it can't confirm it (it lacks AbortMultipartUpload or ListParts), so parts may remain.",
            uri,
          );
    deps.log.info(message);
    void deps.prompters.current.info(message);
  }
  deps.explorer?.refreshIncomplete(target.connection.key, target.bucket);
}

/** Aborts each upload by its id, a few at once; `active` lets a cancel of all transfers stop it. */
export async function abortMany(deps: TransferDeps, scope: string, targets: readonly Target[], active: Set<AbortController>): Promise<void> {
  const [first] = targets;
  // The commands ask only about uploads they listed, so there is always a first one.
  if (!first) throw new Error('no incomplete upload to abort');
  const { connection, bucket } = first;
  const client = await clientFor(deps, connection);
  const controller = new AbortController();
  active.add(controller);
  const outcomes = new Map<Target, { outcome: AbortOutcome; error?: unknown }>();
  try {
    await deps.prompters.current.progress(
      {
        id: 'incomplete.abortAll',
        title:
          targets.length === 1
            ? vscode.l10n.t('Aborting {0} incomplete upload in {1}', targets.length, scope)
            : vscode.l10n.t('Aborting {0} incomplete uploads in {1}', targets.length, scope),
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const queue = [...targets];
        // A few at once: each abort is two small requests, and a cancel stops only new ones.
        await Promise.all(
          Array.from({ length: Math.min(4, queue.length) }, async () => {
            for (let t = queue.shift(); t && !controller.signal.aborted; t = queue.shift()) {
              const result = await abortUpload(client, { bucket: t.bucket, key: t.key, uploadId: t.uploadId });
              outcomes.set(t, result);
              if (result.outcome !== 'failed') await forget(deps, t);
              progress({ message: vscode.l10n.t('{0} of {1}', outcomes.size, targets.length), increment: 100 / targets.length });
            }
          }),
        );
      },
    );
  } finally {
    active.delete(controller);
  }
  const keysWith = (o: AbortOutcome): string[] => targets.filter((t) => outcomes.get(t)?.outcome === o).map((t) => t.key);
  const failed = targets.flatMap((t) => {
    const r = outcomes.get(t);
    if (r?.outcome !== 'failed') return [];
    deps.log.block(`Abort of the upload ${t.uploadId} of ${toS3Uri(t.bucket, t.key)} failed\n${renderBlock(decodeError(r.error))}`, 'error');
    return [t.key];
  });
  const aborted = keysWith('clean');
  const unverifiable = keysWith('unverifiable');
  const notAttempted = targets.filter((t) => !outcomes.has(t)).map((t) => t.key);
  const head =
    targets.length === 1
      ? vscode.l10n.t('Abort All in {0}: aborted {1}, failed {2} (of {3} incomplete upload)', scope, aborted.length, failed.length, targets.length)
      : vscode.l10n.t('Abort All in {0}: aborted {1}, failed {2} (of {3} incomplete uploads)', scope, aborted.length, failed.length, targets.length);
  const message =
    head +
    (unverifiable.length ? `; ${vscode.l10n.t("{0} unconfirmed (this store can't abort or list multipart uploads)", unverifiable.length)}` : '') +
    (notAttempted.length ? `; ${vscode.l10n.t('{0} not attempted (cancelled)', notAttempted.length)}` : '') +
    (failed.length ? `. ${vscode.l10n.t('Still there: {0}.', someOf(failed))}` : '.');
  // The notification names a few; the log names every key, for the user who has to follow up.
  deps.log.info(
    `${message}${aborted.length ? ` Aborted: ${aborted.join(', ')}.` : ''}${notAttempted.length ? ` Not attempted: ${notAttempted.join(', ')}.` : ''}`,
  );
  if (aborted.length === targets.length) void deps.prompters.current.info(message);
  else void deps.errors.notifyWithLog('warn', message);
  deps.explorer?.refreshIncomplete(connection.key, bucket);
}

/** Drops the record of an upload that is gone (or asked to go), so Resume no longer offers it. */
async function forget(deps: TransferDeps, target: Target): Promise<void> {
  if (!target.record) return;
  try {
    await deps.resumeStore?.remove(target.record.id);
  } catch (error) {
    deps.log.warn(`Could not remove the resume record of ${toS3Uri(target.bucket, target.key)}: ${String(error)}`);
  }
}
