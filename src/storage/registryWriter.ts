import * as vscode from 'vscode';
import type { Connection, Location } from '../core/storage/connection';
import { addEntry, removeEntry, updateEntry, type RegistryEditResult } from '../core/storage/registryEdit';
import type { RegistrySection } from '../core/storage/registry';
import { findSecret } from '../core/secrets';
import { SectionKeys, SETTINGS_SECTION } from '../settingKeys';
import { registryUri, type EntrySource } from './storageModel';

type Entry = Connection | Location;

/**
 * Settings sync to other machines and end up in dotfile repositories, where a key cannot be
 * taken back. Only the entry being written is checked: the user's other entries are rewritten
 * as they are, and refusing to touch the list would keep a bad entry from being removed. The
 * registry file gets the same check from its editor (registryEdit).
 */
function refuseSecrets(section: RegistrySection, entry: Entry): void {
  const secret = findSecret(entry);
  if (secret) {
    throw new Error(
      vscode.l10n.t(
        'Refusing to write {0} of {1} entry "{2}" into your user settings: secrets belong in VS Code\'s secret storage (use "Media Storage: Set Credentials…"). Nothing was written.',
        secret,
        section,
        keyOf(section, entry),
      ),
    );
  }
}

function keyOf(section: RegistrySection, entry: Entry): string {
  return section === 'connections' ? (entry as Connection).id : (entry as Location).name;
}

/** What settings keep: role is implied by the list, undefined fields are left out. */
function forSettings(section: RegistrySection, entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined || (section !== 'connections' && k === 'role')) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Writes entries where they live: the workspace registry file (into its editor when that has
 * unsaved changes, which stay the user's to save; otherwise into the file) or the user settings.
 */
export class RegistryWriter {
  async add(target: EntrySource, section: RegistrySection, entry: Entry): Promise<void> {
    if (target.kind === 'user') {
      refuseSecrets(section, entry);
      const list = this.userList(section);
      const key = keyOf(section, entry);
      if (list.some((e) => e[section === 'connections' ? 'id' : 'name'] === key)) {
        throw new Error(`user settings already have ${section} entry "${key}"`);
      }
      await this.writeUser(section, [...list, forSettings(section, entry)]);
      return;
    }
    await this.editFile(target.folder, (text) => addEntry(text, section, entry), true);
  }

  async update(source: EntrySource, section: RegistrySection, oldKey: string, entry: Entry): Promise<void> {
    if (source.kind === 'user') {
      refuseSecrets(section, entry);
      const field = section === 'connections' ? 'id' : 'name';
      const list = this.userList(section);
      const i = list.findIndex((e) => e[field] === oldKey);
      if (i < 0) throw new Error(`user settings have no ${section} entry "${oldKey}"`);
      const next = [...list];
      next[i] = forSettings(section, entry);
      await this.writeUser(section, next);
      return;
    }
    await this.editFile(source.folder, (text) => updateEntry(text, section, oldKey, entry), false);
  }

  async remove(source: EntrySource, section: RegistrySection, key: string): Promise<void> {
    if (source.kind === 'user') {
      const field = section === 'connections' ? 'id' : 'name';
      await this.writeUser(
        section,
        this.userList(section).filter((e) => e[field] !== key),
      );
      return;
    }
    await this.editFile(source.folder, (text) => removeEntry(text, section, key), false);
  }

  private userList(section: RegistrySection): Record<string, unknown>[] {
    const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>(SectionKeys[section])?.globalValue;
    return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Record<string, unknown>[]) : [];
  }

  private async writeUser(section: RegistrySection, list: Record<string, unknown>[]): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SectionKeys[section], list, vscode.ConfigurationTarget.Global);
  }

  private async editFile(folder: vscode.WorkspaceFolder, edit: (text: string) => RegistryEditResult, mayCreate: boolean): Promise<void> {
    const uri = registryUri(folder);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // The user's unsaved typing is theirs: the entry goes into the editor, and saving is left to them.
    if (open?.isDirty) {
      const result = edit(open.getText());
      if (!result.ok) throw new Error(`${vscode.workspace.asRelativePath(uri)}: ${result.reason}`);
      const we = new vscode.WorkspaceEdit();
      for (const e of result.edits) {
        we.replace(uri, new vscode.Range(open.positionAt(e.offset), open.positionAt(e.offset + e.length)), e.content);
      }
      if (!(await vscode.workspace.applyEdit(we))) throw new Error(`VS Code refused the edit of ${vscode.workspace.asRelativePath(uri)}`);
      return;
    }
    // Otherwise the file on disk is the truth: an unmodified editor of it may still hold what the
    // file was before something else changed or deleted it, and editing that copy would write it
    // back. VS Code reloads an unmodified editor from the disk on its own.
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = undefined;
    }
    if (text === undefined && !mayCreate) throw new Error(`${uri.fsPath} does not exist`);
    const result = edit(text ?? '');
    if (!result.ok) throw new Error(`${vscode.workspace.asRelativePath(uri)}: ${result.reason}`);
    if (text === undefined) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    // Written at once: the tree reads the file on disk, and an entry the user just added must appear.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  }
}
