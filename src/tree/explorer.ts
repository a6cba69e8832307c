import * as vscode from 'vscode';
import { decodeError, renderBlock } from '../errors/lazyErrors';
import { INTERACTIVE_RETRY } from '../core/storage/client';
import { listBuckets, listLevel, type ObjectEntry } from '../core/storage/listing';
import { Commands } from '../commandIds';
import type { Logger } from '../logger';
import { SETTINGS } from '../core/settings';
import { readSetting } from '../settings';
import type { ClientPool } from '../storage/clientPool';
import type { PinnedBuckets } from '../storage/pinnedBuckets';
import { mayConnect, type ConnectionEntry, type StorageRegistry } from '../storage/storageModel';
import type { ResumeStore } from '../core/transfer/resumeStore';
import { classifyError, notAllowedText, notAnsweringText, REASON_LABELS } from '../core/errors/classify';
import {
  ConnectionNode,
  ErrorNode,
  GroupNode,
  IncompleteGroupNode,
  ListingNode,
  type Loading,
  LoadMoreNode,
  MessageNode,
  ObjectNode,
  toTreeItem,
  type TreeNode,
} from './nodes';
import { loadIncompleteChildren } from './incompleteUploads';

const untrusted = (): string =>
  vscode.l10n.t(
    'Not connected: this workspace is not trusted, and the entry comes from its registry file. Trust the workspace to connect; entries in your user settings still work.',
  );

/**
 * The "Media Storage" tree: Inputs, Outputs and Buckets, each listing one level of keys at a
 * time. Loading never rejects: whatever fails becomes an error node that says what went wrong
 * and offers the fix. Empty until storage is registered, so that VS Code shows the welcome view.
 *
 * Each node lists on its own (a silent endpoint delays only its own nodes), with one quick retry
 * at most, and Refresh aborts a listing in flight and starts it again.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: Record<'inputs' | 'outputs' | 'buckets', GroupNode> = {
    inputs: new GroupNode('inputs'),
    outputs: new GroupNode('outputs'),
    buckets: new GroupNode('buckets'),
  };
  private cache = new Map<string, TreeNode[]>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** nodes with a listing in flight, so that a refresh can abort what it replaces */
  private readonly inFlight = new Set<ConnectionNode | ListingNode | IncompleteGroupNode>();
  private disposed = false;
  /** Set once the transfer glue is there: bucket and location nodes then show "Incomplete Uploads". */
  private incomplete: { store: ResumeStore | undefined } | undefined;
  /** The newest "Incomplete Uploads" node per id, so that an action can refresh the ones of a bucket. */
  private readonly incompleteGroups = new Map<string, IncompleteGroupNode>();

  constructor(
    private readonly registry: StorageRegistry,
    private readonly clients: ClientPool,
    private readonly pinned: PinnedBuckets,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(
      registry.onDidChange((model) => {
        this.clients.sync(model);
        this.refresh();
      }),
    );
  }

  private readonly contributors: ((treeIsEmpty: boolean) => TreeNode[])[] = [];

  /**
   * Adds top-level nodes after the storage groups. `treeIsEmpty` says nothing is registered, so a
   * contributor can stay out of the way of the welcome view.
   */
  contributeRoots(contributor: (treeIsEmpty: boolean) => TreeNode[]): vscode.Disposable {
    this.contributors.push(contributor);
    this.refresh();
    return new vscode.Disposable(() => {
      const i = this.contributors.indexOf(contributor);
      if (i >= 0) this.contributors.splice(i, 1);
      this.refresh();
    });
  }

  /**
   * Gives every bucket and location node an "Incomplete Uploads" child, listed when expanded
   * (never with the objects: that would be a request more per bucket shown). `store` holds the
   * uploads kept for Resume, which know their local files.
   */
  showIncompleteUploads(store: ResumeStore | undefined): void {
    this.incomplete = { store };
    this.refresh();
  }

  /** Lists the "Incomplete Uploads" of this bucket again wherever they are shown (its bucket node, its locations). */
  refreshIncomplete(connectionKey: string, bucket: string, alsoObjects = false): void {
    for (const group of [...this.incompleteGroups.values()]) {
      if (group.connection?.key !== connectionKey || group.bucket !== bucket) continue;
      // A completed upload is a new object in the listing as well.
      this.refresh(alsoObjects ? group.owner : group);
    }
  }

  /**
   * Forgets loaded listings below `node` (everything when undefined) and redraws. Listings in
   * flight that the refresh replaces are aborted; whoever still waits for one gets a new one.
   */
  /**
   * Grows whenever nodes are replaced rather than reset (a full refresh, a group's refresh): a
   * walk down the tree that straddles one holds nodes the view no longer shows.
   */
  get generation(): number {
    return this.replaced;
  }
  private replaced = 0;

  refresh(node?: TreeNode): void {
    if (!node || node instanceof GroupNode) this.replaced++;
    if (!node) {
      for (const n of [...this.inFlight]) this.cancel(n);
      this.cache.clear();
      this.incompleteGroups.clear();
      this.changed.fire(undefined);
      return;
    }
    const target = node.kind === 'error' ? node.owner : node.kind === 'loadMore' ? node.owner : node.kind === 'incompleteUpload' ? node.group : node;
    if (target instanceof ListingNode) {
      this.cancel(target);
      target.reset();
      const group = this.incompleteGroups.get(`${target.id}|incomplete`);
      if (group?.owner === target) {
        this.cancel(group);
        group.reset();
      }
    }
    if (target instanceof IncompleteGroupNode) {
      this.cancel(target);
      target.reset();
    }
    if (target instanceof ConnectionNode) {
      this.cancelBelow([target]);
      target.children = undefined;
    }
    if (target instanceof GroupNode) {
      this.cancelBelow(this.cache.get(target.group) ?? []);
      this.cache.delete(target.group);
    }
    if (target.kind === 'contributed') target.reset?.();
    this.changed.fire(target.kind === 'object' || target.kind === 'message' ? undefined : target);
  }

  /**
   * Lists again every loaded level of this bucket that shows (or showed) one of `keys`: the
   * folders a key is in, and the folders inside a prefix in `keys` (gone after a delete or move).
   * Each is refreshed, not only the topmost: a refreshed folder keeps its sub-folder nodes, whose
   * own listings would otherwise stay as they were.
   */
  refreshKeys(connectionKey: string, bucket: string, keys: readonly string[]): void {
    const hit: ListingNode[] = [];
    const visit = (nodes: readonly TreeNode[] | undefined): void => {
      for (const n of nodes ?? []) {
        if (n instanceof ConnectionNode) visit(n.children);
        if (!(n instanceof ListingNode)) continue;
        if (n.connection?.key === connectionKey && n.bucket === bucket && keys.some((k) => k.startsWith(n.prefix) || n.prefix.startsWith(k))) hit.push(n);
        visit(n.childCache);
      }
    };
    for (const group of ['inputs', 'outputs', 'buckets'] as const) visit(this.cache.get(group));
    for (const n of hit) this.refresh(n);
  }

  /** Lists a connection's buckets again (after Create Bucket). */
  refreshConnection(connectionKey: string): void {
    for (const n of this.cache.get('buckets') ?? []) if (n instanceof ConnectionNode && n.entry.key === connectionKey) this.refresh(n);
  }

  private cancel(node: ConnectionNode | ListingNode | IncompleteGroupNode): void {
    node.abort?.abort();
    node.abort = undefined;
    node.loading = undefined;
    this.inFlight.delete(node);
  }

  /** Aborts the listings in flight of `roots` and of the nodes below them (ids extend their parent's). */
  private cancelBelow(roots: readonly TreeNode[]): void {
    for (const n of [...this.inFlight]) {
      if (roots.some((r) => n.id === r.id || n.id.startsWith(`${r.id}/`) || n.id.startsWith(`${r.id}|`))) this.cancel(n);
    }
  }

  /**
   * Runs `work` as the node's listing with a signal a refresh aborts. `work` stores its result
   * only while `current()` holds, so an aborted listing never overwrites its replacement.
   */
  private track(node: ConnectionNode | ListingNode | IncompleteGroupNode, work: (signal: AbortSignal, current: () => boolean) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    node.abort = abort;
    this.inFlight.add(node);
    const current = (): boolean => node.abort === abort && !abort.signal.aborted;
    const run = work(abort.signal, current).finally(() => {
      if (node.abort !== abort) return;
      node.abort = undefined;
      node.loading = undefined;
      this.inFlight.delete(node);
    });
    node.loading = run;
    return run;
  }

  /** Waits for the node's listing; when a refresh aborted it meanwhile, for a new one. */
  private async settle(node: Loading, done: () => boolean, start: () => Promise<void>): Promise<boolean> {
    while (!done()) {
      if (this.disposed) return false;
      await (node.loading ?? start());
    }
    return true;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  // Which node handed out each child, for TreeView.reveal (Go to S3 URI, Show in Tree): a node
  // only reaches the view through getChildren, so its parent is always recorded.
  private readonly parents = new WeakMap<TreeNode, TreeNode>();

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      await this.registry.ready;
      const kids = await this.children(node);
      if (node) for (const k of kids) this.parents.set(k, node);
      return kids;
    } catch (err) {
      // A bug here would otherwise leave an empty tree and an unhandled rejection.
      this.log.error(err instanceof Error ? err : String(err));
      return [
        new MessageNode(
          node ? this.idOf(node) : 'root',
          vscode.l10n.t('Could not show this: {0}', err instanceof Error ? err.message : String(err)),
          undefined,
          undefined,
          'error',
        ),
      ];
    }
  }

  private idOf(node: TreeNode): string {
    return node.id;
  }

  private async children(node?: TreeNode): Promise<TreeNode[]> {
    const model = this.registry.model;
    if (!node) {
      const empty = !model.connections.length && !model.inputs.length && !model.outputs.length && !model.problems.length;
      const contributed = this.contributors.flatMap((c) => c(empty));
      if (empty && !contributed.length) return [];
      const top: TreeNode[] = [this.groups.inputs, this.groups.outputs, this.groups.buckets, ...contributed];
      for (const p of model.problems) top.push(new MessageNode('root', p.message, undefined, undefined, 'warning'));
      return top;
    }
    switch (node.kind) {
      case 'group':
        return this.groupChildren(node);
      case 'connection':
        return this.connectionChildren(node);
      case 'location':
      case 'bucket':
      case 'folder':
        return this.listingChildren(node);
      case 'contributed':
        return node.children ? node.children() : [];
      case 'incompleteGroup':
        return this.incompleteChildren(node);
      default:
        return [];
    }
  }

  private groupChildren(node: GroupNode): TreeNode[] {
    const cached = this.cache.get(node.group);
    if (cached) return cached;
    const model = this.registry.model;
    let out: TreeNode[];
    if (node.group === 'buckets') {
      out = model.connections.map((c) => new ConnectionNode(c));
      if (!out.length) {
        out.push(
          new MessageNode(
            node.id,
            vscode.l10n.t('No connections yet — Add Connection…'),
            undefined,
            { command: Commands.addConnection, title: vscode.l10n.t('Add Connection') },
            'add',
          ),
        );
      }
    } else {
      const entries = node.group === 'inputs' ? model.inputs : model.outputs;
      out = entries.map((e) => new ListingNode('location', e.connection, e.location.bucket, e.location.prefix ?? '', node.id, e));
      if (!out.length) {
        const cmd = node.group === 'inputs' ? Commands.addInput : Commands.addOutput;
        const [text, title] =
          node.group === 'inputs'
            ? [vscode.l10n.t('No inputs yet — Add Input…'), vscode.l10n.t('Add Input')]
            : [vscode.l10n.t('No outputs yet — Add Output…'), vscode.l10n.t('Add Output')];
        out.push(new MessageNode(node.id, text, undefined, { command: cmd, title }, 'add'));
      }
    }
    this.cache.set(node.group, out);
    return out;
  }

  private connectionChildren(node: ConnectionNode): Promise<TreeNode[]> {
    return this.loadedChildren(node, () => this.loadBuckets(node));
  }

  /** The children of a node that loads them all at once, loading them first if they are not there. */
  private async loadedChildren(node: ConnectionNode | IncompleteGroupNode, load: () => Promise<void>): Promise<TreeNode[]> {
    if (!(await this.settle(node, () => node.children !== undefined, load))) return [];
    return node.children ?? [];
  }

  private loadBuckets(node: ConnectionNode): Promise<void> {
    return this.track(node, async (signal, current) => {
      const model = this.registry.model;
      const pinned = this.pinned.get(node.entry.key).map((b) => new ListingNode('bucket', node.entry, b, '', node.id, undefined, true));
      if (!mayConnect(model, node.entry.source)) {
        node.children = [untrustedNode(node.id)];
        return;
      }
      const out: TreeNode[] = [];
      try {
        const client = await this.clients.get(node.entry);
        const buckets = await listBuckets(client, { signal, retry: INTERACTIVE_RETRY });
        if (!current()) return;
        const names = new Set(buckets.map((b) => b.name));
        out.push(...pinned.filter((p) => !names.has(p.bucket)));
        out.push(...buckets.map((b) => new ListingNode('bucket', node.entry, b.name, '', node.id)));
        if (!out.length) out.push(new MessageNode(node.id, vscode.l10n.t('No buckets — Add Bucket by Name…'), undefined, this.addBucketCommand(node), 'add'));
      } catch (err) {
        if (!current()) return;
        out.push(this.errorNode(node, err, vscode.l10n.t('List buckets of "{0}"', node.entry.connection.label)));
        // Without s3:ListAllMyBuckets the buckets the user named still work.
        out.push(...pinned);
        out.push(
          new MessageNode(
            node.id,
            vscode.l10n.t('Add Bucket by Name…'),
            vscode.l10n.t('A bucket can be opened by name without permission to list all buckets.'),
            this.addBucketCommand(node),
            'add',
          ),
        );
      }
      node.children = out;
    });
  }

  private addBucketCommand(node: ConnectionNode): vscode.Command {
    return { command: Commands.addBucket, title: vscode.l10n.t('Add Bucket by Name'), arguments: [node] };
  }

  private async listingChildren(node: ListingNode): Promise<TreeNode[]> {
    if (node.location && !node.connection) {
      return [
        new MessageNode(
          node.id,
          vscode.l10n.t('No connection "{0}"', node.location.location.connection),
          vscode.l10n.t('Add the connection or correct the "connection" field of this entry.'),
          undefined,
          'warning',
        ),
      ];
    }
    if (!mayConnect(this.registry.model, node.location?.source, node.connection?.source)) {
      return [untrustedNode(node.id)];
    }
    const settled = await this.settle(
      node,
      () => node.state.loaded || node.state.error !== undefined,
      () => this.loadPage(node, false),
    );
    return settled ? this.buildListingChildren(node) : [];
  }

  private buildListingChildren(node: ListingNode): TreeNode[] {
    if (node.childCache) return node.childCache;
    const s = node.state;
    const out: TreeNode[] = [];
    for (const f of s.folders) out.push(this.folderNode(node, f.key));
    for (const o of s.objects) out.push(this.objectNode(node, o));
    if (s.nextToken) out.push(new LoadMoreNode(node));
    if (s.error) out.push(s.error);
    if (!out.length) {
      out.push(
        new MessageNode(
          node.id,
          node.filter !== undefined ? vscode.l10n.t('Nothing starts with "{0}"', node.filter) : vscode.l10n.t('Empty'),
          undefined,
          undefined,
          'circle-slash',
        ),
      );
    }
    // First, so that paging ("Load more…" stays last) and the objects' order are as they were.
    const group = this.incompleteGroupOf(node);
    if (group) out.unshift(group);
    node.childCache = out;
    return out;
  }

  /** The node's "Incomplete Uploads" child: one per bucket and location node, none for folders. */
  private incompleteGroupOf(node: ListingNode): IncompleteGroupNode | undefined {
    if (!this.incomplete || node.kind === 'folder' || !node.connection) return undefined;
    const id = `${node.id}|incomplete`;
    let group = this.incompleteGroups.get(id);
    // Kept across pages and redraws of the same node, so its expansion and listing survive them.
    if (group?.owner !== node) this.incompleteGroups.set(id, (group = new IncompleteGroupNode(node)));
    return group;
  }

  private incompleteChildren(node: IncompleteGroupNode): Promise<TreeNode[]> {
    return this.loadedChildren(node, () => this.loadIncomplete(node));
  }

  private loadIncomplete(node: IncompleteGroupNode): Promise<void> {
    return this.track(node, async (signal, current) => {
      const connection = node.connection as ConnectionEntry;
      let out: TreeNode[];
      try {
        const client = await this.clients.get(connection);
        out = await loadIncompleteChildren(client, node, this.incomplete?.store, signal);
      } catch (err) {
        if (!current()) return;
        out = [this.errorNode(node, err, vscode.l10n.t('List incomplete uploads in {0}', node.s3Uri))];
      }
      if (current()) node.children = out;
    });
  }

  private folderCache = new WeakMap<ListingNode, Map<string, ListingNode>>();

  // Folder nodes keep their identity across "Load more", so their expansion and filters survive.
  private folderNode(parent: ListingNode, prefix: string): ListingNode {
    let byPrefix = this.folderCache.get(parent);
    if (!byPrefix) this.folderCache.set(parent, (byPrefix = new Map<string, ListingNode>()));
    let f = byPrefix.get(prefix);
    if (!f) byPrefix.set(prefix, (f = new ListingNode('folder', parent.connection, parent.bucket, prefix, parent.id)));
    return f;
  }

  private objectCache = new WeakMap<ListingNode, Map<string, ObjectNode>>();

  // Object nodes keep their identity too, as long as the object is the same: the view reveals and
  // selects nodes by identity, and a level rebuilt after "Load more" or a redraw would otherwise
  // hand it new ones for what it already shows (Go to S3 URI then failed to reveal).
  private objectNode(parent: ListingNode, entry: ObjectEntry): ObjectNode {
    let byKey = this.objectCache.get(parent);
    if (!byKey) this.objectCache.set(parent, (byKey = new Map<string, ObjectNode>()));
    const known = byKey.get(entry.key);
    if (
      known &&
      known.entry.size === entry.size &&
      known.entry.lastModified?.getTime() === entry.lastModified?.getTime() &&
      known.entry.storageClass === entry.storageClass
    ) {
      return known;
    }
    const made = new ObjectNode(parent, entry);
    byKey.set(entry.key, made);
    return made;
  }

  /** Loads the first page (more=false) or the next one; errors become the node's error child. */
  loadPage(node: ListingNode, more: boolean): Promise<void> {
    if (node.loading) return node.loading;
    return this.track(node, async (signal, current) => {
      const connection = node.connection as ConnectionEntry;
      try {
        const client = await this.clients.get(connection);
        const page = await listLevel(client, {
          bucket: node.bucket,
          prefix: node.prefix,
          pageSize: this.pageSize(),
          ...(more && node.state.nextToken ? { token: node.state.nextToken } : {}),
          ...(node.filter !== undefined ? { filter: node.filter } : {}),
          signal,
          retry: INTERACTIVE_RETRY,
        });
        if (!current()) return;
        if (!more) node.state = { folders: [], objects: [], loaded: true };
        node.state.folders.push(...page.folders);
        node.state.objects.push(...page.objects);
        node.state.loaded = true;
        delete node.state.error;
        if (page.nextToken) node.state.nextToken = page.nextToken;
        else delete node.state.nextToken;
      } catch (err) {
        if (!current()) return;
        node.state.error = this.errorNode(node, err, vscode.l10n.t('List {0}', node.s3Uri));
        node.state.loaded = true;
      } finally {
        if (current()) node.childCache = undefined;
      }
    });
  }

  /** Shows a node's children again as they are now, without listing anew (a contributed node that loaded more). */
  redraw(node: TreeNode): void {
    this.changed.fire(node);
  }

  /** For "Load more…": fetches the next page and redraws the node. */
  async loadMore(node: ListingNode): Promise<void> {
    if (!node.state.nextToken) return;
    await this.loadPage(node, true);
    this.changed.fire(node);
  }

  setFilter(node: ListingNode, filter: string | undefined): void {
    node.filter = filter === '' ? undefined : filter;
    // A listing of the old filter must not land in the new one.
    this.cancel(node);
    node.reset();
    this.changed.fire(node);
  }

  pageSize(): number {
    return readSetting(this.log, SETTINGS.pageSize);
  }

  private errorNode(owner: ListingNode | ConnectionNode | IncompleteGroupNode, err: unknown, operation: string): ErrorNode {
    const decoded = decodeError(err);
    const reason = classifyError(decoded, err);
    const connection = owner.kind === 'connection' ? owner.entry : owner.connection;
    const headline =
      reason === 'not-answering'
        ? notAnsweringText(err, this.clients.network, connection?.connection)
        : reason === 'not-allowed'
          ? notAllowedText(err)
          : undefined;
    const details = this.log.redact(`${operation}\n${headline ? `${headline}\n` : ''}${renderBlock(decoded)}`);
    // Logged, not notified: a tree with several failing nodes would otherwise pop a toast each.
    this.log.block(`${operation}: ${headline ?? REASON_LABELS[reason]}\n${renderBlock(decoded)}`, 'warn');
    return new ErrorNode(owner, reason, decoded, details, headline);
  }

  dispose(): void {
    this.disposed = true;
    for (const n of [...this.inFlight]) this.cancel(n);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** Says why a node of an untrusted workspace lists nothing, and leads to the trust settings. */
function untrustedNode(parentId: string): MessageNode {
  return new MessageNode(
    parentId,
    vscode.l10n.t('Not connected: workspace not trusted'),
    untrusted(),
    { command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') },
    'workspace-untrusted',
  );
}
