import * as vscode from 'vscode';

/**
 * The "Media Storage" tree. Empty until storage is registered, so that VS Code shows the
 * welcome view with the first steps instead of a blank panel.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(item?: vscode.TreeItem): void {
    this.changed.fire(item);
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
