import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { detectKindFromContent, detectKindFromFileName, detectKindFromSchemaRef, isKind, KIND_INFO, KINDS, type Kind } from '../core/validation/kinds';

/**
 * The scheme our bundled schemas are served under. A `$schema` with this scheme is loaded by the
 * JSON language service through `openTextDocument`, so it works offline; an `https://` reference
 * to our `$id` would be downloaded instead (see schemaContentProvider.ts).
 */
export const SCHEMA_SCHEME = 'media-storage-schema';

export function schemaUriFor(kind: Kind): string {
  return `${SCHEMA_SCHEME}:/${KIND_INFO[kind].schemaFile}`;
}

export type KindSource = 'explicit' | 'schema' | 'fileName' | 'content';

export interface ResolvedKind {
  kind: Kind;
  source: KindSource;
  /**
   * Whether VS Code's JSON language service applies this very schema to the document (through
   * our `jsonValidation` fileMatch or a `$schema` it can load), and so already reports schema
   * problems; then ours would be duplicates.
   */
  coveredByJsonService: boolean;
}

const STATE_KEY = 'mediaStorage.payloadKinds';

// The jsonValidation globs as VS Code matches them against the base name: `*` never crosses a
// '/', and unlike detectKindFromFileName the match is case-sensitive and needs the whole glob.
const FILE_MATCH: { kind: Kind; re: RegExp }[] = KINDS.flatMap((kind) =>
  [KIND_INFO[kind].filePattern, KIND_INFO[kind].filePattern.replace(/\.json$/, '.jsonc')].map((glob) => ({
    kind,
    re: new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`),
  })),
);

function fileMatchKind(uri: vscode.Uri): Kind | undefined {
  if (uri.scheme === 'untitled') return undefined;
  const base = uri.path.split('/').pop() ?? '';
  // KINDS order puts the specific Bitmovin suffixes before the broad policy/CORS globs.
  return FILE_MATCH.find((m) => m.re.test(base))?.kind;
}

/**
 * Which payload kind a document is, and who checks its schema. Explicit associations ("Set
 * Payload Kind…") live in workspace state, never in the user's settings: writing `json.schemas`
 * behind the user's back would change their configuration for a per-file choice.
 */
export class KindResolver implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeAssociation = this.changed.event;
  private readonly untitled = new Map<string, Kind>();
  /** Untitled names handed out this session; see openGenerated. */
  private readonly issued = new Set<string>();

  constructor(private readonly state: vscode.Memento) {}

  associations(): Record<string, Kind> {
    const raw = this.state.get<Record<string, unknown>>(STATE_KEY) ?? {};
    return Object.fromEntries(Object.entries(raw).filter((e): e is [string, Kind] => isKind(e[1])));
  }

  explicitKind(uri: vscode.Uri): Kind | undefined {
    return uri.scheme === 'untitled' ? this.untitled.get(uri.toString()) : this.associations()[uri.toString()];
  }

  /** undefined removes the association (back to detection). */
  async associate(uri: vscode.Uri, kind: Kind | undefined): Promise<void> {
    const key = uri.toString();
    if (uri.scheme === 'untitled') {
      // Untitled names are reused ("Untitled-1"), so their kinds must not outlive the buffer.
      if (kind) this.untitled.set(key, kind);
      else this.untitled.delete(key);
    } else {
      const all = this.associations();
      if (kind) all[key] = kind;
      else delete all[key];
      await this.state.update(STATE_KEY, all);
    }
    this.changed.fire(uri);
  }

  forgetUntitled(uri: vscode.Uri): void {
    this.untitled.delete(uri.toString());
  }

  /**
   * Opens generated text of a known kind in a new untitled editor named after it ("media-out
   * policy 1.json"), never reusing a name this session. `openTextDocument({ content })` names
   * buffers "Untitled-N" and reuses N once a buffer closes; when the extension host has not yet
   * dropped the closed buffer, it hands back that stale document, whose text and kind then belong
   * to the wrong buffer. A name no pattern matches keeps the JSON service's fileMatch out of it:
   * the kind is set explicitly.
   */
  async openGenerated(base: string, kind: Kind, text: string): Promise<vscode.TextEditor> {
    const taken = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    let uri: vscode.Uri;
    for (let n = 1; ; n++) {
      const name = `${base} ${n}.json`;
      uri = vscode.Uri.from({ scheme: 'untitled', path: detectKindFromFileName(name) ? `payload ${n}.json` : name });
      if (!taken.has(uri.toString()) && !this.issued.has(uri.toString())) break;
    }
    this.issued.add(uri.toString());
    await this.associate(uri, kind);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    if (!(await editor.edit((e) => e.insert(new vscode.Position(0, 0), text)))) throw new Error('the new editor refused the generated text');
    return editor;
  }

  resolve(doc: vscode.TextDocument): ResolvedKind | undefined {
    if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return undefined;
    const text = doc.getText();
    // Very large documents are not guessed at: parsing megabytes on every keystroke to find out
    // that a JSON file is not a payload would slow down editing it.
    const value = text.length > 2_000_000 ? undefined : parseValue(text);
    const schemaRef = schemaRefOf(value);
    const applied = this.jsonServiceKind(doc.uri, schemaRef);
    const make = (kind: Kind, source: KindSource): ResolvedKind => ({ kind, source, coveredByJsonService: applied === kind });

    const explicit = this.explicitKind(doc.uri);
    if (explicit) return make(explicit, 'explicit');
    const fromRef = schemaRef !== undefined ? detectKindFromSchemaRef(schemaRef) : undefined;
    if (fromRef) return make(fromRef, 'schema');
    const fromName = detectKindFromFileName(doc.uri.path);
    if (fromName) return make(fromName, 'fileName');
    const fromContent = detectKindFromContent(value);
    return fromContent ? make(fromContent, 'content') : undefined;
  }

  /** The kind whose schema the JSON language service applies, if it is one of ours. */
  private jsonServiceKind(uri: vscode.Uri, schemaRef: string | undefined): Kind | undefined {
    if (schemaRef !== undefined) {
      // $schema wins over fileMatch in the JSON service; only our own scheme loads offline.
      return schemaRef.startsWith(`${SCHEMA_SCHEME}:`) ? detectKindFromSchemaRef(schemaRef) : undefined;
    }
    return fileMatchKind(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function parseValue(text: string): unknown {
  return parse(text, [], { allowTrailingComma: true, disallowComments: false });
}

/** The top-level `$schema` string, if any (only the top level counts for the JSON service). */
function schemaRefOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const ref = (value as Record<string, unknown>)['$schema'];
  return typeof ref === 'string' ? ref : undefined;
}
