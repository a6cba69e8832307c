import * as vscode from 'vscode';
import { folderPrefixes, formatS3Url, parseS3Url, rankConnections, type ParsedS3Url } from '../core/storage/s3url';
import type { ConnectionEntry, LocationEntry, StorageRegistry } from '../storage/storageModel';
import type { PinnedBuckets } from '../storage/pinnedBuckets';
import { BACK, type PrompterHolder } from '../ui/prompter';
import type { ExplorerProvider } from './explorer';
import { ConnectionNode, GroupNode, ListingNode, ObjectNode, type TreeNode } from './nodes';

export interface GoToDeps {
  view: vscode.TreeView<TreeNode>;
  explorer: ExplorerProvider;
  registry: StorageRegistry;
  pinned: PinnedBuckets;
  prompts: PrompterHolder;
}

/** What "Show in Tree" on a result passes: the place is already known, no URI to parse. */
export interface TreeTarget {
  connectionKey: string;
  bucket: string;
  /** an object key, a folder prefix ending in '/', or '' for the bucket */
  key: string;
  /** the registered input or output to show it under, rather than under its bucket */
  locationKey?: string;
}

export function isTreeTarget(v: unknown): v is TreeTarget {
  const t = v as Partial<TreeTarget> | undefined;
  return typeof t === 'object' && t !== null && typeof t.connectionKey === 'string' && typeof t.bucket === 'string' && typeof t.key === 'string';
}

/**
 * Pages listed at one level before the walk narrows the level with the tree's own filter: a
 * folder of 100,000 objects would otherwise take a hundred requests to reach a name near its end.
 */
const PAGES_BEFORE_FILTER = 5;

/** "Go to S3 URI…": a pasted URI (or a known place) revealed and selected in the tree. */
export async function goToUri(d: GoToDeps, arg?: unknown): Promise<void> {
  if (isTreeTarget(arg)) {
    const model = d.registry.model;
    const entry = model.connections.find((c) => c.key === arg.connectionKey);
    // Gone since the result was shown (the registry was edited): nothing to show.
    if (!entry) return;
    const location = model.inputs.concat(model.outputs).find((l) => l.key === arg.locationKey);
    await walkAndReveal(d, entry, arg.bucket, arg.key, location);
    return;
  }
  const parsed = await askUri(d, typeof arg === 'string' ? arg : undefined);
  if (!parsed) return;
  const model = d.registry.model;
  const candidates = rankConnections(parsed, model.connections, (c) => c.connection);
  if (!candidates.length) {
    const add = vscode.l10n.t('Add Connection…');
    const choice = await d.prompts.current.warn(
      vscode.l10n.t('No connection reaches {0}. Add a connection for {1} first.', formatS3Url(parsed), parsed.endpoint ?? vscode.l10n.t('this endpoint')),
      add,
    );
    if (choice === add) await vscode.commands.executeCommand('mediaStorage.addConnection');
    return;
  }
  // A registered input or output that holds the key is where the user works with it.
  const location = bestLocation(parsed, model.inputs.concat(model.outputs), candidates);
  if (location) {
    await walkAndReveal(d, location.connection as ConnectionEntry, parsed.bucket, parsed.key, location);
    return;
  }
  const entry = candidates.length === 1 ? candidates[0] : await pickConnection(d, parsed, candidates);
  if (entry) await walkAndReveal(d, entry, parsed.bucket, parsed.key);
}

/**
 * The clipboard, if it can be read at once. In a browser (code-server, vscode.dev) reading it asks
 * the page for permission, and until the user answers that prompt the read never settles: the
 * input box would not open. There the box opens empty and the user pastes.
 */
async function clipboardText(): Promise<string> {
  if (vscode.env.uiKind === vscode.UIKind.Web) return '';
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(''), 300));
  return (await Promise.race([vscode.env.clipboard.readText().then(undefined, () => ''), timeout])).trim();
}

async function askUri(d: GoToDeps, given: string | undefined): Promise<ParsedS3Url | undefined> {
  let text = given;
  if (text === undefined) {
    // A URI just copied is the likely one: offer it, as the Explorer's "Go to File" offers a path.
    const clip = await clipboardText();
    const answer = await d.prompts.current.input({
      id: 'goto.uri',
      title: vscode.l10n.t('Go to S3 URI'),
      prompt: vscode.l10n.t('An s3:// URI, an https URL in any addressing style, an ARN, or s3://endpoint/bucket/key'),
      placeholder: 's3://bucket/path/to/object.mp4',
      value: clip.length < 4096 && parseS3Url(clip).ok ? clip : '',
      validate: (v) => {
        const r = parseS3Url(v.trim());
        return r.ok ? undefined : r.reason;
      },
    });
    if (answer === undefined || answer === BACK) return undefined;
    text = answer;
  }
  const r = parseS3Url(text.trim());
  if (!r.ok) throw new Error(vscode.l10n.t('Not an S3 location: {0}', r.reason));
  return r.value;
}

function bestLocation(p: ParsedS3Url, locations: readonly LocationEntry[], candidates: readonly ConnectionEntry[]): LocationEntry | undefined {
  const keys = new Set(candidates.map((c) => c.key));
  return locations
    .filter((l) => l.connection && keys.has(l.connection.key) && l.location.bucket === p.bucket && p.key.startsWith(l.location.prefix ?? ''))
    .sort((a, b) => (b.location.prefix ?? '').length - (a.location.prefix ?? '').length)[0];
}

async function pickConnection(d: GoToDeps, p: ParsedS3Url, candidates: readonly ConnectionEntry[]): Promise<ConnectionEntry | undefined> {
  const picked = await d.prompts.current.pick<ConnectionEntry>({
    id: 'goto.connection',
    title: vscode.l10n.t('Go to S3 URI'),
    placeholder: vscode.l10n.t('Which connection holds bucket "{0}"?', p.bucket),
    items: candidates.map((c) => ({ label: c.connection.label, description: c.connection.endpoint ?? c.connection.region, value: c })),
  });
  return picked === undefined || picked === BACK ? undefined : picked;
}

async function findChild(d: GoToDeps, parent: TreeNode, match: (n: TreeNode) => boolean, name: string): Promise<TreeNode | undefined> {
  for (let page = 0; ; page++) {
    const kids = await d.explorer.getChildren(parent);
    const hit = kids.find(match);
    if (hit) return hit;
    if (!(parent instanceof ListingNode) || !parent.state.nextToken) break;
    if (page + 1 >= PAGES_BEFORE_FILTER) {
      if (parent.filter === name) break;
      d.explorer.setFilter(parent, name);
      continue;
    }
    await d.explorer.loadMore(parent);
  }
  // A filter the user set at this level may hide the name.
  if (parent instanceof ListingNode && parent.filter !== undefined && !name.startsWith(parent.filter)) {
    d.explorer.setFilter(parent, undefined);
    return (await d.explorer.getChildren(parent)).find(match);
  }
  return undefined;
}

async function connectionNode(d: GoToDeps, entry: ConnectionEntry): Promise<ConnectionNode | undefined> {
  const roots = await d.explorer.getChildren();
  const group = roots.find((n): n is GroupNode => n instanceof GroupNode && n.group === 'buckets');
  if (!group) return undefined;
  const conns = await d.explorer.getChildren(group);
  return conns.find((n): n is ConnectionNode => n instanceof ConnectionNode && n.entry.key === entry.key);
}

async function startNode(d: GoToDeps, entry: ConnectionEntry, bucket: string, location?: LocationEntry): Promise<ListingNode | undefined> {
  if (location) {
    const roots = await d.explorer.getChildren();
    const group = roots.find((n): n is GroupNode => n instanceof GroupNode && n.group === (location.location.role === 'input' ? 'inputs' : 'outputs'));
    const kids = group ? await d.explorer.getChildren(group) : [];
    return kids.find((n): n is ListingNode => n instanceof ListingNode && n.location?.key === location.key);
  }
  const conn = await connectionNode(d, entry);
  if (!conn) return undefined;
  const isBucket = (n: TreeNode): n is ListingNode => n instanceof ListingNode && n.bucket === bucket;
  const found = (await d.explorer.getChildren(conn)).find(isBucket);
  if (found) return found;
  // Without s3:ListAllMyBuckets (or a bucket of another account) the connection lists nothing
  // with this name; the bucket still opens by name.
  const add = vscode.l10n.t('Add Bucket "{0}" by Name', bucket);
  const choice = await d.prompts.current.pick<'add'>({
    id: 'goto.addBucket',
    title: vscode.l10n.t('Go to S3 URI'),
    placeholder: vscode.l10n.t('"{0}" does not list bucket "{1}".', entry.connection.label, bucket),
    items: [{ label: add, detail: vscode.l10n.t('Opens it by name, which works without permission to list all buckets.'), value: 'add' }],
  });
  if (choice !== 'add') return undefined;
  await d.pinned.add(entry.key, bucket);
  d.explorer.refresh(conn);
  return (await d.explorer.getChildren(conn)).find(isBucket);
}

async function walkAndReveal(d: GoToDeps, entry: ConnectionEntry, bucket: string, key: string, location?: LocationEntry): Promise<void> {
  // A refresh during the walk (keys stored, the registry re-read) replaces the nodes it went
  // through, and the view cannot reveal a node it no longer has: walk again.
  for (let attempt = 1; ; attempt++) {
    const generation = d.explorer.generation;
    const found = await walk(d, entry, bucket, key, location);
    if (!found) return;
    if (d.explorer.generation !== generation && attempt < 3) continue;
    try {
      await d.view.reveal(found.node, { select: true, focus: true, expand: found.node instanceof ListingNode });
    } catch (err) {
      // The view lists a level anew when it is told the level changed (Load More, a refresh that
      // landed after the walk), and then holds other node objects than the walk found.
      if (attempt >= 3) throw err;
      // Let the view take in the change it was told of before asking it again.
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      continue;
    }
    if (found.missing !== undefined) {
      const shown = found.node instanceof ListingNode ? found.node.s3Uri : `s3://${bucket}/`;
      void d.prompts.current.warn(vscode.l10n.t('s3://{0}/{1} does not exist; showing {2}, the nearest level that does.', bucket, found.missing, shown));
    }
    return;
  }
}

async function walk(
  d: GoToDeps,
  entry: ConnectionEntry,
  bucket: string,
  key: string,
  location: LocationEntry | undefined,
): Promise<{ node: TreeNode; missing: string | undefined } | undefined> {
  const start = await startNode(d, entry, bucket, location);
  if (!start) return undefined;
  let node: TreeNode = start;
  const base = start.prefix;
  const folders = folderPrefixes(key).filter((f) => f.length > base.length);
  let missing: string | undefined;
  for (const prefix of folders) {
    const name = prefix.slice(node instanceof ListingNode ? node.prefix.length : 0);
    const next = await findChild(d, node, (n) => n instanceof ListingNode && n.kind === 'folder' && n.prefix === prefix, name);
    if (!next) {
      missing = prefix;
      break;
    }
    node = next;
  }
  if (!missing && !key.endsWith('/') && key.length > base.length && node instanceof ListingNode) {
    const name = key.slice(node.prefix.length);
    const object = await findChild(d, node, (n) => n instanceof ObjectNode && n.entry.key === key, name);
    if (object) node = object;
    else missing = key;
  }
  return { node, missing };
}
