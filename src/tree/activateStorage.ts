import * as vscode from 'vscode';
import { Commands, ViewIds } from '../commandIds';
import type { CommandRunner } from '../commands/runner';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import { ExplorerProvider } from './explorer';
import { goToUri } from './goToUri';
import type { TreeNode } from './nodes';
import type { Prompter, PrompterHolder } from '../ui/prompter';
import { ClientPool } from '../storage/clientPool';
import { CredentialConsent } from '../storage/credentialConsent';
import { CredentialStore } from '../storage/credentialStore';
import { PinnedBuckets } from '../storage/pinnedBuckets';
import { RegistryDiagnostics } from '../storage/registryDiagnostics';
import { RegistryWriter } from '../storage/registryWriter';
import { ObjectCommands } from './objectCommands';
import { registerStorageCommands } from './storageCommands';
import { StorageRegistry } from '../storage/storageModel';

/** What the storage part adds to the extension's API (see MediaStorageApi). */
export interface StorageApi {
  readonly explorer: ExplorerProvider;
  readonly credentials: CredentialStore;
  /** what workspace connections were allowed to use the user's own credentials */
  readonly consent: CredentialConsent;
  readonly registry: StorageRegistry;
  /** the pool as user actions use it: `get(entry)` may ask for consent (see ClientPool) */
  readonly clients: ClientPool;
  /** the prompter every command asks through */
  readonly prompts: PrompterHolder;
  /** installs a scripted prompter (tests); undefined restores the real one */
  setPrompter(prompter: Prompter | undefined): void;
  /** delete, copy, move, rename and metadata of objects; drag-to-move in the tree goes through it */
  readonly objects: ObjectCommands;
  /** buckets opened by name on a connection that does not list them */
  readonly pinned: PinnedBuckets;
}

/** What the whole extension shares: the log, the error path, the UI port and the command runner. */
export interface SharedServices {
  log: Logger;
  errors: ErrorReporter;
  prompts: PrompterHolder;
  commands: CommandRunner;
}

export async function activateStorage(context: vscode.ExtensionContext, { log, errors, prompts, commands }: SharedServices): Promise<StorageApi> {
  const registry = new StorageRegistry(log);
  const credentials = new CredentialStore(context.secrets, log, (id) => registry.model.connections.filter((c) => c.connection.id === id));
  const consent = new CredentialConsent(context.workspaceState, prompts, log);
  const pool = ClientPool.create(credentials, consent, log);
  // Everything handed out below runs on a user's action (the tree, commands, transfers) and
  // calls get(entry) without saying so; the one background caller (validation hints) says so.
  const clients = pool.forUserActions();
  const pinned = new PinnedBuckets(context.globalState);
  const explorer = new ExplorerProvider(registry, clients, pinned, log);
  const writer = new RegistryWriter();
  const objects = new ObjectCommands({ registry, explorer, clients, prompts, log, errors, commands });
  context.subscriptions.push(
    objects,
    registry,
    credentials,
    consent,
    pool,
    explorer,
    // Keys set anywhere (a command, a quick fix, another window) or consents forgotten change
    // what the tree can list.
    credentials.onDidChange(() => explorer.refresh()),
    consent.onDidReset(() => explorer.refresh()),
    new RegistryDiagnostics(registry, credentials, prompts, log, commands),
    ...registerStorageCommands({ registry, writer, explorer, clients, credentials, consent, pinned, prompts, log, errors, commands }),
  );
  // Read in the background: the tree's first getChildren awaits `registry.ready`.
  registry.ready.then(undefined, (err: unknown) => log.error(err instanceof Error ? err : String(err)));
  return { explorer, credentials, consent, registry, clients, prompts, setPrompter: (p) => prompts.set(p), objects, pinned };
}

/**
 * The one tree view, made once everything it needs exists: its data, the controller that uploads
 * what is dropped on it and moves what is dragged inside it (src/transfer/dragAndDrop.ts), and
 * the selection the object commands' keybindings act on.
 */
export function createExplorerView(
  context: vscode.ExtensionContext,
  { explorer, registry, objects, pinned, prompts }: Pick<StorageApi, 'explorer' | 'registry' | 'objects' | 'pinned' | 'prompts'>,
  dragAndDropController: vscode.TreeDragAndDropController<TreeNode>,
  commands: CommandRunner,
): vscode.TreeView<TreeNode> {
  const view = vscode.window.createTreeView(ViewIds.explorer, {
    treeDataProvider: explorer,
    showCollapseAll: true,
    dragAndDropController,
    canSelectMany: true,
  });
  objects.attachView(view);
  context.subscriptions.push(commands.register(Commands.goToUri, (arg) => goToUri({ view, explorer, registry, pinned, prompts }, arg)));
  const updateMessage = (): void => {
    view.message = registry.model.trusted ? '' : vscode.l10n.t('Restricted mode: entries from this workspace’s registry are listed but not connected.');
  };
  context.subscriptions.push(view, registry.onDidChange(updateMessage));
  registry.ready.then(updateMessage, () => undefined);
  return view;
}
