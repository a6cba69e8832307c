import * as vscode from 'vscode';
import { objectUri, type S3ReadonlyFileSystem } from './s3FileSystem';
import { ObjectNode } from '../tree/nodes';
import { formatBytes } from '../core/format';
import { openMaxSizeBytes } from './settings';
import { objectFromNode, UserFacingError, type TransferDeps } from './targets';

/** Opens an object read-only in an editor; above the size limit only after confirmation. */
export async function openObjectCommand(deps: TransferDeps, fs: S3ReadonlyFileSystem, arg?: unknown): Promise<void> {
  if (!(arg instanceof ObjectNode)) throw new UserFacingError(vscode.l10n.t('Choose an object in the Media Storage view to open.'));
  const object = objectFromNode(deps, arg);
  const uri = objectUri(object.connection, object.bucket, object.key);
  const limit = openMaxSizeBytes(deps.log);
  const size = object.size ?? 0;
  if (size > limit) {
    const ok = await deps.prompters.current.confirm({
      id: 'open.large',
      message: vscode.l10n.t('{0} is {1}. Open it anyway?', object.key, formatBytes(size)),
      detail: vscode.l10n.t(
        'Objects above {0} (setting mediaStorage.open.maxSize) are read whole into memory to be shown. Download is better for large media.',
        formatBytes(limit),
      ),
      confirmLabel: vscode.l10n.t('Open Anyway'),
    });
    if (!ok) return;
    fs.allow(uri);
  }
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
}
