import * as vscode from 'vscode';
import { decodeError, lookupBitmovinCode, summaryLine } from '../errors/lazyErrors';
import { checkAccess, type AccessStep } from '../core/storage/accessCheck';
import { INTERACTIVE_RETRY } from '../core/storage/client';
import { toS3Uri } from '../core/storage/s3url';
import type { ErrorReporter } from '../errors/errorReporter';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import type { Prompter } from '../ui/prompter';
import type { ClientPool } from './clientPool';
import { mayConnect, type LocationEntry, type StorageModel } from './storageModel';

const MARKS: Record<AccessStep['status'], string> = { passed: '✓', failed: '✗', skipped: '–' };

function stepLine(s: AccessStep): string {
  const detail = s.detail ? ` ${s.detail}` : '';
  let line = `  ${MARKS[s.status]} ${s.name}${detail}: ${s.status}`;
  if (s.error) {
    // The step keeps only code/message/status; decoding them again gives the catalog's meaning.
    const decoded = decodeError({ name: s.error.code, Code: s.error.code, message: s.error.message, $metadata: { httpStatusCode: s.error.httpStatus } });
    line += `\n      ${summaryLine(decoded)}`;
  }
  if (s.bitmovinCode !== undefined) {
    const info = lookupBitmovinCode(s.bitmovinCode);
    line += `\n      Bitmovin ${s.bitmovinCode}${info ? `: ${info.title}` : ''} — what an encoding would fail with`;
  }
  return line;
}

/**
 * "Check Access": does against the location what an encoding service will do, and reports each
 * step with the S3 error and the Bitmovin code the service would answer with.
 */
export async function runAccessCheck(
  entry: LocationEntry,
  model: StorageModel,
  clients: ClientPool,
  { log, errors, prompter }: { log: Logger; errors: ErrorReporter; prompter: Prompter },
): Promise<void> {
  const loc = entry.location;
  const what = `${loc.role} "${loc.name}" (${toS3Uri(loc.bucket, loc.prefix ?? '')})`;
  if (!entry.connection) {
    throw new UserFacingError(vscode.l10n.t('Can\'t check {0}: it names connection "{1}", which does not exist.', what, loc.connection));
  }
  if (!mayConnect(model, entry.source, entry.connection.source)) {
    throw new UserFacingError(vscode.l10n.t("Can't check {0}: it comes from the registry of an untrusted workspace; trust the workspace to connect.", what));
  }
  const connection = entry.connection;
  const result = await prompter.progress(
    { id: 'access.check', title: vscode.l10n.t('Checking access to {0}', what), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const client = await clients.get(connection, { interactive: true });
        // Someone watches the notification: a silent endpoint is reported after one timeout.
        return await checkAccess(client, loc, abort.signal, INTERACTIVE_RETRY);
      } finally {
        sub.dispose();
      }
    },
  );
  const heading = `Access check for ${what} on "${connection.connection.label}": ${result.ok ? 'passed' : 'FAILED'}`;
  log.block(`${heading}\n${result.steps.map(stepLine).join('\n')}`, result.ok ? 'info' : 'error');
  const failed = result.steps.find((s) => s.status === 'failed');
  if (result.ok || !failed) {
    void prompter.info(vscode.l10n.t('Access check passed for {0}: {1}.', what, result.steps.map((s) => s.name).join(', ')));
    return;
  }
  const err = failed.error ?? { code: 'Error', message: 'failed' };
  const code = failed.bitmovinCode !== undefined ? ` — Bitmovin ${failed.bitmovinCode}` : '';
  errors.show(
    decodeError({ name: err.code, Code: err.code, message: err.message, $metadata: { httpStatusCode: err.httpStatus } }),
    vscode.l10n.t('Access check for {0} failed at step "{1}"{2}', what, failed.name, code),
  );
}
