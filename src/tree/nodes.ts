import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { Decoded } from '../core/errors';
import type { FolderEntry, ObjectEntry } from '../core/storage/listing';
import { toS3Uri } from '../core/storage/s3url';
import { type ConnectionEntry, type LocationEntry, sourceLabel } from '../storage/storageModel';
import { REASON_LABELS, reasonIsConnection, reasonNeedsCredentials, type ErrorReason } from '../core/errors/classify';
import { formatBytes, formatDate } from '../core/format';
import { ContextValues } from './contextValues';
import { mediaIcon, mediaKindLabel } from './icons';
import type { ResumeRecord } from '../core/transfer/resumeStore';

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

/** A node that lives in its owner's bucket, on its owner's connection. */
abstract class InBucket<Owner extends { readonly connection: ConnectionEntry | undefined; readonly bucket: string }> {
  constructor(readonly owner: Owner) {}
  get connection(): ConnectionEntry | undefined {
    return this.owner.connection;
  }
  get bucket(): string {
    return this.owner.bucket;
  }
}

export class ObjectNode extends InBucket<ListingNode> {
  readonly kind = 'object';
  constructor(
    owner: ListingNode,
    readonly entry: ObjectEntry,
  ) {
    super(owner);
  }
  get id(): string {
    return `${this.owner.id}|${this.entry.key}`;
  }
}

/** What the tree knows of the parts an upload holds on the store. */
export type PartsKnown = { count: number; bytes: number; more?: boolean } | undefined;

/**
 * The "Incomplete Uploads" node of a bucket or a registered location, and one node per upload
 * under it. Parts of an unfinished multipart upload are billed storage that no object listing
 * shows, so they get a place in the tree; each upload is named by its own id, which is all that
 * Abort ever acts on.
 */
export class IncompleteGroupNode extends InBucket<ListingNode> {
  readonly kind = 'incompleteGroup';
  children: TreeNode[] | undefined;
  loading: Promise<void> | undefined;
  abort: AbortController | undefined;

  get id(): string {
    return `${this.owner.id}|incomplete`;
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

export class IncompleteUploadNode extends InBucket<IncompleteGroupNode> {
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
  ) {
    super(group);
  }

  get id(): string {
    return `${this.group.id}|${this.uploadId}`;
  }
}

/** The parts a record says were sent: what a resume keeps unless the store lost some. */
export function partsOfRecord(record: ResumeRecord): PartsKnown {
  return { count: record.parts.length, bytes: record.parts.reduce((sum, p) => sum + p.size, 0) };
}

/** "3 of 8 parts · 15.7 MiB of 41.9 MiB", "2 parts · 10.5 MiB", or "parts unknown". */
export function partsText(parts: PartsKnown, record?: ResumeRecord): string {
  if (!parts) return vscode.l10n.t('parts unknown');
  if (record) {
    const total = Math.max(1, Math.ceil(record.size / record.partSize));
    return total === 1
      ? vscode.l10n.t('{0} of 1 part · {1} of {2}', parts.count, formatBytes(parts.bytes), formatBytes(record.size))
      : vscode.l10n.t('{0} of {1} parts · {2} of {3}', parts.count, total, formatBytes(parts.bytes), formatBytes(record.size));
  }
  const count = parts.count === 1 ? vscode.l10n.t('1 part') : vscode.l10n.t('{0} parts', parts.count);
  return parts.more ? vscode.l10n.t('over {0} · {1}+', count, formatBytes(parts.bytes)) : vscode.l10n.t('{0} · {1}', count, formatBytes(parts.bytes));
}

export function incompleteTreeItem(node: IncompleteGroupNode | IncompleteUploadNode): vscode.TreeItem {
  if (node.kind === 'incompleteGroup') {
    const item = new vscode.TreeItem(vscode.l10n.t('Incomplete Uploads'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('cloud-upload');
    item.contextValue = ContextValues.incompleteUploads;
    item.tooltip = vscode.l10n.t(
      'Multipart uploads started in {0} and never completed or aborted. Their parts are stored (and billed) but no object listing shows them.',
      node.s3Uri,
    );
    return item;
  }
  const started = node.initiated ?? (node.record ? new Date(node.record.startedAt) : undefined);
  const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [
    started && !Number.isNaN(started.getTime()) ? vscode.l10n.t('started {0}', formatDate(started)) : undefined,
    partsText(node.parts, node.record),
    node.gone ? vscode.l10n.t('no longer on the store') : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  item.iconPath = new vscode.ThemeIcon(node.gone ? 'warning' : 'debug-pause');
  // Resume needs the local file, which only the resume store's record names.
  item.contextValue = ContextValues.incompleteUpload(node.record !== undefined && !node.gone);
  item.tooltip = new vscode.MarkdownString(
    vscode.l10n.t('`{0}`\n\nUpload id: `{1}`', toS3Uri(node.bucket, node.key), node.uploadId) +
      (node.record
        ? vscode.l10n.t('\n\nLocal file: `{0}` ({1})', node.record.localPath, formatBytes(node.record.size))
        : vscode.l10n.t('\n\nStarted elsewhere (another machine, tool or session): it can be aborted, not resumed here.')) +
      (node.gone ? vscode.l10n.t('\n\nThe store no longer lists this upload (completed or aborted elsewhere); Abort forgets it.') : ''),
  );
  return item;
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
  GroupNode | ConnectionNode | ListingNode | ObjectNode | LoadMoreNode | ErrorNode | MessageNode | ContributedNode | IncompleteGroupNode | IncompleteUploadNode;

// Labels as functions: a module's top level runs before the l10n bundle is loaded.
const GROUP_LABELS: Record<Group, [() => string, string]> = {
  inputs: [() => vscode.l10n.t('Inputs'), 'sign-in'],
  outputs: [() => vscode.l10n.t('Outputs'), 'sign-out'],
  buckets: [() => vscode.l10n.t('Buckets'), 'database'],
};

function folderName(node: ListingNode): string {
  const trimmed = node.prefix.replace(/\/$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

function filterText(node: ListingNode): string {
  return node.filter !== undefined ? vscode.l10n.t('filter: {0}*', node.filter) : '';
}

function listingItem(node: ListingNode): vscode.TreeItem {
  const filtered = node.filter !== undefined;
  let item: vscode.TreeItem;
  if (node.kind === 'location' && node.location) {
    const loc = node.location;
    item = new vscode.TreeItem(loc.location.name, vscode.TreeItemCollapsibleState.Collapsed);
    const where = `${loc.location.bucket}/${loc.location.prefix ?? ''}`;
    item.description = [where, sourceLabel(loc.source), filterText(node)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(loc.location.role === 'input' ? 'sign-in' : 'sign-out');
    item.contextValue = ContextValues.location(loc.location.role, loc.source.kind, filtered);
    const conn = loc.connection
      ? `${loc.connection.connection.label} (${sourceLabel(loc.connection.source)})`
      : vscode.l10n.t('missing connection "{0}"', loc.location.connection);
    item.tooltip = new vscode.MarkdownString(
      `**${loc.location.role}** \`${toS3Uri(loc.location.bucket, loc.location.prefix ?? '')}\`\n\n` +
        vscode.l10n.t('Connection: {0}\n\nDefined in: {1}', conn, sourceLabel(loc.source)) +
        (node.filter !== undefined ? vscode.l10n.t('\n\nFilter: `{0}*`', node.filter) : ''),
    );
  } else if (node.kind === 'bucket') {
    item = new vscode.TreeItem(node.bucket, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [node.pinned ? vscode.l10n.t('added by name') : '', filterText(node)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = ContextValues.bucket(node.pinned, filtered);
    item.tooltip = node.s3Uri;
  } else {
    item = new vscode.TreeItem(folderName(node), vscode.TreeItemCollapsibleState.Collapsed);
    item.description = filterText(node);
    item.iconPath = vscode.ThemeIcon.Folder;
    item.contextValue = ContextValues.folder(filtered);
    item.tooltip = node.s3Uri;
  }
  item.id = node.id;
  return item;
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'group': {
      const [label, icon] = GROUP_LABELS[node.group];
      const item = new vscode.TreeItem(label(), vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon(icon);
      item.contextValue = ContextValues.group(node.group);
      return item;
    }
    case 'connection': {
      const c = node.entry.connection;
      const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `${c.endpoint ?? c.region} · ${sourceLabel(node.entry.source)}`;
      item.iconPath = new vscode.ThemeIcon(c.kind === 'aws' ? 'cloud' : 'server');
      item.contextValue = ContextValues.connection(node.entry.source.kind);
      item.tooltip = new vscode.MarkdownString(
        `**${c.label}** (\`${c.id}\`, ${c.kind})\n\n` +
          (c.endpoint ? vscode.l10n.t('Endpoint: {0}\n\n', c.endpoint) : '') +
          vscode.l10n.t('Region: {0}', c.region) +
          (c.profile ? vscode.l10n.t('\n\nProfile: {0}', c.profile) : '') +
          vscode.l10n.t('\n\nDefined in: {0}', sourceLabel(node.entry.source)),
      );
      return item;
    }
    case 'location':
    case 'bucket':
    case 'folder':
      return listingItem(node);
    case 'object': {
      const o = node.entry;
      const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const parts = [formatBytes(o.size), o.lastModified ? formatDate(o.lastModified) : undefined, o.storageClass];
      item.description = parts.filter(Boolean).join(' · ');
      item.iconPath = mediaIcon(o.kind);
      item.contextValue = ContextValues.object(o.kind);
      item.tooltip = new vscode.MarkdownString(
        `\`${toS3Uri(node.bucket, o.key)}\`\n\n` +
          vscode.l10n.t('{0} · {1} ({2} bytes)', mediaKindLabel(o.kind), formatBytes(o.size), o.size.toLocaleString('en-US')) +
          (o.lastModified ? vscode.l10n.t('\n\nLast modified: {0}', formatDate(o.lastModified)) : '') +
          (o.storageClass ? vscode.l10n.t('\n\nStorage class: {0}', o.storageClass) : ''),
      );
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('more');
      item.contextValue = ContextValues.loadMore;
      item.command = { command: Commands.loadMore, title: vscode.l10n.t('Load More'), arguments: [node] };
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
      if (node.reason === 'not-allowed') {
        // Declined answers are remembered; forgetting them is the way back, and Retry then asks.
        item.contextValue = ContextValues.error('consent');
        item.command = { command: Commands.resetCredentialPermissions, title: vscode.l10n.t('Reset Credential Permissions'), arguments: [node] };
        return item;
      }
      item.contextValue = ContextValues.error(creds ? 'credentials' : reasonIsConnection(node.reason) ? 'retry.connection' : 'retry');
      item.command = creds
        ? { command: Commands.setCredentials, title: vscode.l10n.t('Set Credentials'), arguments: [node] }
        : { command: Commands.refreshNode, title: vscode.l10n.t('Retry'), arguments: [node] };
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
      item.contextValue = ContextValues.message;
      if (node.command) item.command = node.command;
      return item;
    }
  }
}
