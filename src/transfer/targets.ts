import * as vscode from 'vscode';
import type { ResumeStore } from '../core/transfer/resumeStore';
import type { S3Client } from '@aws-sdk/client-s3';
import { normalizePrefix } from '../core/transfer/plan';
import { toS3Uri } from '../core/storage/s3url';
import type { ErrorReporter } from '../errors/errorReporter';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import type { ClientPool } from '../storage/clientPool';
import type { CredentialStore } from '../storage/credentialStore';
import { mayConnect, type ConnectionEntry, type LocationEntry, type StorageRegistry } from '../storage/storageModel';
import type { ExplorerProvider } from '../tree/explorer';
import type { ObjectCommands } from '../tree/objectCommands';
import { ListingNode, ObjectNode, type TreeNode } from '../tree/nodes';
import { BACK, type PrompterHolder } from '../ui/prompter';

/** What the transfer commands need from the rest of the extension. */
export interface TransferDeps {
  log: Logger;
  errors: ErrorReporter;
  registry: StorageRegistry;
  clients: ClientPool;
  credentials: CredentialStore;
  prompters: PrompterHolder;
  /** Multipart uploads in progress, kept for Resume across restarts (the extension's global storage). */
  resumeStore?: ResumeStore;
  /** redrawn after an upload so the new objects show */
  explorer?: ExplorerProvider;
  /** moves what is dragged inside the tree */
  objects?: ObjectCommands;
}

/** A folder-like place in a bucket: a location, a bucket root or a folder. */
export interface Place {
  connection: ConnectionEntry;
  bucket: string;
  /** "" or ending with "/" */
  prefix: string;
  /** the registered input/output this place is in, if any (its ACL, metadata and role apply) */
  location?: LocationEntry | undefined;
  /** the tree node it came from, to redraw after an upload */
  node?: ListingNode | undefined;
}

export interface ObjectPlace {
  connection: ConnectionEntry;
  bucket: string;
  key: string;
  size?: number | undefined;
  location?: LocationEntry | undefined;
}

// The transfer and validation modules throw it from here; the class lives with the error path.
export { UserFacingError };

export function placeUri(place: { bucket: string; prefix?: string; key?: string }): string {
  return toS3Uri(place.bucket, place.key ?? place.prefix ?? '');
}

/** The registered location that contains this key, preferring the longest prefix. */
export function locationContaining(deps: TransferDeps, connection: ConnectionEntry, bucket: string, key: string): LocationEntry | undefined {
  const model = deps.registry.model;
  return [...model.inputs, ...model.outputs]
    .filter((l) => l.connection?.key === connection.key && l.location.bucket === bucket && key.startsWith(normalizePrefix(l.location.prefix)))
    .sort((a, b) => normalizePrefix(b.location.prefix).length - normalizePrefix(a.location.prefix).length)[0];
}

function checkTrust(deps: TransferDeps, connection: ConnectionEntry, location?: LocationEntry): void {
  if (!mayConnect(deps.registry.model, connection.source, location?.source)) {
    throw new UserFacingError(
      vscode.l10n.t('This workspace is not trusted, and the storage entry comes from its registry file. Trust the workspace to use it.'),
    );
  }
}

export function placeFromNode(deps: TransferDeps, node: TreeNode): Place | undefined {
  const listing = node instanceof ObjectNode ? node.owner : node;
  if (!(listing instanceof ListingNode)) return undefined;
  const connection = listing.connection;
  if (!connection) {
    throw new UserFacingError(vscode.l10n.t('"{0}" names no known connection.', listing.location?.location.name ?? listing.bucket));
  }
  const prefix = normalizePrefix(listing.prefix);
  const location = listing.location ?? locationContaining(deps, connection, listing.bucket, prefix);
  checkTrust(deps, connection, location);
  return { connection, bucket: listing.bucket, prefix, location, node: listing };
}

export function objectFromNode(deps: TransferDeps, node: ObjectNode): ObjectPlace {
  const connection = node.connection;
  if (!connection) throw new UserFacingError(vscode.l10n.t('s3://{0}/{1} has no known connection.', node.bucket, node.entry.key));
  const location = node.owner.location ?? locationContaining(deps, connection, node.bucket, node.entry.key);
  checkTrust(deps, connection, location);
  return { connection, bucket: node.bucket, key: node.entry.key, size: node.entry.size, location };
}

export function placeFromLocation(deps: TransferDeps, location: LocationEntry): Place {
  if (!location.connection) {
    throw new UserFacingError(vscode.l10n.t('"{0}" names no known connection "{1}".', location.location.name, location.location.connection));
  }
  checkTrust(deps, location.connection, location);
  return { connection: location.connection, bucket: location.location.bucket, prefix: normalizePrefix(location.location.prefix), location };
}

/**
 * Asks for a registered input or output. `roles` orders the list (and limits it), so "presign
 * an upload to output X" offers outputs only.
 */
export async function pickLocation(
  deps: TransferDeps,
  opts: { id: string; placeholder: string; roles: Array<'input' | 'output'>; title?: string },
): Promise<Place | undefined> {
  const model = deps.registry.model;
  const entries = opts.roles.flatMap((r) => (r === 'input' ? model.inputs : model.outputs));
  if (entries.length === 0) {
    const [only] = opts.roles;
    throw new UserFacingError(
      opts.roles.length !== 1
        ? vscode.l10n.t('No inputs or outputs are registered yet: add one in the Media Storage view first.')
        : only === 'input'
          ? vscode.l10n.t('No inputs are registered yet: add one in the Media Storage view first.')
          : vscode.l10n.t('No outputs are registered yet: add one in the Media Storage view first.'),
    );
  }
  const picked = await deps.prompters.current.pick<LocationEntry>({
    id: opts.id,
    title: opts.title,
    placeholder: opts.placeholder,
    items: entries.map((e) => ({
      label: e.location.name,
      description: `${e.location.role} · ${toS3Uri(e.location.bucket, normalizePrefix(e.location.prefix))}`,
      detail: e.connection ? e.connection.connection.label : vscode.l10n.t('missing connection "{0}"', e.location.connection),
      value: e,
    })),
  });
  if (picked === undefined || picked === BACK) return undefined;
  return placeFromLocation(deps, picked);
}

/** Client errors (an unreadable profile) become decoded reports like any storage failure. */
export function clientFor(deps: TransferDeps, connection: ConnectionEntry): Promise<S3Client> {
  return deps.clients.get(connection);
}

/** Local files from a command's arguments: Explorer context menus pass (clicked, selection). */
export function localUris(first: unknown, second: unknown): vscode.Uri[] {
  if (Array.isArray(second) && second.every((u) => u instanceof vscode.Uri) && second.length > 0) return second;
  return first instanceof vscode.Uri ? [first] : [];
}

/** A path on the machine the extension runs on, or undefined for a URI that is not a local file. */
export function localPath(uri: vscode.Uri): string | undefined {
  // In a remote window (code-server, SSH) the Explorer's files are vscode-remote URIs whose path
  // is a path on this same machine, where the extension host runs.
  if (uri.scheme === 'file' || uri.scheme === 'vscode-remote') return uri.scheme === 'file' ? uri.fsPath : vscode.Uri.file(uri.path).fsPath;
  return undefined;
}

/** Tree nodes from a command's arguments: tree context menus pass (clicked, selection). */
export function treeNodes(first: unknown, second: unknown): TreeNode[] {
  const all = Array.isArray(second) && second.length > 0 ? (second as unknown[]) : [first];
  return all.filter((n): n is TreeNode => n instanceof ListingNode || n instanceof ObjectNode);
}
