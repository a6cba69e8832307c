import * as vscode from 'vscode';
import {
  BITMOVIN_KIND_LABELS,
  BITMOVIN_STORAGE_KINDS,
  DEFAULT_BITMOVIN_BASE_URL,
  type BitmovinClient,
  type BitmovinDirection,
  type BitmovinResource,
  type BitmovinStorageKind,
} from '../core/bitmovin';
import { decodeError, renderBlock, type Decoded } from '../errors/lazyErrors';
import { Commands } from '../commandIds';
import type { Logger } from '../logger';
import { ContextValues } from '../tree/contextValues';
import { MessageNode, type ContributedNode, type TreeNode } from '../tree/nodes';

/** What the tree needs from the connection: the key state and a client for the current settings. */
export interface BitmovinSource {
  hasKey(): Promise<boolean>;
  client(): Promise<BitmovinClient>;
  /** where requests go, for the group's description */
  describe(): { baseUrl: string; organizationId?: string };
}

// Items per "page" of the tree: an account's list can hold thousands, and each Load More reads
// this many more (five API pages of 100).
const PAGE = 500;
/** Label and icon (a function: a module's top level runs before the l10n bundle is loaded). */
function directionLabel(direction: BitmovinDirection): [string, string] {
  return direction === 'inputs' ? [vscode.l10n.t('Inputs'), 'sign-in'] : [vscode.l10n.t('Outputs'), 'sign-out'];
}

class ResourceNode implements ContributedNode {
  readonly kind = 'contributed';
  constructor(
    readonly parent: KindNode,
    readonly resource: BitmovinResource,
  ) {}
  get id(): string {
    return `${this.parent.id}/${this.resource.id}`;
  }
  treeItem(): vscode.TreeItem {
    const r = this.resource;
    const item = new vscode.TreeItem(r.name || r.id, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const where = r.bucketName ? (r.host ? `${r.host}/${r.bucketName}` : r.bucketName) : undefined;
    item.description = [where, r.id].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(this.parent.direction === 'inputs' ? 'sign-in' : 'sign-out');
    item.contextValue = ContextValues.bitmovinResource(this.parent.direction, this.parent.storageKind);
    const rows: [string, unknown][] = [
      [vscode.l10n.t('Id'), r.id],
      [vscode.l10n.t('Bucket'), r.bucketName],
      [vscode.l10n.t('Host'), r.host !== undefined ? `${r.host}${r.port !== undefined ? `:${String(r.port)}` : ''}` : undefined],
      [vscode.l10n.t('Region'), r.cloudRegion],
      [vscode.l10n.t('Role ARN'), r.roleArn],
      [vscode.l10n.t('Created'), r.createdAt],
      [vscode.l10n.t('Description'), r.description],
    ];
    const label = BITMOVIN_KIND_LABELS[this.parent.storageKind];
    const head = this.parent.direction === 'inputs' ? vscode.l10n.t('**{0} input**', label) : vscode.l10n.t('**{0} output**', label);
    item.tooltip = new vscode.MarkdownString(
      `${head} ${r.name ? `“${r.name}”` : ''}\n\n` +
        rows
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => `${k}: \`${String(v)}\``)
          .join('\n\n'),
    );
    return item;
  }
}

class ErrorChild implements ContributedNode {
  readonly kind = 'contributed';
  constructor(
    readonly owner: KindNode,
    readonly decoded: Decoded,
    /** rendered and redacted */
    readonly details: string,
  ) {}
  get id(): string {
    return `${this.owner.id}|error`;
  }
  treeItem(): vscode.TreeItem {
    const d = this.decoded;
    const item = new vscode.TreeItem(`${d.title}${d.code ? ` (${d.code})` : ''}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = d.message ?? d.meaning ?? '';
    item.tooltip = this.details;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    // A rejected key is fixed by setting another one; anything else is worth a retry.
    const badKey = d.code === '1002' || d.code === '1003' || d.httpStatus === 401;
    item.contextValue = ContextValues.bitmovinError(badKey);
    item.command = badKey
      ? { command: Commands.setBitmovinApiKey, title: vscode.l10n.t('Set Bitmovin API Key') }
      : { command: Commands.refreshNode, title: vscode.l10n.t('Retry'), arguments: [this.owner] };
    return item;
  }
}

/** "Load More" under a Bitmovin list that has more than was read. */
export class BitmovinLoadMore implements ContributedNode {
  readonly kind = 'contributed';
  constructor(
    readonly owner: KindNode,
    private readonly shown: number,
    private readonly total: number | undefined,
  ) {}
  get id(): string {
    return `${this.owner.id}|more`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load More'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.total !== undefined ? vscode.l10n.t('{0} of {1} shown', this.shown, String(this.total)) : vscode.l10n.t('{0} shown', this.shown);
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = ContextValues.loadMore;
    item.command = { command: Commands.bitmovinLoadMore, title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}

/** S3, Generic S3 or S3 role-based inputs or outputs: one list endpoint. */
export class KindNode implements ContributedNode {
  readonly kind = 'contributed';
  private loaded: Promise<TreeNode[]> | undefined;
  /** what was read so far; Load More appends the next page */
  items: BitmovinResource[] = [];
  totalCount: number | undefined;
  truncated = false;
  constructor(
    private readonly tree: BitmovinTree,
    readonly direction: BitmovinDirection,
    readonly storageKind: BitmovinStorageKind,
  ) {}
  get id(): string {
    return `bitmovin/${this.direction}/${this.storageKind}`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(BITMOVIN_KIND_LABELS[this.storageKind], vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.storageKind === 's3-role-based' ? 'shield' : 'database');
    item.contextValue = ContextValues.bitmovinKind(this.direction);
    item.tooltip = `GET /encoding/${this.direction}/${this.storageKind}`;
    return item;
  }
  children(): Promise<TreeNode[]> {
    this.loaded ??= this.tree.load(this, false);
    return this.loaded;
  }
  /** Reads the next page after what is shown; the caller redraws the node. */
  async loadMore(): Promise<void> {
    await this.loaded;
    this.loaded = this.tree.load(this, true);
    await this.loaded;
  }
  reset(): void {
    this.loaded = undefined;
    this.items = [];
    this.totalCount = undefined;
    this.truncated = false;
  }
}

class DirectionNode implements ContributedNode {
  readonly kind = 'contributed';
  readonly kinds: KindNode[];
  constructor(
    tree: BitmovinTree,
    readonly direction: BitmovinDirection,
  ) {
    this.kinds = BITMOVIN_STORAGE_KINDS.map((k) => new KindNode(tree, direction, k));
  }
  get id(): string {
    return `bitmovin/${this.direction}`;
  }
  treeItem(): vscode.TreeItem {
    const [label, icon] = directionLabel(this.direction);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = ContextValues.bitmovinDirection(this.direction);
    return item;
  }
  children(): Promise<TreeNode[]> {
    return Promise.resolve(this.kinds);
  }
  reset(): void {
    for (const k of this.kinds) k.reset();
  }
}

class GroupNode implements ContributedNode {
  readonly kind = 'contributed';
  readonly id = 'bitmovin';
  constructor(private readonly tree: BitmovinTree) {}
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Bitmovin'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const { baseUrl, organizationId } = this.tree.source.describe();
    item.description = [baseUrl === DEFAULT_BITMOVIN_BASE_URL ? '' : baseUrl, organizationId ? vscode.l10n.t('org {0}', organizationId) : '']
      .filter(Boolean)
      .join(' · ');
    item.tooltip = organizationId
      ? vscode.l10n.t('Bitmovin API at {0}, organization {1}', baseUrl, organizationId)
      : vscode.l10n.t('Bitmovin API at {0}', baseUrl);
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.contextValue = ContextValues.bitmovinGroup;
    return item;
  }
  async children(): Promise<TreeNode[]> {
    if (!(await this.tree.source.hasKey())) {
      return [
        new MessageNode(
          this.id,
          vscode.l10n.t('Set Bitmovin API Key…'),
          vscode.l10n.t('The key is kept in VS Code’s secret storage. Find it in the Bitmovin dashboard under your account’s API keys.'),
          { command: Commands.setBitmovinApiKey, title: vscode.l10n.t('Set Bitmovin API Key') },
          'key',
        ),
      ];
    }
    return this.tree.directions;
  }
  reset(): void {
    for (const d of this.tree.directions) d.reset();
  }
}

/** The "Bitmovin" group of the Media Storage tree: the account's S3-backed inputs and outputs. */
export class BitmovinTree {
  readonly group: GroupNode;
  readonly directions: DirectionNode[];

  constructor(
    readonly source: BitmovinSource,
    private readonly log: Logger,
  ) {
    this.group = new GroupNode(this);
    this.directions = [new DirectionNode(this, 'inputs'), new DirectionNode(this, 'outputs')];
  }

  /** Top-level nodes: none while nothing else is shown and no key is set, so the welcome view stays. */
  roots(treeIsEmpty: boolean, hasKey: boolean | undefined): TreeNode[] {
    return treeIsEmpty && hasKey !== true ? [] : [this.group];
  }

  kindNode(direction: BitmovinDirection, kind: BitmovinStorageKind): KindNode {
    const d = this.directions.find((x) => x.direction === direction) as DirectionNode;
    return d.kinds.find((k) => k.storageKind === kind) as KindNode;
  }

  resetAll(): void {
    this.group.reset();
  }

  /** Never rejects: a failure becomes an error child with the decoded reason (shown after what was already read). */
  async load(node: KindNode, more: boolean): Promise<TreeNode[]> {
    const label = BITMOVIN_KIND_LABELS[node.storageKind];
    // English for the log; the error node's tooltip says it in the user's language.
    const what = `List Bitmovin ${label} ${node.direction}`;
    const shown = node.direction === 'inputs' ? vscode.l10n.t('List Bitmovin {0} inputs', label) : vscode.l10n.t('List Bitmovin {0} outputs', label);
    const listed = (): TreeNode[] => node.items.map((r) => new ResourceNode(node, r));
    try {
      const client = await this.source.client();
      const list = await client.listAll(node.direction, node.storageKind, { max: PAGE, offset: more ? node.items.length : 0 });
      node.items = more ? [...node.items, ...list.items] : list.items;
      node.totalCount = list.totalCount;
      node.truncated = list.truncated;
      const out = listed();
      if (list.truncated) out.push(new BitmovinLoadMore(node, node.items.length, list.totalCount));
      if (!out.length) out.push(new MessageNode(node.id, vscode.l10n.t('None'), undefined, undefined, 'circle-slash'));
      return out;
    } catch (err) {
      const decoded = decodeError(err);
      const block = renderBlock(decoded);
      // Logged, not notified: six failing lists would otherwise pop six toasts.
      this.log.block(`${what}: ${decoded.title}\n${block}`, 'warn');
      return [...listed(), new ErrorChild(node, decoded, this.log.redact(`${shown}\n${block}`))];
    }
  }
}
