import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClientPool } from '../../../src/storage/clientPool';
import type { CredentialStore } from '../../../src/storage/credentialStore';
import type { StorageRegistry } from '../../../src/storage/storageModel';
import type { ExplorerProvider } from '../../../src/tree/explorer';
import type { TreeNode } from '../../../src/tree/nodes';
import type { Prompter } from '../../../src/ui/prompter';
import { EXTENSION_ID } from '../../../src/commandIds';

export { EXTENSION_ID };

/** The extension's exported API (see src/extension.ts), as far as the tests use it. */
export interface TestApi {
  /** `revealCount` grows each time the log channel is revealed */
  logger: { recent: readonly string[]; readonly revealCount: number; readonly written: number; since(mark: number): readonly string[] };
  /** the command runner every command is registered through */
  commands: { readonly registered: readonly string[]; register(id: string, handler: (...args: unknown[]) => void | Promise<void>): vscode.Disposable };
  /** the tree's data provider: getChildren/getTreeItem as the view calls them */
  explorer: ExplorerProvider;
  /** access keys per connection id, in SecretStorage */
  credentials: CredentialStore;
  /** one S3 client per connection; `network` is what the settings make of timeouts and proxy */
  clients: ClientPool;
  /** the merged workspace registry files and user settings; reload() re-reads them */
  registry: StorageRegistry;
  /** installs a scripted prompter (see support/scriptedPrompter.ts); undefined restores the real one */
  setPrompter(prompter: Prompter | undefined): void;
  /** buckets opened by name */
  pinned: { remove(connectionKey: string, bucket: string): Promise<void> };
  /** the tree view itself: what is selected in it */
  view: vscode.TreeView<TreeNode>;
}

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  // Not named `exports`: in the CommonJS output that would shadow the module's own exports
  // object, which the compiled reference to EXTENSION_ID above goes through.
  const exported = await ext.activate();
  assert.ok(exported, 'the extension failed to activate (no API returned)');
  // Activation reads the registry in the background; tests start from the loaded state.
  await exported.registry.ready;
  return exported;
}

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Log entries written after `mark` (an index into `recent`). */
export function logSince(a: TestApi, mark: number): string {
  // A mark is a count of entries ever written (logger.written): the ring of recent entries is
  // capped, so an index into it would point past the end once the cap is reached.
  return a.logger.since(mark).join('\n');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `ok` every 20 ms (often enough for the timeout tests' bounds) until it holds, or fails after `ms`. */
export async function waitFor(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`still not true after ${ms} ms: ${what}`);
    await sleep(20);
  }
}
