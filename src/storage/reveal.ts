import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { RegistrySection } from '../core/storage/registry';
import { SETTINGS_SECTION } from '../settingKeys';
import type { Prompter } from '../ui/prompter';
import { registryUri, type EntrySource } from './storageModel';

function findEntry(text: string, path: (string | number)[], field: string, key: string): JsonNode | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const array = root && findNodeAtLocation(root, path);
  return array?.children?.find((item) => item.children?.some((p) => p.children?.[0]?.value === field && p.children?.[1]?.value === key));
}

/** Opens the file an entry is written in, with the entry selected. */
export async function revealEntry(prompter: Prompter, source: EntrySource, section: RegistrySection, key: string): Promise<void> {
  const field = section === 'connections' ? 'id' : 'name';
  let editor: vscode.TextEditor | undefined;
  let path: (string | number)[];
  if (source.kind === 'workspace') {
    const doc = await vscode.workspace.openTextDocument(registryUri(source.folder));
    editor = await vscode.window.showTextDocument(doc);
    path = [section];
  } else {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    editor = vscode.window.activeTextEditor;
    path = [`${SETTINGS_SECTION}.${section}`];
  }
  if (!editor) return;
  const node = findEntry(editor.document.getText(), path, field, key);
  if (node) {
    const range = new vscode.Range(editor.document.positionAt(node.offset), editor.document.positionAt(node.offset + node.length));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } else {
    void prompter.warn(`"${key}" was not found in ${vscode.workspace.asRelativePath(editor.document.uri)}; it may have been edited since.`);
  }
}
