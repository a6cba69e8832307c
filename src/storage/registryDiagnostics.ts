import { applyEdits, findNodeAtOffset, getNodePath, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { parseRegistry, REGISTRY_PATH, type RegistryDiagnostic } from '../core/storage/registry';
import type { CommandRunner } from '../commands/runner';
import type { Logger } from '../logger';
import type { PrompterHolder } from '../ui/prompter';
import { isAccessKeyIdFieldName } from '../core/secrets';
import { describeConnection } from './credentialConsent';
import { pickConnectionEntry, storeMovedSecret } from './credentialPrompts';
import type { CredentialStore } from './credentialStore';
import type { ConnectionEntry, StorageRegistry } from './storageModel';

const SECRET_CODE = 'secret-in-registry';

export function isRegistryUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${REGISTRY_PATH}`);
}

/**
 * Whether VS Code's JSON service checks this open document against the registry schema (our
 * `jsonValidation` entry), and so lists its syntax and schema problems itself. A `$schema` in
 * the file takes precedence over that entry and may not load, so then ours list them too.
 */
function checkedByJsonService(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return false;
  if (vscode.workspace.getConfiguration('json', doc.uri).get<boolean>('validate.enable', true) === false) return false;
  return !doc.getText().includes('"$schema"');
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
    commands: CommandRunner,
  ) {
    const selector: vscode.DocumentSelector = [{ pattern: `**/${REGISTRY_PATH}` }];
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: RegistryDiagnostics.providedCodeActionKinds }),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document)),
      // The JSON service drops its problems of a closed file; ours then list them all.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (isRegistryUri(d.uri)) void this.refreshFiles();
      }),
      registry.onDidChange(() => void this.refreshFiles()),
      commands.register(Commands.moveSecretToSecretStorage, (uri, offset) => this.moveSecret(uri as vscode.Uri, offset as number)),
    );
    // After activation, not in it: checking a file loads the schema validator.
    void registry.ready
      .catch(() => undefined)
      .then(() => {
        for (const d of vscode.workspace.textDocuments) this.update(d);
      });
  }

  private update(doc: vscode.TextDocument): void {
    if (!isRegistryUri(doc.uri)) return;
    this.set(doc.uri, doc.getText(), (o) => doc.positionAt(o), !checkedByJsonService(doc));
  }

  private set(uri: vscode.Uri, text: string, at: (offset: number) => vscode.Position, includeSchema = true): void {
    let parsed: RegistryDiagnostic[];
    try {
      parsed = parseRegistry(text, { includeSchema }).diagnostics;
    } catch (err) {
      // An unforeseen reader failure is still shown where the user looks, not lost in an event handler.
      parsed = [
        {
          code: 'internal',
          severity: 'error',
          message: vscode.l10n.t('the registry file could not be read: {0}', err instanceof Error ? err.message : String(err)),
          offset: 0,
          length: 0,
        },
      ];
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
      const open = (): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open()) continue;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        // Opened while the file was read: the editor's copy and the JSON service decide now.
        const opened = open();
        if (opened) {
          this.update(opened);
          continue;
        }
        const lines = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.push(i + 1);
        this.set(uri, text, (o) => {
          // The last line that starts at or before the offset (line 0 starts at 0).
          let line = lines.length - 1;
          while (line > 0 && (lines[line] ?? 0) > o) line--;
          return new vscode.Position(line, o - (lines[line] ?? 0));
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
        const action = new vscode.CodeAction(vscode.l10n.t('Move the secret to VS Code secret storage'), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.command = {
          command: Commands.moveSecretToSecretStorage,
          title: vscode.l10n.t('Move Secret to Secret Storage'),
          arguments: [doc.uri, doc.offsetAt(d.range.start)],
        };
        return action;
      });
  }

  /**
   * Stores the secret under the connection the entry belongs to (asking which one when the
   * secret sits elsewhere), then deletes it, and a sibling access key id, from the file.
   */
  async moveSecret(uri: vscode.Uri, offset: number): Promise<void> {
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
    const keyProp = owner.children?.find((p) => isAccessKeyIdFieldName(String(p.children?.[0]?.value)) && p.children?.[1]?.type === 'string');

    const prompter = this.prompts.current;
    const connections = this.registry.model.connections;
    let entry: ConnectionEntry | undefined;
    if (path[0] === 'connections' && typeof path[1] === 'number') {
      // The secret sits in a connection's own entry: it belongs to that definition, in this file.
      const id: unknown = owner.children?.find((p) => p.children?.[0]?.value === 'id')?.children?.[1]?.value;
      entry = connections.find((c) => c.source.kind === 'workspace' && c.source.file.toString() === uri.toString() && c.connection.id === id);
      if (!entry) throw new Error(`connection "${String(id)}" of this file is not registered (see its other problems); fix it first, then move the secret`);
    } else {
      entry = await pickConnectionEntry(prompter, 'secret.connection', vscode.l10n.t('Which connection does this secret belong to?'), connections);
      if (!entry) return;
    }
    if (!(await storeMovedSecret(prompter, this.credentials, entry, secret, keyProp?.children?.[1]?.value as string | undefined, 'secret'))) return;

    let out = text;
    const propPaths = [path, ...(keyProp ? [getNodePath(keyProp.children?.[0] as JsonNode)] : [])];
    for (const p of propPaths) out = applyEdits(out, modify(out, p, undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), out);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit of the registry file');
    await doc.save();
    this.log.info(`Moved a secret from ${vscode.workspace.asRelativePath(uri)} to the secret store (${describeConnection(entry)})`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
