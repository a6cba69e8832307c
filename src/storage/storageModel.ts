import * as vscode from 'vscode';
import type { Connection, Location } from '../core/storage/connection';
import {
  checkEntry,
  describeRejected,
  MAX_REGISTRY_BYTES,
  parseRegistry,
  REGISTRY_PATH,
  type ParsedRegistry,
  type RegistrySection,
} from '../core/storage/registry';
import type { Logger } from '../logger';
import { SectionKeys, SETTINGS_SECTION } from '../settingKeys';

/** Where an entry is written down: the shared workspace file or the user's own settings. */
export type EntrySource = { kind: 'workspace'; folder: vscode.WorkspaceFolder; file: vscode.Uri } | { kind: 'user' };

export interface ConnectionEntry {
  connection: Connection;
  source: EntrySource;
  /** unique across sources; what clients are cached under */
  key: string;
}

export interface LocationEntry {
  location: Location;
  source: EntrySource;
  key: string;
  /** undefined when the id names no known connection */
  connection?: ConnectionEntry;
}

export interface ModelProblem {
  source: EntrySource;
  message: string;
}

export interface StorageModel {
  connections: ConnectionEntry[];
  inputs: LocationEntry[];
  outputs: LocationEntry[];
  /** entries that could not be used, so the tree can say why something is missing */
  problems: ModelProblem[];
  trusted: boolean;
}

export function sourceKey(source: EntrySource): string {
  return source.kind === 'user' ? 'user' : source.folder.uri.toString();
}

export function sourceLabel(source: EntrySource): string {
  if (source.kind === 'user') return 'user settings';
  const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return several ? `workspace (${source.folder.name})` : 'workspace';
}

/**
 * An entry may be connected when nothing about it comes from an untrusted workspace: a
 * workspace file could otherwise send the user's profile credentials to an endpoint of its
 * choosing.
 */
export function mayConnect(model: StorageModel, ...sources: (EntrySource | undefined)[]): boolean {
  return model.trusted || sources.every((s) => s === undefined || s.kind === 'user');
}

export function registryUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, REGISTRY_PATH);
}

/**
 * The merged view of every registry file in the workspace and the user-level settings,
 * rebuilt whenever one of them changes.
 */
export class StorageRegistry implements vscode.Disposable {
  private current: StorageModel = { connections: [], inputs: [], outputs: [], problems: [], trusted: vscode.workspace.isTrusted };
  private readonly changed = new vscode.EventEmitter<StorageModel>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private loading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly log: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${REGISTRY_PATH}`);
    const reload = (): void => void this.reload();
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(reload),
      vscode.workspace.onDidGrantWorkspaceTrust(reload),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) reload();
      }),
      this.changed,
    );
  }

  get model(): StorageModel {
    return this.current;
  }

  private firstLoad: Promise<void> | undefined;

  /**
   * Resolves once the registry files and settings have been read the first time. Activation
   * starts that read without waiting for it (a workspace file read is an IPC round trip in a
   * remote window); whatever needs the entries awaits this.
   */
  get ready(): Promise<void> {
    this.firstLoad ??= this.reload();
    return this.firstLoad;
  }

  /** Re-reads everything; concurrent calls share one read and a trailing one. */
  async reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        this.current = await this.read();
      } while (this.again);
    })();
    try {
      await this.loading;
    } finally {
      this.loading = undefined;
    }
    this.changed.fire(this.current);
  }

  private async read(): Promise<StorageModel> {
    const model: StorageModel = { connections: [], inputs: [], outputs: [], problems: [], trusted: vscode.workspace.isTrusted };
    const perFolder: { source: EntrySource; connections: ConnectionEntry[]; inputs: Location[]; outputs: Location[] }[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = registryUri(folder);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(file);
      } catch {
        continue; // no registry in this folder
      }
      const source: EntrySource = { kind: 'workspace', folder, file };
      const parsed = this.parse(bytes);
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      // A file that could not be read at all says why on its own node; the count would hide it.
      const fatal = parsed.diagnostics.find((d) => d.code === 'too-large' || d.code === 'too-deep' || d.code === 'internal');
      if (fatal) {
        model.problems.push({ source, message: vscode.l10n.t('{0}: {1}', REGISTRY_PATH, fatal.message) });
      } else if (errors.length > 0) {
        model.problems.push({
          source,
          message:
            errors.length === 1
              ? vscode.l10n.t('{0} has 1 problem; see the Problems view', REGISTRY_PATH)
              : vscode.l10n.t('{0} has {1} problems; see the Problems view', REGISTRY_PATH, errors.length),
        });
      }
      for (const r of parsed.rejected) {
        model.problems.push({
          source,
          message: vscode.l10n.t('{0} line {1}: {2}', REGISTRY_PATH, lineOf(parsed.text, r.offset), describeRejected(r.section, r.key, r.problems)),
        });
      }
      const connections = parsed.registry.connections.map((connection) => ({ connection, source, key: `${sourceKey(source)}#${connection.id}` }));
      perFolder.push({ source, connections, inputs: parsed.registry.inputs, outputs: parsed.registry.outputs });
    }
    const user = this.readUser(model);
    for (const p of model.problems) this.log.warn(`Storage registry (${sourceLabel(p.source)}): ${p.message}`);
    model.connections.push(...user.connections, ...perFolder.flatMap((f) => f.connections));

    const resolve = (loc: Location, source: EntrySource, own: ConnectionEntry[]): LocationEntry => {
      // A location's own file comes first; other sources let a personal entry reuse a team connection.
      const others = model.connections.filter((c) => !own.includes(c));
      const connection = own.find((c) => c.connection.id === loc.connection) ?? others.find((c) => c.connection.id === loc.connection);
      const entry: LocationEntry = { location: loc, source, key: `${sourceKey(source)}#${loc.role}#${loc.name}` };
      if (connection) entry.connection = connection;
      return entry;
    };
    for (const loc of user.inputs) model.inputs.push(resolve(loc, { kind: 'user' }, user.connections));
    for (const loc of user.outputs) model.outputs.push(resolve(loc, { kind: 'user' }, user.connections));
    for (const f of perFolder) {
      for (const loc of f.inputs) model.inputs.push(resolve(loc, f.source, f.connections));
      for (const loc of f.outputs) model.outputs.push(resolve(loc, f.source, f.connections));
    }
    this.log.debug(
      `Storage registry: ${model.connections.length} connection(s), ${model.inputs.length} input(s), ${model.outputs.length} output(s)` +
        `${model.trusted ? '' : ' (workspace not trusted)'}`,
    );
    return model;
  }

  /**
   * Never throws: one bad file must not take the user's own entries, or the other folders',
   * out of the view with it.
   */
  private parse(bytes: Uint8Array): ParsedRegistry & { text: string } {
    const tooLarge = (text: string): ParsedRegistry & { text: string } => ({
      text,
      registry: { connections: [], inputs: [], outputs: [] },
      diagnostics: [
        {
          code: 'too-large',
          severity: 'error',
          message: vscode.l10n.t('The registry file is larger than {0} MiB ({1} bytes); not read', MAX_REGISTRY_BYTES / 1024 / 1024, bytes.length),
          offset: 0,
          length: 0,
        },
      ],
      wellFormed: false,
      rejected: [],
    });
    // Checked before decoding: the decoded string of a huge file is what would hurt.
    if (bytes.length > MAX_REGISTRY_BYTES) return tooLarge('');
    const text = new TextDecoder().decode(bytes);
    try {
      return { ...parseRegistry(text), text };
    } catch (err) {
      return {
        text,
        registry: { connections: [], inputs: [], outputs: [] },
        diagnostics: [
          {
            code: 'internal',
            severity: 'error',
            message: vscode.l10n.t('could not be read: {0}', err instanceof Error ? err.message : String(err)),
            offset: 0,
            length: 0,
          },
        ],
        wellFormed: false,
        rejected: [],
      };
    }
  }

  /** Only the user-level value counts: the settings are application-scoped so a workspace cannot inject one. */
  private readUser(model: StorageModel): { connections: ConnectionEntry[]; inputs: Location[]; outputs: Location[] } {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const source: EntrySource = { kind: 'user' };
    const list = (key: RegistrySection): Record<string, unknown>[] => {
      const value = config.inspect<unknown>(SectionKeys[key])?.globalValue;
      if (value === undefined) return [];
      if (!Array.isArray(value)) {
        model.problems.push({ source, message: vscode.l10n.t('setting mediaStorage.{0} must be an array', key) });
        return [];
      }
      return value.filter((v, i): v is Record<string, unknown> => {
        const ok = typeof v === 'object' && v !== null && !Array.isArray(v);
        if (!ok) model.problems.push({ source, message: vscode.l10n.t('setting mediaStorage.{0}[{1}] must be an object', key, i) });
        return ok;
      });
    };
    const connections: ConnectionEntry[] = [];
    list('connections').forEach((raw, i) => {
      const checked = checkEntry('connections', raw);
      if (!checked.ok) {
        model.problems.push({
          source,
          message: vscode.l10n.t('setting mediaStorage.connections[{0}]: {1}', i, describeRejected('connections', checked.key, checked.problems)),
        });
        return;
      }
      connections.push({ connection: checked.entry, source, key: `user#${checked.entry.id}` });
    });
    const locations = (key: 'inputs' | 'outputs'): Location[] =>
      list(key).flatMap((raw, i) => {
        const checked = checkEntry(key, raw);
        if (!checked.ok) {
          model.problems.push({
            source,
            message: vscode.l10n.t('setting mediaStorage.{0}[{1}]: {2}', key, i, describeRejected(key, checked.key, checked.problems)),
          });
          return [];
        }
        return [checked.entry];
      });
    return { connections, inputs: locations('inputs'), outputs: locations('outputs') };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
