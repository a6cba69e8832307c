/**
 * The "Incomplete Uploads" node of a bucket or a registered location, and one node per upload
 * under it. Parts of an unfinished multipart upload are billed storage that no object listing
 * shows, so they get a place in the tree; each upload is named by its own id, which is all that
 * Abort ever acts on.
 */
import * as vscode from 'vscode';
import { toS3Uri } from '../core/storage/s3url';
import type { ResumeRecord } from '../core/transfer/resumeStore';
import type { ConnectionEntry } from '../storage/storageModel';
import { formatBytes, plural } from '../transfer/format';
import { formatDate } from './icons';
import type { ListingNode, TreeNode } from './nodes';

/** What the tree knows of the parts an upload holds on the store. */
export type PartsKnown = { count: number; bytes: number; more?: boolean } | undefined;

export class IncompleteGroupNode {
  readonly kind = 'incompleteGroup';
  children: TreeNode[] | undefined;
  loading: Promise<void> | undefined;
  abort: AbortController | undefined;

  constructor(readonly owner: ListingNode) {}

  get id(): string {
    return `${this.owner.id}|incomplete`;
  }
  get connection(): ConnectionEntry | undefined {
    return this.owner.connection;
  }
  get bucket(): string {
    return this.owner.bucket;
  }
  /** A location lists only the uploads under its prefix; a bucket every one. */
  get prefix(): string {
    return this.owner.prefix;
  }
  get s3Uri(): string {
    return toS3Uri(this.bucket, this.prefix);
  }

  reset(): void {
    this.children = undefined;
  }
}

export class IncompleteUploadNode {
  readonly kind = 'incompleteUpload';

  constructor(
    readonly group: IncompleteGroupNode,
    readonly key: string,
    readonly uploadId: string,
    readonly initiated: Date | undefined,
    /** The resume store's record of this upload: the local file is known, so it can be resumed. */
    readonly record: ResumeRecord | undefined,
    readonly parts: PartsKnown,
    /** The listing was complete and did not show it: the store no longer has the upload. */
    readonly gone = false,
  ) {}

  get id(): string {
    return `${this.group.id}|${this.uploadId}`;
  }
  get connection(): ConnectionEntry | undefined {
    return this.group.connection;
  }
  get bucket(): string {
    return this.group.bucket;
  }
}

/** The parts a record says were sent: what a resume keeps unless the store lost some. */
export function partsOfRecord(record: ResumeRecord): PartsKnown {
  return { count: record.parts.length, bytes: record.parts.reduce((sum, p) => sum + p.size, 0) };
}

/** "3 of 8 parts · 15.7 MB of 41.9 MB", "2 parts · 10.5 MB", or "parts unknown". */
export function partsText(parts: PartsKnown, record?: ResumeRecord): string {
  if (!parts) return 'parts unknown';
  if (record) {
    const total = Math.max(1, Math.ceil(record.size / record.partSize));
    return `${parts.count} of ${plural(total, 'part')} · ${formatBytes(parts.bytes)} of ${formatBytes(record.size)}`;
  }
  return `${parts.more ? 'over ' : ''}${plural(parts.count, 'part')} · ${formatBytes(parts.bytes)}${parts.more ? '+' : ''}`;
}

export function incompleteTreeItem(node: IncompleteGroupNode | IncompleteUploadNode): vscode.TreeItem {
  if (node.kind === 'incompleteGroup') {
    const item = new vscode.TreeItem('Incomplete Uploads', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('cloud-upload');
    item.contextValue = 'msw.incompleteUploads';
    item.tooltip = `Multipart uploads started in ${node.s3Uri} and never completed or aborted. Their parts are stored (and billed) but no object listing shows them.`;
    return item;
  }
  const started = node.initiated ?? (node.record ? new Date(node.record.startedAt) : undefined);
  const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [
    started && !Number.isNaN(started.getTime()) ? `started ${formatDate(started)}` : undefined,
    partsText(node.parts, node.record),
    node.gone ? 'no longer on the store' : undefined,
  ].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(node.gone ? 'warning' : 'debug-pause');
  // Resume needs the local file, which only the resume store's record names.
  item.contextValue = `msw.incompleteUpload.${node.record && !node.gone ? 'resumable' : 'foreign'}`;
  item.tooltip = new vscode.MarkdownString(
    `\`${toS3Uri(node.bucket, node.key)}\`\n\nUpload id: \`${node.uploadId}\`` +
      (node.record
        ? `\n\nLocal file: \`${node.record.localPath}\` (${formatBytes(node.record.size)})`
        : '\n\nStarted elsewhere (another machine, tool or session): it can be aborted, not resumed here.') +
      (node.gone ? '\n\nThe store no longer lists this upload (completed or aborted elsewhere); Abort forgets it.' : ''),
  );
  return item;
}
