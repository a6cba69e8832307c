import * as vscode from 'vscode';
import { ViewIds } from '../commandIds';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import { ExplorerProvider } from '../tree/explorer';
import type { TreeNode } from '../tree/nodes';
import { PrompterHolder, type Prompter } from '../ui/prompter';
import { ClientPool } from './clientPool';
import { CredentialConsent } from './credentialConsent';
import { CredentialStore } from './credentialStore';
import { PinnedBuckets } from './pinnedBuckets';
import { RegistryDiagnostics } from './registryDiagnostics';
import { RegistryWriter } from './registryWriter';
import { registerStorageCommands } from './storageCommands';
import { StorageRegistry } from './storageModel';

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
}

export async function activateStorage(
  context: vscode.ExtensionContext,
  log: Logger,
  errors: ErrorReporter,
  /** files dropped on the tree are uploaded (src/transfer/dragAndDrop.ts) */
  dragAndDropController?: vscode.TreeDragAndDropController<TreeNode>,
): Promise<StorageApi> {
  const registry = new StorageRegistry(log);
  const credentials = new CredentialStore(context.secrets, log, (id) => registry.model.connections.filter((c) => c.connection.id === id));
  const prompts = new PrompterHolder();
  const consent = new CredentialConsent(context.workspaceState, prompts, log);
  const pool = ClientPool.create(credentials, consent, log);
  // Everything handed out below runs on a user's action (the tree, commands, transfers) and
  // calls get(entry) without saying so; the one background caller (validation hints) says so.
  const clients = pool.forUserActions();
  const pinned = new PinnedBuckets(context.globalState);
  const explorer = new ExplorerProvider(registry, clients, pinned, log);
  const writer = new RegistryWriter();
  const view = vscode.window.createTreeView(ViewIds.explorer, { treeDataProvider: explorer, showCollapseAll: true, dragAndDropController, canSelectMany: true });
  const updateMessage = (): void => {
    view.message = registry.model.trusted ? undefined : 'Restricted mode: entries from this workspace’s registry are listed but not connected.';
  };
  context.subscriptions.push(
    registry,
    credentials,
    consent,
    pool,
    explorer,
    // Keys set anywhere (a command, a quick fix, another window) or consents forgotten change
    // what the tree can list.
    credentials.onDidChange(() => explorer.refresh()),
    consent.onDidReset(() => explorer.refresh()),
    view,
    registry.onDidChange(updateMessage),
    new RegistryDiagnostics(registry, credentials, prompts, log, errors),
    ...registerStorageCommands({ registry, writer, explorer, clients, credentials, consent, pinned, prompts, log, errors }),
  );
  // Read in the background: the tree's first getChildren awaits `registry.ready`.
  registry.ready.then(updateMessage, (err: unknown) => log.error(err instanceof Error ? err : String(err)));
  return { explorer, credentials, consent, registry, clients, prompts, setPrompter: (p) => prompts.set(p) };
}
