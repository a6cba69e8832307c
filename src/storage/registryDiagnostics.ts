import { applyEdits, findNodeAtOffset, getNodePath, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { parseRegistry, REGISTRY_PATH, type RegistryDiagnostic } from '../core/storage/registry';
import type { ErrorReporter } from '../errors/errorReporter';
import type { Logger } from '../logger';
import { BACK, type PrompterHolder } from '../ui/prompter';
import type { CredentialStore } from './credentialStore';
import type { StorageRegistry } from './storageModel';

const SECRET_CODE = 'secret-in-registry';

export function isRegistryUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${REGISTRY_PATH}`);
}

/**
 * Problems of `.vscode/media-storage.json` in the Problems view, live while the file is edited,
 * and the quick fix that takes a pasted secret out of the file and into the secret store.
 */
export class RegistryDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('mediaStorage.registry');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly registry: StorageRegistry,
    private readonly credentials: CredentialStore,
    private readonly prompts: PrompterHolder,
    private readonly log: Logger,
    private readonly errors: ErrorReporter,
  ) {
    const selector: vscode.DocumentSelector = [{ pattern: `**/${REGISTRY_PATH}` }];
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: RegistryDiagnostics.providedCodeActionKinds }),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document)),
      registry.onDidChange(() => void this.refreshFiles()),
      vscode.commands.registerCommand(Commands.moveSecretToSecretStorage, async (uri: vscode.Uri, offset: number) => {
        try {
          return await this.moveSecret(uri, offset);
        } catch (err) {
          this.errors.report(err, 'Move secret to secret storage');
          return undefined;
        }
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  private update(doc: vscode.TextDocument): void {
    if (!isRegistryUri(doc.uri)) return;
    this.set(doc.uri, doc.getText(), (o) => doc.positionAt(o));
  }

  private set(uri: vscode.Uri, text: string, at: (offset: number) => vscode.Position): void {
    let parsed: RegistryDiagnostic[];
    try {
      parsed = parseRegistry(text).diagnostics;
    } catch (err) {
      // An unforeseen reader failure is still shown where the user looks, not lost in an event handler.
      parsed = [{ code: 'internal', severity: 'error', message: `the registry file could not be read: ${err instanceof Error ? err.message : String(err)}`, offset: 0, length: 0 }];
    }
    const diagnostics = parsed.map((d) => {
      const diag = new vscode.Diagnostic(
        new vscode.Range(at(d.offset), at(d.offset + d.length)),
        d.message,
        d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diag.source = 'Media Storage';
      diag.code = d.code;
      return diag;
    });
    this.collection.set(uri, diagnostics);
  }

  /** Files not open in an editor still get their problems listed. */
  private async refreshFiles(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, REGISTRY_PATH);
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const lines = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.push(i + 1);
        this.set(uri, text, (o) => {
          let line = lines.length - 1;
          while (lines[line] > o) line--;
          return new vscode.Position(line, o - lines[line]);
        });
      } catch {
        this.collection.delete(uri);
      }
    }
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.code === SECRET_CODE)
      .map((d) => {
        const action = new vscode.CodeAction('Move the secret to VS Code secret storage', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.command = { command: Commands.moveSecretToSecretStorage, title: 'Move Secret to Secret Storage', arguments: [doc.uri, doc.offsetAt(d.range.start)] };
        return action;
      });
  }

  /**
   * Stores the secret under the connection the entry belongs to (asking which one when the
   * secret sits elsewhere), then deletes it, and a sibling access key id, from the file.
   */
  async moveSecret(uri: vscode.Uri, offset: number): Promise<string | undefined> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const root = parseTree(text, [], { allowTrailingComma: true });
    const hit = root && findNodeAtOffset(root, offset, true);
    if (!root || !hit) throw new Error('the secret is no longer at that place in the file');
    const prop = hit.type === 'property' ? hit : hit.parent?.type === 'property' ? hit.parent : undefined;
    const valueNode = prop ? prop.children?.[1] : hit;
    if (!prop || valueNode?.type !== 'string') throw new Error('only a secret written as a string property can be moved');
    const secret = valueNode.value as string;
    this.log.addSecret(secret);
    const path = getNodePath(prop.children?.[0] as JsonNode);
    const owner = prop.parent as JsonNode;
    const sibling = (re: RegExp): JsonNode | undefined => owner.children?.find((p) => re.test(String(p.children?.[0]?.value)) && p.children?.[1]?.type === 'string');
    const keyProp = sibling(/^(aws_?)?access_?key(_?id)?$/i);

    let connectionId: string | undefined;
    if (path[0] === 'connections' && typeof path[1] === 'number') {
      connectionId = owner.children?.find((p) => p.children?.[0]?.value === 'id')?.children?.[1]?.value as string | undefined;
    }
    const prompter = this.prompts.current;
    if (!connectionId) {
      const ids = this.registry.model.connections.map((c) => c.connection.id);
      const picked = await prompter.pick<string>({ id: 'secret.connection', placeholder: 'Which connection does this secret belong to?', items: ids.map((id) => ({ label: id, value: id })) });
      if (picked === undefined || picked === BACK) return undefined;
      connectionId = picked;
    }
    let accessKeyId = (keyProp?.children?.[1]?.value as string | undefined) ?? (await this.credentials.get(connectionId))?.accessKeyId;
    if (!accessKeyId) {
      const typed = await prompter.input({ id: 'secret.accessKeyId', prompt: `Access key ID that goes with this secret (connection "${connectionId}")`, validate: (v) => (/^\S+$/.test(v) ? undefined : 'Enter the access key ID') });
      if (typed === undefined || typed === BACK) return undefined;
      accessKeyId = typed;
    }
    await this.credentials.set(connectionId, { accessKeyId, secretAccessKey: secret });

    let out = text;
    const propPaths = [path, ...(keyProp ? [getNodePath(keyProp.children?.[0] as JsonNode)] : [])];
    for (const p of propPaths) out = applyEdits(out, modify(out, p, undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), out);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit of the registry file');
    await doc.save();
    this.log.info(`Moved a secret from ${vscode.workspace.asRelativePath(uri)} to the secret store (connection "${connectionId}")`);
    return connectionId;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
