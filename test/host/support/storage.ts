// Helpers for the storage tree tests: a registry written into the fixture workspace for the
// duration of a test, and the tree read the way the view reads it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../src/tree/nodes';
import { workspaceFile, type TestApi } from './api';

export const REGISTRY = '.vscode/media-storage.json';

export async function writeRegistry(a: TestApi, registry: unknown): Promise<void> {
  await vscode.workspace.fs.createDirectory(workspaceFile('.vscode'));
  await vscode.workspace.fs.writeFile(workspaceFile(REGISTRY), new TextEncoder().encode(JSON.stringify(registry, null, 2) + '\n'));
  await a.registry.reload();
}

export async function readRegistryText(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(REGISTRY)));
}

export async function removeRegistry(a: TestApi): Promise<void> {
  // Editors of the file would keep it alive (and dirty) for the next test.
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith(REGISTRY)) await vscode.window.tabGroups.close(tab);
  }
  try {
    await vscode.workspace.fs.delete(workspaceFile(REGISTRY));
  } catch {
    // already gone
  }
  await a.registry.reload();
}

/**
 * The children the tests of listings look at: every bucket and location node also has an
 * "Incomplete Uploads" node first, which these leave out (transferResume.test.ts reads it with
 * allChildren), so that a listing reads as the objects and folders it holds.
 */
export async function children(a: TestApi, node?: TreeNode): Promise<TreeNode[]> {
  return (await allChildren(a, node)).filter((n) => n.kind !== 'incompleteGroup');
}

export async function allChildren(a: TestApi, node?: TreeNode): Promise<TreeNode[]> {
  return await a.explorer.getChildren(node);
}

export function label(a: TestApi, node: TreeNode): string {
  const l = a.explorer.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function description(a: TestApi, node: TreeNode): string {
  const d = a.explorer.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

export function tooltip(a: TestApi, node: TreeNode): string {
  const t = a.explorer.getTreeItem(node).tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

export function icon(a: TestApi, node: TreeNode): string {
  const i = a.explorer.getTreeItem(node).iconPath;
  return i instanceof vscode.ThemeIcon ? i.id : '';
}

export async function labels(a: TestApi, node?: TreeNode): Promise<string[]> {
  return (await children(a, node)).map((n) => label(a, n));
}

export async function child(a: TestApi, parent: TreeNode | undefined, name: string): Promise<TreeNode> {
  const kids = await children(a, parent);
  const found = kids.find((n) => label(a, n) === name);
  assert.ok(found, `no child "${name}"; children: ${kids.map((n) => label(a, n)).join(', ')}`);
  return found;
}

/** Walks labels from the root: path('Inputs', 'mezzanine'). */
export async function path(a: TestApi, ...names: string[]): Promise<TreeNode> {
  let node: TreeNode | undefined;
  for (const n of names) node = await child(a, node, n);
  assert.ok(node);
  return node;
}

/** The diagnostics of `uri` once `has` accepts them, or as they are after 5 s (the caller asserts). */
export async function diagnosticsOf(uri: vscode.Uri, has: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 100; i++) {
    const d = vscode.languages.getDiagnostics(uri);
    if (has(d)) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  return vscode.languages.getDiagnostics(uri);
}
