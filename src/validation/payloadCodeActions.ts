import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { detectKindFromSchemaRef, SCHEMA_BASE } from '../core/validation/kinds';
import { Commands } from '../commandIds';
import type { StorageRegistry } from '../storage/storageModel';
import { schemaUriFor } from './kindResolver';
import { DIAGNOSTIC_SOURCE, type PayloadDiagnostics } from './payloadDiagnostics';
import { MOVABLE_SECRET_FIELDS } from './payloadSecret';

/** The quick fix's title (a function: a module's top level runs before the l10n bundle is loaded). */
export const moveSecretTitle = (): string => vscode.l10n.t('Move secret to Media Storage secret storage');

/**
 * Quick fixes for our payload diagnostics: the edits the core computed, and moving a plaintext
 * secret into SecretStorage, which needs the extension (and a connection to keep it under).
 */
export class PayloadCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly diagnostics: PayloadDiagnostics,
    private readonly registry: StorageRegistry,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const offline = bundledSchemaAction(doc, range);
    if (offline) out.push(offline);
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const core = this.diagnostics.coreFor(doc, d);
      if (!core) continue;
      if (core.fix) {
        const action = new vscode.CodeAction(core.fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of core.fix.edits) {
          action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
        }
        out.push(action);
      }
      const field = core.path[core.path.length - 1];
      // Only where the extension can hold the secret instead: under a registered connection.
      if (
        core.code === 'payload/plaintext-secret' &&
        typeof field === 'string' &&
        MOVABLE_SECRET_FIELDS.has(field) &&
        this.registry.model.connections.length > 0
      ) {
        const title = moveSecretTitle();
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = !core.fix;
        action.command = { command: Commands.movePayloadSecret, title, arguments: [doc.uri, core.path] };
        out.push(action);
      }
    }
    return out;
  }
}

/**
 * On a `$schema` naming our https `$id`: VS Code would download it (and warn when it cannot);
 * the same schema is served offline under our own scheme.
 */
function bundledSchemaAction(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction | undefined {
  // Code actions are asked for on every cursor move: no parse unless the id is there at all.
  if (!doc.getText().includes(SCHEMA_BASE)) return undefined;
  const root = parseTree(doc.getText(), [], { allowTrailingComma: true, disallowComments: false });
  const node = root && findNodeAtLocation(root, ['$schema']);
  if (node?.type !== 'string' || typeof node.value !== 'string' || !node.value.startsWith(SCHEMA_BASE)) return undefined;
  const at = new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length));
  if (!at.intersection(range)) return undefined;
  const kind = detectKindFromSchemaRef(node.value);
  if (!kind) return undefined;
  const action = new vscode.CodeAction(vscode.l10n.t('Use the schema bundled with Media Storage Workbench (no download)'), vscode.CodeActionKind.QuickFix);
  action.diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.range.intersection(at));
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(doc.uri, at, JSON.stringify(schemaUriFor(kind)));
  return action;
}
