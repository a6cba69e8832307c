import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { Decoded } from '../core/errors';
import type { FolderEntry, ObjectEntry } from '../core/storage/listing';
import { toS3Uri } from '../core/storage/s3url';
import type { ConnectionEntry, LocationEntry } from '../storage/storageModel';
import { sourceLabel } from '../storage/storageModel';
import { REASON_LABELS, reasonIsConnection, reasonNeedsCredentials, type ErrorReason } from './errorReason';
import { formatDate, formatSize, mediaIcon, MEDIA_KIND_LABELS } from './icons';
import { incompleteTreeItem, type IncompleteGroupNode, type IncompleteUploadNode } from './incompleteNodes';

export type Group = 'inputs' | 'outputs' | 'buckets';

/** Listing state of a node that shows one level of a bucket. */
export interface ListingState {
  folders: FolderEntry[];
  objects: ObjectEntry[];
  nextToken?: string;
  loaded: boolean;
  error?: ErrorNode;
}

export class GroupNode {
  readonly kind = 'group';
  constructor(readonly group: Group) {}
  get id(): string {
    return `group:${this.group}`;
  }
}

/** A listing in flight, which Refresh aborts. */
export interface Loading {
  loading: Promise<void> | undefined;
  abort: AbortController | undefined;
}

export class ConnectionNode implements Loading {
  readonly kind = 'connection';
  children: TreeNode[] | undefined;
  loading: Promise<void> | undefined;
  abort: AbortController | undefined;
  constructor(readonly entry: ConnectionEntry) {}
  get id(): string {
    return `conn:${this.entry.key}`;
  }
}

/** A location (input/output), a bucket, or a folder: anything that lists one level of keys. */
export class ListingNode implements Loading {
  filter: string | undefined;
  state: ListingState = { folders: [], objects: [], loaded: false };
  /** child nodes of the pages loaded so far, kept so that the tree can refresh them by identity */
  childCache: TreeNode[] | undefined;
  loading: Promise<void> | undefined;
  abort: AbortController | undefined;

  constructor(
    readonly kind: 'location' | 'bucket' | 'folder',
    readonly connection: ConnectionEntry | undefined,
    readonly bucket: string,
    readonly prefix: string,
    readonly parentId: string,
    readonly location?: LocationEntry,
    /** a bucket the user added by name (not from ListBuckets) */
    readonly pinned = false,
  ) {}

  get id(): string {
    if (this.location) return `loc:${this.location.key}`;
    return `${this.parentId}/${this.kind}:${this.bucket}/${this.prefix}`;
  }

  get s3Uri(): string {
    return toS3Uri(this.bucket, this.prefix);
  }

  reset(): void {
    this.state = { folders: [], objects: [], loaded: false };
    this.childCache = undefined;
  }
}

export class ObjectNode {
  readonly kind = 'object';
  constructor(
    readonly owner: ListingNode,
    readonly entry: ObjectEntry,
  ) {}
  get id(): string {
    return `${this.owner.id}|${this.entry.key}`;
  }
  get connection(): ConnectionEntry | undefined {
    return this.owner.connection;
  }
  get bucket(): string {
    return this.owner.bucket;
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly owner: ListingNode) {}
  get id(): string {
    return `${this.owner.id}|more:${this.owner.state.objects.length + this.owner.state.folders.length}`;
  }
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(
    readonly owner: ListingNode | ConnectionNode | IncompleteGroupNode,
    readonly reason: ErrorReason,
    readonly decoded: Decoded,
    /** the block rendered for the log, already redacted */
    readonly details: string,
    /** replaces "<reason> (<code>)" as the label, e.g. "Not answering after 10 s: <endpoint>" */
    readonly headline?: string,
  ) {}
  get id(): string {
    return `${this.owner.id}|error`;
  }
  get connection(): ConnectionEntry | undefined {
    return this.owner.kind === 'connection' ? this.owner.entry : this.owner.connection;
  }
  get label(): string {
    if (this.headline) return this.headline;
    const what = this.decoded.code ? ` (${this.decoded.code})` : '';
    return `${REASON_LABELS[this.reason]}${what}`;
  }
}

export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parentId: string,
    readonly text: string,
    readonly tooltip?: string,
    readonly command?: vscode.Command,
    readonly icon = 'info',
  ) {}
  get id(): string {
    return `${this.parentId}|msg:${this.text}`;
  }
}

/**
 * A node another part of the extension owns (e.g. the Bitmovin group): it builds its own item
 * and children, so the explorer can show it without knowing its kind.
 */
export interface ContributedNode {
  readonly kind: 'contributed';
  readonly id: string;
  treeItem(): vscode.TreeItem;
  children?(): Promise<TreeNode[]>;
  /** forgets loaded children, for Refresh on the node */
  reset?(): void;
}

export type TreeNode =
  | GroupNode
  | ConnectionNode
  | ListingNode
  | ObjectNode
  | LoadMoreNode
  | ErrorNode
  | MessageNode
  | ContributedNode
  | IncompleteGroupNode
  | IncompleteUploadNode;

const GROUP_LABELS: Record<Group, [string, string]> = {
  inputs: ['Inputs', 'sign-in'],
  outputs: ['Outputs', 'sign-out'],
  buckets: ['Buckets', 'database'],
};

function folderName(node: ListingNode): string {
  const trimmed = node.prefix.replace(/\/$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

function filterText(node: ListingNode): string {
  return node.filter !== undefined ? `filter: ${node.filter}*` : '';
}

function listingItem(node: ListingNode, ids: Record<string, string>): vscode.TreeItem {
  const flags = `${node.filter !== undefined ? '.filtered' : ''}`;
  let item: vscode.TreeItem;
  if (node.kind === 'location' && node.location) {
    const loc = node.location;
    item = new vscode.TreeItem(loc.location.name, vscode.TreeItemCollapsibleState.Collapsed);
    const where = `${loc.location.bucket}/${loc.location.prefix ?? ''}`;
    item.description = [where, sourceLabel(loc.source), filterText(node)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(loc.location.role === 'input' ? 'sign-in' : 'sign-out');
    item.contextValue = `msw.location.${loc.location.role}.${loc.source.kind}${flags}`;
    const conn = loc.connection ? `${loc.connection.connection.label} (${sourceLabel(loc.connection.source)})` : `missing connection "${loc.location.connection}"`;
    item.tooltip = new vscode.MarkdownString(
      `**${loc.location.role}** \`${toS3Uri(loc.location.bucket, loc.location.prefix ?? '')}\`\n\n` +
        `Connection: ${conn}\n\nDefined in: ${sourceLabel(loc.source)}${node.filter !== undefined ? `\n\nFilter: \`${node.filter}*\`` : ''}`,
    );
  } else if (node.kind === 'bucket') {
    item = new vscode.TreeItem(node.bucket, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [node.pinned ? 'added by name' : '', filterText(node)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = `msw.bucket${node.pinned ? '.pinned' : ''}${flags}`;
    item.tooltip = node.s3Uri;
  } else {
    item = new vscode.TreeItem(folderName(node), vscode.TreeItemCollapsibleState.Collapsed);
    item.description = filterText(node) || undefined;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.contextValue = `msw.folder${flags}`;
    item.tooltip = node.s3Uri;
  }
  item.id = ids.listing;
  return item;
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'group': {
      const [label, icon] = GROUP_LABELS[node.group];
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon(icon);
      item.contextValue = `msw.group.${node.group}`;
      return item;
    }
    case 'connection': {
      const c = node.entry.connection;
      const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `${c.endpoint ?? c.region} · ${sourceLabel(node.entry.source)}`;
      item.iconPath = new vscode.ThemeIcon(c.kind === 'aws' ? 'cloud' : 'server');
      item.contextValue = `msw.connection.${node.entry.source.kind}`;
      item.tooltip = new vscode.MarkdownString(
        `**${c.label}** (\`${c.id}\`, ${c.kind})\n\n${c.endpoint ? `Endpoint: ${c.endpoint}\n\n` : ''}Region: ${c.region}` +
          `${c.profile ? `\n\nProfile: ${c.profile}` : ''}\n\nDefined in: ${sourceLabel(node.entry.source)}`,
      );
      return item;
    }
    case 'location':
    case 'bucket':
    case 'folder':
      return listingItem(node, { listing: node.id });
    case 'object': {
      const o = node.entry;
      const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const parts = [formatSize(o.size), o.lastModified ? formatDate(o.lastModified) : undefined, o.storageClass];
      item.description = parts.filter(Boolean).join(' · ');
      item.iconPath = mediaIcon(o.kind);
      item.contextValue = `msw.object.${o.kind}`;
      item.tooltip = new vscode.MarkdownString(
        `\`${toS3Uri(node.bucket, o.key)}\`\n\n` +
          `${MEDIA_KIND_LABELS[o.kind]} · ${formatSize(o.size)} (${o.size.toLocaleString('en-US')} bytes)` +
          `${o.lastModified ? `\n\nLast modified: ${formatDate(o.lastModified)}` : ''}` +
          `${o.storageClass ? `\n\nStorage class: ${o.storageClass}` : ''}`,
      );
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('more');
      item.contextValue = 'msw.loadMore';
      item.command = { command: Commands.loadMore, title: 'Load More', arguments: [node] };
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = node.decoded.title;
      item.tooltip = node.details;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      const creds = reasonNeedsCredentials(node.reason);
      // ".connection": the endpoint is the likely fix, so the connection's editor is worth offering.
      item.contextValue = creds ? 'msw.error.credentials' : reasonIsConnection(node.reason) ? 'msw.error.retry.connection' : 'msw.error.retry';
      item.command = creds
        ? { command: Commands.setCredentials, title: 'Set Credentials', arguments: [node] }
        : { command: Commands.refreshNode, title: 'Retry', arguments: [node] };
      return item;
    }
    case 'contributed':
      return node.treeItem();
    case 'incompleteGroup':
    case 'incompleteUpload':
      return incompleteTreeItem(node);
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.tooltip = node.tooltip ?? node.text;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = 'msw.message';
      if (node.command) item.command = node.command;
      return item;
    }
  }
}
