import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic } from '../core/validation/types';
import { validate } from './lazyValidate';
import type { Logger } from '../logger';
import type { StorageRegistry } from '../storage/storageModel';
import type { KindResolver, ResolvedKind } from './kindResolver';
import { contextFor, type PublicAccessKnowledge } from './validationContext';

export const DIAGNOSTIC_SOURCE = 'Media Storage';

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

// Typing fast in a large policy would otherwise validate on every keystroke.
const DEBOUNCE_MS = 200;

/** What was reported for a document, kept for the quick fixes (VS Code's copies lose `fix`). */
interface Reported {
  version: number;
  resolved: ResolvedKind;
  diagnostics: { vs: vscode.Diagnostic; core: CoreDiagnostic }[];
}

/**
 * Diagnostics of payloads and policies in the Problems view. Where our `jsonValidation` schema
 * already applies, VS Code's JSON service reports syntax and schema problems, so only the checks
 * a schema cannot express are added; where it cannot reach (content-detected or explicitly
 * associated files) schema problems are ours too. Syntax errors are always the JSON service's.
 */
export class PayloadDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mediaStorage.payloads');
  private readonly reported = new Map<string, Reported>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly updated = new vscode.EventEmitter<vscode.Uri>();
  /** fires after a document's diagnostics were set (tests wait on it) */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly kinds: KindResolver,
    private readonly registry: StorageRegistry,
    private readonly access: PublicAccessKnowledge,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      this.updated,
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // Saving an untitled buffer makes it a workspace file, where secrets matter.
      vscode.workspace.onDidSaveTextDocument((d) => this.update(d)),
      kinds.onDidChangeAssociation((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.update(doc);
      }),
      registry.onDidChange(() => this.updateAll()),
      access.onDidLearn(() => this.updateAll()),
    );
    this.updateAll();
  }

  updateAll(): void {
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(doc);
      }, DEBOUNCE_MS),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.reported.delete(key);
    this.collection.delete(uri);
  }

  update(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const resolved = this.kinds.resolve(doc);
    if (!resolved) {
      if (this.reported.has(doc.uri.toString())) this.forget(doc.uri);
      return;
    }
    let core: CoreDiagnostic[];
    try {
      const ctx = contextFor(doc, resolved.kind, this.registry, this.access, !resolved.coveredByJsonService);
      core = validate(doc.getText(), resolved.kind, ctx).filter((d) => d.code !== 'json/syntax');
    } catch (err) {
      // A bug in a rule must not take the other diagnostics (or the editor) down with it.
      this.log.error(err instanceof Error ? err : String(err));
      return;
    }
    const diagnostics = core.map((d) => ({ core: d, vs: toVsDiagnostic(doc, d) }));
    this.reported.set(doc.uri.toString(), { version: doc.version, resolved, diagnostics });
    this.collection.set(
      doc.uri,
      diagnostics.map((d) => d.vs),
    );
    this.updated.fire(doc.uri);
  }

  /** The kind last used for a document, if it was validated. */
  resolvedKind(uri: vscode.Uri): ResolvedKind | undefined {
    return this.reported.get(uri.toString())?.resolved;
  }

  /** The core diagnostic behind one we reported for this document version. */
  coreFor(doc: vscode.TextDocument, d: vscode.Diagnostic): CoreDiagnostic | undefined {
    const r = this.reported.get(doc.uri.toString());
    if (!r || r.version !== doc.version) return undefined;
    return r.diagnostics.find((x) => x.vs === d || (x.vs.code === d.code && x.vs.range.isEqual(d.range) && x.vs.message === d.message))?.core;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function toVsDiagnostic(doc: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
  const out = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  out.source = DIAGNOSTIC_SOURCE;
  out.code = d.code;
  return out;
}
