import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandRunner } from '../commands/runner';
import { KIND_INFO, KINDS, type Kind } from '../core/validation/kinds';
import type { JsonPath } from '../core/validation/types';
import type { ExplorerProvider } from '../tree/explorer';
import { UserFacingError, type TransferDeps } from '../transfer/targets';
import { BACK } from '../ui/prompter';
import { applyDocumentCommand, generateBucketPolicyCommand } from './bucketPolicy';
import { insertPayloadCommand } from './insertPayload';
import { KindResolver, SCHEMA_SCHEME } from './kindResolver';
import { PayloadCodeActions } from './payloadCodeActions';
import { PayloadCompletion } from './payloadCompletion';
import { PayloadHover } from './payloadHover';
import { PayloadDiagnostics } from './payloadDiagnostics';
import { movePayloadSecret } from './payloadSecret';
import { SchemaContentProvider } from './schemaContentProvider';
import { PublicAccessKnowledge } from './validationContext';

/** What the validation glue adds to the extension's API (tests wait on diagnostics through it). */
export interface ValidationApi {
  readonly kinds: KindResolver;
  readonly diagnostics: PayloadDiagnostics;
  readonly publicAccess: PublicAccessKnowledge;
}

const JSON_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

/** Diagnostics, quick fixes, completion and generators for payloads, policies and CORS. */
export function registerValidation(
  context: vscode.ExtensionContext,
  deps: TransferDeps & { explorer: ExplorerProvider },
  commands: CommandRunner,
): ValidationApi {
  const kinds = new KindResolver(context.workspaceState);
  const publicAccess = new PublicAccessKnowledge(deps.registry, deps.clients, deps.log);
  const diagnostics = new PayloadDiagnostics(kinds, deps.registry, publicAccess, deps.log);
  context.subscriptions.push(
    kinds,
    publicAccess,
    diagnostics,
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.isUntitled) kinds.forgetUntitled(d.uri);
    }),
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, new SchemaContentProvider()),
    vscode.languages.registerCodeActionsProvider(JSON_SELECTOR, new PayloadCodeActions(diagnostics, deps.registry), {
      providedCodeActionKinds: PayloadCodeActions.kinds,
    }),
    // '"' starts a value; ':' after a property name, so the list opens before the quote is typed.
    vscode.languages.registerCompletionItemProvider(JSON_SELECTOR, new PayloadCompletion(kinds, deps.registry, deps.explorer), '"', ':'),
    vscode.languages.registerHoverProvider(JSON_SELECTOR, new PayloadHover(kinds)),
    commands.register(Commands.setPayloadKind, (uri) => setPayloadKindCommand(deps, kinds, uri)),
    commands.register(Commands.insertPayload, () => insertPayloadCommand(deps, kinds)),
    commands.register(Commands.generateBucketPolicy, () => generateBucketPolicyCommand(deps, kinds)),
    commands.register(Commands.applyToBucket, (uri) => applyDocumentCommand(deps, kinds, uri)),
    commands.register(Commands.movePayloadSecret, (uri, path) => movePayloadSecret({ ...deps, prompts: deps.prompters }, uri as vscode.Uri, path as JsonPath)),
  );
  return { kinds, diagnostics, publicAccess };
}

/** Associates the document with a payload kind (or back to automatic detection). */
async function setPayloadKindCommand(deps: TransferDeps, kinds: KindResolver, arg: unknown): Promise<void> {
  const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
  if (!doc) throw new UserFacingError(vscode.l10n.t('Open the JSON document to associate first.'));
  const current = kinds.explicitKind(doc.uri);
  const picked = await deps.prompters.current.pick<Kind | 'auto'>({
    id: 'payloadKind.kind',
    placeholder: vscode.l10n.t('Validate {0} as…', vscode.workspace.asRelativePath(doc.uri)),
    items: [
      { label: vscode.l10n.t('Automatic'), description: vscode.l10n.t('from $schema, the file name or the content'), value: 'auto', picked: !current },
      ...KINDS.map((k) => ({ label: KIND_INFO[k].title, description: KIND_INFO[k].filePattern, value: k, picked: k === current })),
    ],
  });
  if (picked === undefined || picked === BACK) return;
  if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await kinds.associate(doc.uri, picked === 'auto' ? undefined : picked);
}
