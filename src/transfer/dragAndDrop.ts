import * as vscode from 'vscode';
import { TREE_DRAG_MIME } from '../commandIds';
import { ListingNode, ObjectNode, type TreeNode } from '../tree/nodes';
import { localPath, placeFromNode, UserFacingError, type TransferDeps } from './targets';
import type { Uploader } from './upload';

const URI_LIST = 'text/uri-list';

/**
 * Files dragged from the Explorer (or the OS) onto a location, bucket or folder are uploaded
 * there; onto an object, into the object's folder. Objects and folders dragged inside the tree
 * are moved there (after a confirmation). Nothing is dragged out of the tree.
 */
export class UploadDropController implements vscode.TreeDragAndDropController<TreeNode> {
  readonly dropMimeTypes = [TREE_DRAG_MIME, URI_LIST, 'files'];
  readonly dragMimeTypes = [TREE_DRAG_MIME];

  constructor(
    private readonly deps: TransferDeps,
    private readonly uploader: Uploader,
  ) {}

  /** Only objects and folders can be dragged (to move them); a drag of anything else carries nothing. */
  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer): void {
    const movable = source.filter((n) => n instanceof ObjectNode || (n instanceof ListingNode && n.kind === 'folder'));
    if (movable.length === source.length && movable.length > 0) data.set(TREE_DRAG_MIME, new vscode.DataTransferItem(movable));
  }

  /** Resolves once the move or upload has ended and its outcome was notified, like a command. */
  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const dragged: unknown = data.get(TREE_DRAG_MIME)?.value;
    if (Array.isArray(dragged) && dragged.length > 0 && this.deps.objects) {
      await this.deps.objects.moveByDrop(dragged as TreeNode[], target);
      return;
    }
    const { deps, uploader } = this;
    try {
      const sources = await droppedPaths(data);
      if (sources.length === 0) return;
      if (!(target instanceof ListingNode || target instanceof ObjectNode)) {
        throw new UserFacingError(vscode.l10n.t('Drop files onto an input, output, bucket or folder to upload them there.'));
      }
      const place = placeFromNode(deps, target);
      if (!place) return;
      await uploader.upload(place, sources);
    } catch (err) {
      deps.errors.report(err, vscode.l10n.t('Upload of dropped files'));
    }
  }
}

async function droppedPaths(data: vscode.DataTransfer): Promise<string[]> {
  const out = new Set<string>();
  const list = await data.get(URI_LIST)?.asString();
  for (const line of (list ?? '').split(/\r?\n/)) {
    const text = line.trim();
    // RFC 2483: lines starting with "#" are comments.
    if (!text || text.startsWith('#')) continue;
    const p = localPath(vscode.Uri.parse(text));
    if (p) out.add(p);
  }
  data.forEach((item) => {
    const file = item.asFile();
    const p = file?.uri ? localPath(file.uri) : undefined;
    if (p) out.add(p);
  });
  return [...out];
}
