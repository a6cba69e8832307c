import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'media-storage-workbench.media-storage-workbench';

/** The extension's exported API (see src/extension.ts), as far as the tests use it. */
export interface TestApi {
  logger: { recent: readonly string[] };
}

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const exports = await ext.activate();
  assert.ok(exports, 'the extension failed to activate (no API returned)');
  return exports;
}

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Log entries written after `mark` (an index into `recent`). */
export function logSince(a: TestApi, mark: number): string {
  return a.logger.recent.slice(mark).join('\n');
}
