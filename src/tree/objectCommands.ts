/**
 * The everyday object operations of the tree: Delete, New Folder, Create Bucket, Cut/Copy/Paste,
 * Rename, drag-to-move, Properties and Edit Metadata. The work is the core's (src/core/ops, in
 * the lazy transfer bundle); this glue picks what the user selected, asks (through the Prompter),
 * shows progress with Cancel, says exactly what happened, and refreshes the nodes it touched.
 */
import * as vscode from 'vscode';
import type { S3Client } from '@aws-sdk/client-s3';
import { Commands, OBJECT_CLIPBOARD_CONTEXT } from '../commandIds';
import type { CommandHandler, CommandRunner } from '../commands/runner';
import { formatBytes, formatDuration, listSome, plural } from '../core/format';
import { HEADER_FIELDS, HEADER_NAMES, type HeaderField } from '../core/ops/headers';
import type { CopyOutcome, CopyPlan, CopyResult } from '../core/ops/copyObjects';
import type { DeletePlan, DeleteResult, Versioning } from '../core/ops/deleteObjects';
import type { MetadataChanges, ObjectProperties } from '../core/ops/metadata';
import {
  baseName,
  checkHeaderValue,
  checkMetadataName,
  checkNameSegment,
  checkNewBucketName,
  checkRegion,
  checkSameBucketTarget,
  destinationRoot,
  metadataName,
  parentPrefix,
  type CopySource,
} from '../core/ops/names';
import { SETTINGS } from '../core/settings';
import { INTERACTIVE_RETRY } from '../core/storage/client';
import { toS3Uri } from '../core/storage/s3url';
import type { TransferProgress } from '../core/transfer/progress';
import { contentTypeFor } from '../core/transfer/mime';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { ErrorReporter } from '../errors/errorReporter';
import { UserFacingError } from '../errors/outcomes';
import { copyObjects, createBucket, createFolder, deleteObjects, editMetadata, planCopy, planDelete, readProperties } from '../lazyTransfer';
import type { Logger } from '../logger';
import { readSetting } from '../settings';
import type { ClientPool } from '../storage/clientPool';
import { pickConnectionEntry } from '../storage/credentialPrompts';
import { mayConnect, type ConnectionEntry, type StorageRegistry } from '../storage/storageModel';
import { BACK, type PrompterHolder } from '../ui/prompter';
import { withOperationProgress } from '../ui/operationProgress';
import { count, itemCount, objectCount, someOf, sourceCount } from '../ui/text';
import type { ExplorerProvider } from './explorer';
import { ConnectionNode, ListingNode, ObjectNode, type TreeNode } from './nodes';
import { ObjectPropertiesDocuments } from './objectProperties';

const MiB = 1024 * 1024;
/** Server-side copy parts: no byte passes through here, so big ones (fewer requests). */
const MAX_COPY_PART = 512 * MiB;

export interface ObjectCommandDeps {
  registry: StorageRegistry;
  explorer: ExplorerProvider;
  clients: ClientPool;
  prompts: PrompterHolder;
  log: Logger;
  errors: ErrorReporter;
  commands: CommandRunner;
}

/** What a command acts on: objects and folders of one bucket. */
interface Selection {
  connection: ConnectionEntry;
  bucket: string;
  sources: CopySource[];
}

/** A folder-like place to create in or paste into. */
interface Place {
  connection: ConnectionEntry;
  bucket: string;
  /** "" or ending in "/" */
  prefix: string;
}

interface Clipboard extends Selection {
  mode: 'copy' | 'cut';
}

const normalizePrefix = (p: string): string => (p === '' || p.endsWith('/') ? p : `${p}/`);
const placeUri = (p: { bucket: string; prefix: string }): string => toS3Uri(p.bucket, p.prefix);
const sourceKey = (s: CopySource): string => (s.kind === 'object' ? s.key : s.prefix);

/** "3/10 objects · 12.0 MiB of 40.0 MiB · 5.1 MiB/s · 6s left" */
function copyProgressText(p: TransferProgress): string {
  const parts = [vscode.l10n.t('{0}/{1} objects', p.filesDone, p.filesTotal), vscode.l10n.t('{0} of {1}', formatBytes(p.bytesDone), formatBytes(p.bytesTotal))];
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  if (p.etaSeconds !== undefined && p.bytesPerSecond > 0 && p.bytesDone < p.bytesTotal) parts.push(vscode.l10n.t('{0} left', formatDuration(p.etaSeconds)));
  return parts.join(' · ');
}

/** Registers the commands; the returned object also serves drag-to-move (src/transfer/dragAndDrop.ts). */
export class ObjectCommands implements vscode.Disposable {
  private clipboard: Clipboard | undefined;
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly properties = new ObjectPropertiesDocuments();
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly d: ObjectCommandDeps) {
    const commands: [string, CommandHandler][] = [
      [Commands.deleteObjects, (a, b) => this.deleteCommand(a, b)],
      [Commands.newFolder, (a, b) => this.newFolderCommand(a, b)],
      [Commands.createBucket, (a) => this.createBucketCommand(a)],
      [Commands.cutObjects, (a, b) => this.toClipboard('cut', a, b)],
      [Commands.copyObjects, (a, b) => this.toClipboard('copy', a, b)],
      [Commands.pasteObjects, (a, b) => this.pasteCommand(a, b)],
      [Commands.renameObject, (a, b) => this.renameCommand(a, b)],
      [Commands.showObjectProperties, (a, b) => this.propertiesCommand(a, b)],
      [Commands.editObjectMetadata, (a, b) => this.editMetadataCommand(a, b)],
    ];
    this.registrations = commands.map(([id, fn]) => d.commands.register(id, fn));
  }

  /** The view whose selection a keybinding (Delete, Ctrl+C, …) acts on. */
  attachView(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
  }

  private get prompter(): PrompterHolder['current'] {
    return this.d.prompts.current;
  }

  // ---- what the user chose ----

  /** Context menus pass (clicked, selected); keybindings nothing, and then the view's selection counts. */
  private nodesOf(first: unknown, second: unknown): TreeNode[] {
    if (Array.isArray(second) && second.length > 0) return second as TreeNode[];
    if (first !== undefined && first !== null) return [first as TreeNode];
    return [...(this.view?.selection ?? [])];
  }

  private checkTrusted(connection: ConnectionEntry, node: ListingNode): void {
    if (!mayConnect(this.d.registry.model, connection.source, node.location?.source)) {
      throw new UserFacingError(
        vscode.l10n.t('This workspace is not trusted, and the storage entry comes from its registry file. Trust the workspace to use it.'),
      );
    }
  }

  /** Objects and folders of one bucket; anything else is refused with what to select instead. */
  private selection(first: unknown, second: unknown, what: string): Selection {
    const nodes = this.nodesOf(first, second);
    const usable = nodes.filter((n): n is ObjectNode | ListingNode => n instanceof ObjectNode || (n instanceof ListingNode && n.kind === 'folder'));
    if (usable.length === 0 || usable.length !== nodes.length) {
      throw new UserFacingError(vscode.l10n.t('Select objects or folders in the Media Storage view to {0} (not buckets, inputs or outputs).', what));
    }
    const [first0] = usable;
    const connection = first0?.connection;
    if (!first0 || !connection) throw new UserFacingError(vscode.l10n.t('The selection names no known connection.'));
    if (usable.some((n) => n.connection?.key !== connection.key || n.bucket !== first0.bucket)) {
      throw new UserFacingError(vscode.l10n.t('Select objects and folders of one bucket at a time to {0}.', what));
    }
    this.checkTrusted(connection, first0 instanceof ObjectNode ? first0.owner : first0);
    const sources = usable.map((n): CopySource =>
      n instanceof ObjectNode ? { kind: 'object', key: n.entry.key, size: n.entry.size } : { kind: 'prefix', prefix: n.prefix },
    );
    // A folder and something inside it: the folder covers it.
    const kept = sources.filter((s) => !sources.some((o) => o !== s && o.kind === 'prefix' && sourceKey(s) !== o.prefix && sourceKey(s).startsWith(o.prefix)));
    return { connection, bucket: first0.bucket, sources: kept };
  }

  /** A location, bucket or folder node, or the folder of an object node. */
  private placeOf(node: unknown): Place | undefined {
    const listing = node instanceof ObjectNode ? node.owner : node instanceof ListingNode ? node : undefined;
    if (!listing) return undefined;
    if (!listing.connection) {
      throw new UserFacingError(vscode.l10n.t('"{0}" names no known connection.', listing.location?.location.name ?? listing.bucket));
    }
    this.checkTrusted(listing.connection, listing);
    return { connection: listing.connection, bucket: listing.bucket, prefix: normalizePrefix(listing.prefix) };
  }

  private client(connection: ConnectionEntry): Promise<S3Client> {
    return this.d.clients.get(connection);
  }

  private refresh(connection: ConnectionEntry, bucket: string, keys: readonly string[]): void {
    if (keys.length) this.d.explorer.refreshKeys(connection.key, bucket, keys);
  }

  private copySettings(): { multipartThreshold: number; partSize: number; streamPartSize: number } {
    const threshold = readSetting(this.d.log, SETTINGS.copyMultipartThresholdMiB) * MiB;
    const partSize = Math.min(threshold, MAX_COPY_PART);
    return { multipartThreshold: threshold, partSize, streamPartSize: Math.min(partSize, readSetting(this.d.log, SETTINGS.partSizeMiB) * MiB) };
  }

  // ---- Delete ----

  private async deleteCommand(first: unknown, second: unknown): Promise<void> {
    const sel = this.selection(first, second, vscode.l10n.t('delete'));
    const client = await this.client(sel.connection);
    const where = toS3Uri(sel.bucket, commonFolder(sel.sources));
    const plan = await withOperationProgress(this.prompter, 'delete.list', vscode.l10n.t('Listing what to delete in {0}', where), (report, signal) =>
      planDelete(
        client,
        sel.bucket,
        {
          objects: sel.sources.flatMap((s) => (s.kind === 'object' ? [{ key: s.key, size: s.size }] : [])),
          prefixes: sel.sources.flatMap((s) => (s.kind === 'prefix' ? [s.prefix] : [])),
        },
        { signal, onListed: (n) => report(vscode.l10n.t('{0} found', objectCount(n))) },
      ),
    );
    if (plan.objects.length === 0) {
      void this.prompter.info(vscode.l10n.t('Nothing to delete: {0} holds no objects.', someOf(sel.sources.map((s) => toS3Uri(sel.bucket, sourceKey(s))))));
      return;
    }
    const ok = await this.prompter.confirm({
      id: 'delete.confirm',
      message:
        plan.objects.length === 1
          ? vscode.l10n.t('Delete {0} object ({1}) from {2}?', count(plan.objects.length), formatBytes(plan.totalBytes), where)
          : vscode.l10n.t('Delete {0} objects ({1}) from {2}?', count(plan.objects.length), formatBytes(plan.totalBytes), where),
      detail: `${someOf(
        plan.objects.map((o) => o.key),
        5,
      )}\n\n${versioningText(plan.versioning, sel.bucket)}`,
      confirmLabel: vscode.l10n.t('Delete'),
    });
    if (!ok) return;
    this.d.log.info(`Deleting ${plural(plan.objects.length, 'object')} (${formatBytes(plan.totalBytes)}) from ${where} (versioning: ${plan.versioning})`);
    const result = await withOperationProgress(this.prompter, 'delete', vscode.l10n.t('Deleting from {0}', where), (report, signal) =>
      deleteObjects(client, sel.bucket, plan.objects, {
        signal,
        onProgress: (done, total) => report(vscode.l10n.t('{0} of {1} objects', done, total), (100 * done) / total),
      }),
    );
    this.refresh(sel.connection, sel.bucket, [...sel.sources.map(sourceKey), ...result.deleted.map((o) => o.key)]);
    this.reportDelete(where, plan, result);
  }

  private reportDelete(where: string, plan: DeletePlan, r: DeleteResult): void {
    const bytes = r.deleted.reduce((sum, o) => sum + o.size, 0);
    const notDeleted = r.notDeleted.length + r.failed.length + r.unknown.length;
    this.d.log.info(
      `Delete from ${where}: ${r.deleted.length} deleted (${formatBytes(bytes)}), ${r.failed.length} failed, ${r.notDeleted.length} not deleted (cancelled), ${r.unknown.length} unknown`,
    );
    for (const f of r.failed) this.d.log.warn(`Not deleted: s3://${r.bucket}/${f.key}: ${f.code}${f.message ? ` ${f.message}` : ''}`);
    if (r.unknown.length) {
      this.d.log.warn(
        `Unknown whether deleted (the store's answer was lost and the keys could not be looked up): ${listSome(
          r.unknown.map((o) => o.key),
          20,
        )}`,
      );
    }
    if (r.notDeleted.length) {
      this.d.log.info(
        `Not deleted because the delete was cancelled: ${listSome(
          r.notDeleted.map((o) => o.key),
          20,
        )}`,
      );
    }
    if (notDeleted === 0) {
      const text =
        r.deleted.length === 1
          ? vscode.l10n.t('Deleted {0} object ({1}) from {2}.', count(r.deleted.length), formatBytes(bytes), where)
          : vscode.l10n.t('Deleted {0} objects ({1}) from {2}.', count(r.deleted.length), formatBytes(bytes), where);
      void this.prompter.info(
        plan.versioning === 'enabled' || plan.versioning === 'suspended'
          ? `${text} ${vscode.l10n.t('Delete markers were written; the earlier versions stay.')}`
          : text,
      );
      return;
    }
    const parts = [
      r.wasCancelled
        ? vscode.l10n.t('Delete from {0} cancelled: {1} of {2} deleted.', where, count(r.deleted.length), objectCount(plan.objects.length))
        : vscode.l10n.t('Deleted {0} of {1} from {2}.', count(r.deleted.length), objectCount(plan.objects.length), where),
    ];
    if (r.failed.length) parts.push(vscode.l10n.t('{0} could not be deleted ({1}).', objectCount(r.failed.length), r.failed[0]?.code ?? ''));
    if (r.notDeleted.length) parts.push(vscode.l10n.t('{0} not deleted.', objectCount(r.notDeleted.length)));
    if (r.unknown.length) {
      parts.push(vscode.l10n.t('For {0} the store did not say whether they were deleted; refresh to see.', objectCount(r.unknown.length)));
    }
    void this.d.errors.notifyWithLog('warn', parts.join(' '));
  }

  // ---- New Folder, Create Bucket ----

  private async newFolderCommand(first: unknown, second: unknown): Promise<void> {
    const [node] = this.nodesOf(first, second);
    const place = this.placeOf(node);
    if (!place) throw new UserFacingError(vscode.l10n.t('Select an input, output, bucket or folder in the Media Storage view to create a folder in.'));
    const name = await this.prompter.input({
      id: 'folder.name',
      title: vscode.l10n.t('New folder in {0}', placeUri(place)),
      prompt: vscode.l10n.t('Folder name (one level; S3 keeps it as an empty "{0}name/" object until something is put in it)', place.prefix),
      validate: (v) => checkNameSegment(v, place.prefix, 'folder'),
    });
    if (name === undefined || name === BACK) return;
    const client = await this.client(place.connection);
    const made = await createFolder(client, place.bucket, place.prefix, name, { retry: INTERACTIVE_RETRY });
    if (!made.created) throw new UserFacingError(vscode.l10n.t('{0} already exists; nothing was created.', toS3Uri(place.bucket, made.key)));
    this.d.log.info(`Created folder ${toS3Uri(place.bucket, made.key)}`);
    this.refresh(place.connection, place.bucket, [made.key]);
    void this.prompter.info(vscode.l10n.t('Created folder {0}.', toS3Uri(place.bucket, made.key)));
  }

  private async createBucketCommand(first: unknown): Promise<void> {
    let entry = first instanceof ConnectionNode ? first.entry : undefined;
    if (!entry) {
      const all = this.d.registry.model.connections;
      if (!all.length) throw new UserFacingError(vscode.l10n.t('No connections are registered yet; add one first.'));
      entry = await pickConnectionEntry(this.prompter, 'bucket.create.connection', vscode.l10n.t('Create a bucket on which connection?'), all);
      if (!entry) return;
    }
    if (!mayConnect(this.d.registry.model, entry.source)) {
      throw new UserFacingError(
        vscode.l10n.t('This workspace is not trusted, and the connection comes from its registry file. Trust the workspace to use it.'),
      );
    }
    const conn = entry.connection;
    const title = vscode.l10n.t('Create a bucket on {0}', conn.label);
    const name = await this.prompter.input({
      id: 'bucket.create.name',
      title,
      step: 1,
      totalSteps: 2,
      prompt: vscode.l10n.t('Bucket name: 3–63 lowercase letters, digits, "-" or "."; on AWS it must be unique across all accounts'),
      validate: (v) => checkNewBucketName(v.trim(), conn),
    });
    if (name === undefined || name === BACK) return;
    const OTHER = Symbol('other');
    const picked = await this.prompter.pick<string | typeof OTHER>({
      id: 'bucket.create.region',
      title,
      step: 2,
      totalSteps: 2,
      placeholder: vscode.l10n.t('Region of the new bucket'),
      items: [
        { label: conn.region, description: vscode.l10n.t("the connection's region"), value: conn.region, picked: true },
        { label: vscode.l10n.t('Other Region…'), value: OTHER },
      ],
    });
    if (picked === undefined || picked === BACK) return;
    let region = picked === OTHER ? undefined : picked;
    if (region === undefined) {
      const typed = await this.prompter.input({
        id: 'bucket.create.otherRegion',
        title,
        prompt: vscode.l10n.t('Region, e.g. eu-central-1'),
        validate: (v) => checkRegion(v.trim()),
      });
      if (typed === undefined || typed === BACK) return;
      region = typed.trim();
    }
    if (conn.kind === 'aws' && region !== conn.region) {
      throw new UserFacingError(
        vscode.l10n.t(
          'Connection "{0}" sends requests to {1}, and S3 creates a bucket only in the region of the endpoint that receives the request. Add a connection for {2} to create the bucket there.',
          conn.label,
          conn.region,
          region,
        ),
      );
    }
    const bucket = name.trim();
    const client = await this.client(entry);
    const made = await createBucket(client, bucket, region, { retry: INTERACTIVE_RETRY });
    if (!made.created) {
      throw new UserFacingError(
        made.reason === 'yours'
          ? vscode.l10n.t('Bucket "{0}" already exists on {1} and is yours; nothing was created.', bucket, conn.label)
          : vscode.l10n.t('The name "{0}" is taken by another owner (bucket names are shared by everyone on the store); choose another.', bucket),
      );
    }
    this.d.log.info(`Created bucket ${bucket} in ${region} on ${conn.label}`);
    this.d.explorer.refreshConnection(entry.key);
    void this.prompter.info(vscode.l10n.t('Created bucket "{0}" in {1} on {2}.', bucket, region, conn.label));
  }

  // ---- Cut, Copy, Paste, Rename, drag to move ----

  private async toClipboard(mode: 'copy' | 'cut', first: unknown, second: unknown): Promise<void> {
    const sel = this.selection(first, second, mode === 'copy' ? vscode.l10n.t('copy') : vscode.l10n.t('cut'));
    this.clipboard = { ...sel, mode };
    await vscode.commands.executeCommand('setContext', OBJECT_CLIPBOARD_CONTEXT, mode);
    const what = itemCount(sel.sources.length);
    void vscode.window.setStatusBarMessage(
      mode === 'copy'
        ? vscode.l10n.t('Copied {0}: paste into a folder to copy them there', what)
        : vscode.l10n.t('Cut {0}: paste into a folder to move them there', what),
      5000,
    );
  }

  private async pasteCommand(first: unknown, second: unknown): Promise<void> {
    const clip = this.clipboard;
    if (!clip) throw new UserFacingError(vscode.l10n.t('Nothing to paste: Copy or Cut objects or folders in the Media Storage view first.'));
    const [node] = this.nodesOf(first, second);
    const place = this.placeOf(node);
    if (!place) throw new UserFacingError(vscode.l10n.t('Select the input, output, bucket or folder to paste into.'));
    const entries = clip.sources.map((source) => ({ source, destRoot: destinationRoot(source, place.prefix) }));
    const done = await this.transfer(clip.mode === 'cut' ? 'move' : 'copy', clip, place, entries);
    // What was cut is moved once; a copy can be pasted again.
    if (done && clip.mode === 'cut') {
      this.clipboard = undefined;
      await vscode.commands.executeCommand('setContext', OBJECT_CLIPBOARD_CONTEXT, undefined);
    }
  }

  private async renameCommand(first: unknown, second: unknown): Promise<void> {
    const sel = this.selection(first, second, vscode.l10n.t('rename'));
    const [source] = sel.sources;
    if (!source || sel.sources.length !== 1) throw new UserFacingError(vscode.l10n.t('Select one object or folder to rename.'));
    const from = sourceKey(source);
    const parent = parentPrefix(from);
    const kind = source.kind === 'object' ? 'object' : 'folder';
    const name = await this.prompter.input({
      id: 'rename.name',
      title: vscode.l10n.t('Rename {0}', toS3Uri(sel.bucket, from)),
      prompt:
        kind === 'object'
          ? vscode.l10n.t('New name in {0} (S3 renames by copying and deleting the original)', toS3Uri(sel.bucket, parent))
          : vscode.l10n.t('New folder name in {0} (every object in it is copied and the original deleted)', toS3Uri(sel.bucket, parent)),
      value: baseName(from),
      // The box opens on the current name: an error there would hide the prompt before anything
      // was typed. Accepting it unchanged renames nothing.
      validate: (v) => (v === baseName(from) ? undefined : checkNameSegment(v, parent, kind)),
    });
    if (name === undefined || name === BACK || name === baseName(from)) return;
    const destRoot = kind === 'object' ? parent + name : `${parent}${name}/`;
    await this.transfer('move', sel, { connection: sel.connection, bucket: sel.bucket, prefix: parent }, [{ source, destRoot }], true);
  }

  /** Drag-to-move inside the tree: the dragged objects and folders go into the drop target's folder, after a confirmation. */
  async moveByDrop(nodes: readonly TreeNode[], target: TreeNode | undefined): Promise<void> {
    try {
      const place = this.placeOf(target);
      if (!place) throw new UserFacingError(vscode.l10n.t('Drop onto an input, output, bucket or folder to move there.'));
      const sel = this.selection(undefined, [...nodes], vscode.l10n.t('move'));
      const entries = sel.sources.map((source) => ({ source, destRoot: destinationRoot(source, place.prefix) }));
      if (sel.connection.key === place.connection.key && sel.bucket === place.bucket && entries.every((e) => sourceKey(e.source) === e.destRoot)) return;
      const ok = await this.prompter.confirm({
        id: 'move.confirm',
        message: vscode.l10n.t('Move {0} to {1}?', someOf(sel.sources.map((s) => baseName(sourceKey(s)))), placeUri(place)),
        detail: vscode.l10n.t('Each object is copied, checked, and only then deleted from {0}.', toS3Uri(sel.bucket, commonFolder(sel.sources))),
        confirmLabel: vscode.l10n.t('Move'),
      });
      if (!ok) return;
      await this.transfer('move', sel, place, entries);
    } catch (err) {
      this.d.errors.report(err, vscode.l10n.t('Move'));
    }
  }

  /**
   * Copies or moves `entries` from the selection's bucket to the place's: plan (with progress),
   * one question about existing destination objects, the copy (with progress and Cancel), the
   * report, and a refresh of both ends. False when nothing was done (refused or declined).
   */
  private async transfer(
    mode: 'copy' | 'move',
    sel: Selection,
    place: Place,
    entries: { source: CopySource; destRoot: string }[],
    rename = false,
  ): Promise<boolean> {
    const sameStore = sel.connection.key === place.connection.key;
    if (sameStore && sel.bucket === place.bucket) {
      for (const e of entries) {
        const problem = checkSameBucketTarget(e.source, e.destRoot);
        if (problem) throw new UserFacingError(problem);
      }
    }
    const [srcClient, dstClient] = await Promise.all([this.client(sel.connection), this.client(place.connection)]);
    const src = { client: srcClient, bucket: sel.bucket };
    const dst = { client: dstClient, bucket: place.bucket };
    const to = placeUri(place);
    const plan = await withOperationProgress(
      this.prompter,
      `${mode}.list`,
      mode === 'copy' ? vscode.l10n.t('Listing what to copy') : vscode.l10n.t('Listing what to move'),
      (report, signal) => planCopy(src, dst, entries, { signal, onListed: (n) => report(vscode.l10n.t('{0} found', objectCount(n))) }),
    );
    if (plan.missing.length) {
      this.d.log.warn(`No longer there, so not ${mode === 'copy' ? 'copied' : 'moved'}: ${plan.missing.map((k) => toS3Uri(sel.bucket, k)).join(', ')}`);
    }
    if (plan.items.length === 0) {
      const empty = someOf(entries.map((e) => toS3Uri(sel.bucket, sourceKey(e.source))));
      void this.prompter.info(
        mode === 'copy' ? vscode.l10n.t('Nothing to copy: {0} holds no objects.', empty) : vscode.l10n.t('Nothing to move: {0} holds no objects.', empty),
      );
      return false;
    }
    let existing: 'overwrite' | 'skip' = 'skip';
    if (plan.existing.length) {
      const answer = await this.askExisting(plan, to);
      if (answer === 'cancel') return false;
      existing = answer;
    }
    const [only] = entries;
    const renamed = rename && only ? { from: toS3Uri(sel.bucket, sourceKey(only.source)), to: baseName(only.destRoot) } : undefined;
    const title = renamed
      ? vscode.l10n.t('Renaming {0} to {1}', renamed.from, renamed.to)
      : mode === 'copy'
        ? vscode.l10n.t('Copying to {0}', to)
        : vscode.l10n.t('Moving to {0}', to);
    this.d.log.info(
      `${mode === 'copy' ? 'Copy' : 'Move'} of ${plural(plan.items.length, 'object')} (${formatBytes(plan.totalBytes)}) from ${toS3Uri(sel.bucket, commonFolder(sel.sources))} on ${sel.connection.connection.label} to ${to} on ${place.connection.connection.label}${sameStore ? '' : ' (through this machine)'}`,
    );
    const started = Date.now();
    const result = await withOperationProgress(this.prompter, mode, title, (report, signal) =>
      copyObjects(src, dst, plan, {
        mode,
        sameStore,
        existing,
        ...this.copySettings(),
        signal,
        onProgress: (p) => report(copyProgressText(p), p.bytesTotal > 0 ? (100 * p.bytesDone) / p.bytesTotal : (100 * p.filesDone) / Math.max(1, p.filesTotal)),
      }),
    );
    this.refresh(
      sel.connection,
      sel.bucket,
      mode === 'move' ? [...sel.sources.map(sourceKey), ...result.outcomes.filter((o) => o.sourceDeleted).map((o) => o.sourceKey)] : [],
    );
    this.refresh(
      place.connection,
      place.bucket,
      result.outcomes.filter((o) => o.copied).map((o) => o.destKey),
    );
    this.reportCopy(result, sel, to, Date.now() - started, renamed);
    return true;
  }

  private async askExisting(plan: CopyPlan, to: string): Promise<'overwrite' | 'skip' | 'cancel'> {
    const n = plan.existing.length;
    const answer = await this.prompter.pick<'overwrite' | 'skip' | 'cancel'>({
      id: 'copy.existing',
      title: n === 1 ? vscode.l10n.t('{0} object already exists in {1}', n, to) : vscode.l10n.t('{0} objects already exist in {1}', n, to),
      placeholder: vscode.l10n.t('Already there: {0}. Replace?', someOf(plan.existing)),
      items: [
        { label: vscode.l10n.t('Skip Existing'), description: vscode.l10n.t('leave them as they are'), value: 'skip', picked: true },
        {
          label: vscode.l10n.t('Overwrite'),
          description: n === 1 ? vscode.l10n.t('replace {0} object', n) : vscode.l10n.t('replace {0} objects', n),
          value: 'overwrite',
        },
        { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('change nothing'), value: 'cancel' },
      ],
    });
    // Dismissing the question is not consent to replace anything.
    return answer === 'overwrite' || answer === 'skip' ? answer : 'cancel';
  }

  private reportCopy(r: CopyResult, sel: Selection, to: string, elapsedMs: number, renamed?: { from: string; to: string }): void {
    const log = this.d.log;
    const from = `s3://${sel.bucket}/`;
    const count = (f: (o: CopyOutcome) => boolean): CopyOutcome[] => r.outcomes.filter(f);
    const done = count((o) => o.status === 'done');
    const skipped = count((o) => o.status === 'skipped');
    const notDone = count((o) => o.status !== 'done' && o.status !== 'skipped');
    const bytes = done.reduce((sum, o) => sum + o.size, 0);
    const verb = r.mode === 'copy' ? 'copied' : 'moved';
    log.info(
      `${r.mode === 'copy' ? 'Copy' : 'Move'} to ${to} finished in ${formatDuration(elapsedMs / 1000)}: ${done.length} ${verb} (${formatBytes(bytes)}), ${skipped.length} skipped, ${notDone.length} not ${verb}`,
    );
    for (const o of r.outcomes) {
      if (o.fallback) log.info(`${from}${o.sourceKey}: ${o.fallback}`);
      if (o.incompleteUpload) {
        log.warn(
          o.incompleteUpload.outcome === 'unverifiable'
            ? `${to}${o.destKey}: this store can't abort or list multipart uploads, so parts of the unfinished copy (upload ${o.incompleteUpload.uploadId}) may remain.`
            : `${to}${o.destKey}: the unfinished copy's multipart upload ${o.incompleteUpload.uploadId} could not be aborted; its parts are billed until it is (see the bucket's Incomplete Uploads).`,
        );
      }
      if (o.status === 'done' || o.status === 'skipped' || o.status === 'not-started') continue;
      log.block(
        `${from}${o.sourceKey} → ${o.destKey}: ${outcomeText(o, r.mode)}.${o.error ? `\n${renderBlock(decodeError(o.error))}` : ''}`,
        o.status === 'failed' ? 'error' : 'warn',
      );
    }
    const n = r.outcomes.length;
    if (notDone.length === 0 && renamed && done.length > 0 && skipped.length === 0) {
      void this.prompter.info(
        done.length === 1
          ? vscode.l10n.t('Renamed {0} to {1}.', renamed.from, renamed.to)
          : vscode.l10n.t('Renamed {0} to {1} ({2}, {3}).', renamed.from, renamed.to, objectCount(done.length), formatBytes(bytes)),
      );
      return;
    }
    if (notDone.length === 0) {
      const text =
        r.mode === 'copy'
          ? vscode.l10n.t('Copied {0} ({1}) to {2}.', objectCount(done.length), formatBytes(bytes), to)
          : vscode.l10n.t('Moved {0} ({1}) to {2}.', objectCount(done.length), formatBytes(bytes), to);
      void this.prompter.info(
        skipped.length === 0
          ? text
          : `${text} ${
              r.mode === 'copy'
                ? skipped.length === 1
                  ? vscode.l10n.t('{0} object already there was left as it was.', skipped.length)
                  : vscode.l10n.t('{0} objects already there were left as they were.', skipped.length)
                : skipped.length === 1
                  ? vscode.l10n.t('{0} object already there was left as it was, and its source stays.', skipped.length)
                  : vscode.l10n.t('{0} objects already there were left as they were, and their sources stay.', skipped.length)
            }`,
      );
      return;
    }
    const parts = [
      r.wasCancelled
        ? r.mode === 'copy'
          ? vscode.l10n.t('Copy to {0} cancelled: {1} of {2} copied.', to, done.length, objectCount(n))
          : vscode.l10n.t('Move to {0} cancelled: {1} of {2} moved.', to, done.length, objectCount(n))
        : r.mode === 'copy'
          ? vscode.l10n.t('Copied {0} of {1} to {2}.', done.length, objectCount(n), to)
          : vscode.l10n.t('Moved {0} of {1} to {2}.', done.length, objectCount(n), to),
    ];
    const failed = count((o) => o.status === 'failed');
    const [first] = failed;
    if (first) {
      parts.push(
        vscode.l10n.t(
          '{0} failed ({1}: {2}).',
          objectCount(failed.length),
          first.sourceKey,
          first.stage === 'copy' && first.error ? summaryLine(decodeError(first.error)) : outcomeText(first, r.mode),
        ),
      );
    }
    if (r.mode === 'move') {
      const kept = notDone.filter((o) => !o.sourceDeleted);
      const copiedKept = kept.filter((o) => o.copied);
      if (kept.length) parts.push(vscode.l10n.t('{0} still at {1}.', sourceCount(kept.length), from));
      if (copiedKept.length) parts.push(vscode.l10n.t('{0} of them also copied to {1}.', copiedKept.length, to));
    }
    const landing = notDone.filter((o) => o.mayStillLand);
    if (landing.length) {
      parts.push(
        vscode.l10n.t('{0} may still appear at the destination: the store was still copying when the copy was cancelled.', objectCount(landing.length)),
      );
    }
    void this.d.errors.notifyWithLog('warn', parts.join(' '));
  }

  // ---- Properties, Edit Metadata ----

  private objectOf(first: unknown, second: unknown, what: string): ObjectNode {
    const nodes = this.nodesOf(first, second);
    const [node] = nodes;
    if (nodes.length !== 1 || !(node instanceof ObjectNode)) {
      throw new UserFacingError(vscode.l10n.t('Select one object in the Media Storage view to {0}.', what));
    }
    if (!node.connection) throw new UserFacingError(vscode.l10n.t('{0} has no known connection.', toS3Uri(node.bucket, node.entry.key)));
    this.checkTrusted(node.connection, node.owner);
    return node;
  }

  private async read(node: ObjectNode): Promise<{ client: S3Client; props: ObjectProperties; connection: ConnectionEntry }> {
    const connection = node.connection as ConnectionEntry;
    const client = await this.client(connection);
    const props = await readProperties(client, node.bucket, node.entry.key, { retry: INTERACTIVE_RETRY });
    if (!props) {
      this.refresh(connection, node.bucket, [node.entry.key]);
      throw new UserFacingError(vscode.l10n.t('{0} is no longer there.', toS3Uri(node.bucket, node.entry.key)));
    }
    return { client, props, connection };
  }

  private async propertiesCommand(first: unknown, second: unknown): Promise<void> {
    const node = this.objectOf(first, second, vscode.l10n.t('show its properties'));
    const { props, connection } = await this.read(node);
    await this.properties.show(connection.key, connection.connection.label, props);
  }

  private async editMetadataCommand(first: unknown, second: unknown): Promise<void> {
    const node = this.objectOf(first, second, vscode.l10n.t('edit its metadata'));
    const { client, props, connection } = await this.read(node);
    const where = toS3Uri(props.bucket, props.key);
    const changes = await this.askMetadataChanges(props, where);
    if (!changes) return;
    const result = await withOperationProgress(this.prompter, 'metadata.save', vscode.l10n.t('Saving the metadata of {0}', where), (_report, signal) =>
      editMetadata(client, props.bucket, props.key, changes, { expectedEtag: props.etag, ...this.copySettings(), signal }),
    );
    this.d.log.info(`Metadata of ${where} rewritten (${result.method}): ${result.changed.join(', ')}`);
    this.properties.update(connection.key, connection.connection.label, result.after);
    this.refresh(connection, props.bucket, [props.key]);
    const shown = result.changed.map((name) => `${name}: ${valueOf(result.after, name) ?? vscode.l10n.t('(removed)')}`);
    void this.prompter.info(vscode.l10n.t('Saved the metadata of {0}: {1}.', where, shown.join('; ')));
  }

  /** A picker of fields, an input per field, until Save (the changes) or a dismissal (undefined: nothing is written). */
  private async askMetadataChanges(props: ObjectProperties, where: string): Promise<MetadataChanges | undefined> {
    const headers: Partial<Record<HeaderField, string | null>> = {};
    const metadata: Record<string, string | null> = {};
    type Field = { kind: 'save' } | { kind: 'header'; field: HeaderField } | { kind: 'meta'; name: string } | { kind: 'add' };
    const asField = (f: Field): Field => f;
    const title = vscode.l10n.t('Edit Metadata of {0}', where);
    const show = (v: string | null | undefined): string => (v === null || v === undefined ? vscode.l10n.t('(not set)') : v);
    for (;;) {
      const pending = [...Object.keys(headers).map((f) => HEADER_NAMES[f as HeaderField]), ...Object.keys(metadata).map((n) => `x-amz-meta-${n}`)];
      const metaNames = [...new Set([...Object.keys(props.metadata), ...Object.keys(metadata)])].sort();
      const picked = await this.prompter.pick<Field>({
        id: 'metadata.field',
        title,
        placeholder: pending.length
          ? vscode.l10n.t('Change another field, or Save Changes ({0})', pending.join(', '))
          : vscode.l10n.t('Which field? Everything you leave alone is kept as it is.'),
        items: [
          ...(pending.length ? [{ label: vscode.l10n.t('Save Changes'), description: pending.join(', '), value: asField({ kind: 'save' }) }] : []),
          ...HEADER_FIELDS.map((field) => ({
            label: HEADER_NAMES[field],
            description: show(field in headers ? headers[field] : props[field]),
            detail: field in headers ? vscode.l10n.t('changed; was {0}', show(props[field])) : undefined,
            value: asField({ kind: 'header', field }),
          })),
          ...metaNames.map((name) => ({
            label: `x-amz-meta-${name}`,
            description: show(name in metadata ? metadata[name] : props.metadata[name]),
            detail: name in metadata ? vscode.l10n.t('changed; was {0}', show(props.metadata[name])) : undefined,
            value: asField({ kind: 'meta', name }),
          })),
          { label: vscode.l10n.t('Add User Metadata…'), description: 'x-amz-meta-…', value: asField({ kind: 'add' }) },
        ],
      });
      if (picked === undefined || picked === BACK) return undefined;
      if (picked.kind === 'save') return { headers, metadata };
      if (picked.kind === 'header') {
        const current = picked.field in headers ? headers[picked.field] : props[picked.field];
        const value =
          picked.field === 'contentType'
            ? await this.askContentType(props.key, current ?? undefined, title)
            : await this.askValue(HEADER_NAMES[picked.field], current ?? undefined, title, picked.field);
        if (value === undefined) continue;
        setChange(headers, picked.field, value, props[picked.field]);
      } else if (picked.kind === 'meta') {
        const current = picked.name in metadata ? metadata[picked.name] : props.metadata[picked.name];
        const value = await this.askValue(`x-amz-meta-${picked.name}`, current ?? undefined, title);
        if (value === undefined) continue;
        setChange(metadata, picked.name, value, props.metadata[picked.name]);
      } else {
        const name = await this.prompter.input({
          id: 'metadata.name',
          title,
          prompt: vscode.l10n.t('Name of the user metadata (sent as x-amz-meta-<name>)'),
          validate: (v) =>
            checkMetadataName(v) ??
            (metadataName(v) in props.metadata || metadataName(v) in metadata
              ? vscode.l10n.t('It exists already: pick it in the list to change it.')
              : undefined),
        });
        if (name === undefined || name === BACK) continue;
        const value = await this.askValue(`x-amz-meta-${metadataName(name)}`, undefined, title);
        if (value === undefined || value === null) continue;
        metadata[metadataName(name)] = value;
      }
    }
  }

  /** A header's new value: text, null to remove it, undefined when dismissed. */
  private async askValue(name: string, current: string | undefined, title: string, field?: HeaderField): Promise<string | null | undefined> {
    const value = await this.prompter.input({
      id: 'metadata.value',
      title,
      prompt: vscode.l10n.t('{0} (empty removes it)', name),
      value: current ?? '',
      validate: (v) =>
        checkHeaderValue(v) ??
        (field === 'expires' && v.trim() && Number.isNaN(Date.parse(v)) ? vscode.l10n.t('Enter a date such as Wed, 21 Oct 2026 07:28:00 GMT.') : undefined),
    });
    if (value === undefined || value === BACK) return undefined;
    return value.trim() === '' ? null : value.trim();
  }

  /** Content-Type from a list: the type the object's name suggests, the current one, the usual media types, or any other. */
  private async askContentType(key: string, current: string | undefined, title: string): Promise<string | null | undefined> {
    const suggested = contentTypeFor(key);
    const common = [
      'application/vnd.apple.mpegurl',
      'application/dash+xml',
      'video/mp4',
      'video/mp2t',
      'video/iso.segment',
      'audio/mp4',
      'text/vtt',
      'image/jpeg',
      'application/octet-stream',
    ];
    const OTHER = '\u0000other';
    const REMOVE = '\u0000remove';
    const seen = new Set<string>();
    const items: { label: string; description?: string; value: string; picked?: boolean }[] = [];
    const add = (type: string, description?: string): void => {
      if (seen.has(type)) return;
      seen.add(type);
      items.push({ label: type, value: type, ...(description ? { description } : {}), ...(type === suggested ? { picked: true } : {}) });
    };
    add(suggested, vscode.l10n.t('from the name {0}', baseName(key)));
    if (current) add(current, vscode.l10n.t('current'));
    for (const t of common) add(t);
    items.push({ label: vscode.l10n.t('Other…'), value: OTHER }, { label: vscode.l10n.t('Remove Content-Type'), value: REMOVE });
    const picked = await this.prompter.pick<string>({
      id: 'metadata.contentType',
      title,
      placeholder: vscode.l10n.t('Content-Type (now {0})', current ?? vscode.l10n.t('not set')),
      items,
    });
    if (picked === undefined || picked === BACK) return undefined;
    if (picked === REMOVE) return null;
    if (picked !== OTHER) return picked;
    return this.askValue('Content-Type', current, title);
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.properties.dispose();
  }
}

/** Records a change, or forgets it when the value is the original again. */
function setChange<K extends string>(changes: Partial<Record<K, string | null>>, name: K, value: string | null, original: string | undefined): void {
  if ((value ?? undefined) === original) delete changes[name];
  else changes[name] = value;
}

function valueOf(p: ObjectProperties, name: string): string | undefined {
  if (name.startsWith('x-amz-meta-')) return p.metadata[name.slice('x-amz-meta-'.length)];
  const field = HEADER_FIELDS.find((f) => HEADER_NAMES[f] === name);
  return field ? p[field] : undefined;
}

/** The folder all sources share ("" for the bucket root). */
function commonFolder(sources: readonly CopySource[]): string {
  const parents = sources.map((s) => parentPrefix(sourceKey(s)));
  return parents.reduce((common, p) => {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    return common.slice(0, common.slice(0, i).lastIndexOf('/') + 1);
  }, parents[0] ?? '');
}

function versioningText(v: Versioning, bucket: string): string {
  switch (v) {
    case 'enabled':
      return vscode.l10n.t(
        'Versioning is on for {0}: S3 writes a delete marker for each object, and the data stays as earlier versions (billed until removed) that can be restored.',
        bucket,
      );
    case 'suspended':
      return vscode.l10n.t(
        'Versioning is suspended for {0}: S3 writes a delete marker for each object, which replaces its "null" version; versions kept from before stay.',
        bucket,
      );
    case 'unknown':
      return vscode.l10n.t('Whether {0} keeps versions could not be read (GetBucketVersioning was refused). Without versioning this cannot be undone.', bucket);
    case 'off':
      return vscode.l10n.t('{0} keeps no versions: this cannot be undone.', bucket);
  }
}

/** What happened to one object that was not simply done, for the log and the notification. */
function outcomeText(o: CopyOutcome, mode: 'copy' | 'move'): string {
  const kept = mode === 'move' && !o.sourceDeleted ? '; the source was kept' : '';
  switch (o.status) {
    case 'cancelled':
      return `cancelled${o.copied ? ' after the copy was made and verified' : o.mayStillLand ? ' while the store was copying; the copy may still appear' : '; nothing was written'}${kept}`;
    case 'failed':
      switch (o.stage) {
        case 'verify':
          return `written, but the copy could not be verified by size and ETag${kept}`;
        case 'source-changed':
          return `the source changed while it was copied${kept}`;
        case 'delete-source':
          return 'copied and verified, but the source could not be deleted; both exist';
        default:
          return `not copied${kept}`;
      }
    default:
      return o.status;
  }
}
