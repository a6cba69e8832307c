import * as vscode from 'vscode';
import type { StaticCredentials } from '../core/storage/client';
import type { CredentialStore } from './credentialStore';
import { BACK, type InputOptions, type PickItem, type Prompter, type StepInfo } from '../ui/prompter';
import { describeConnection, destinationOf } from './credentialConsent';
import { sourceLabel, type ConnectionEntry } from './storageModel';

/**
 * The questions every path that stores keys asks (Set Credentials and both "move secret" quick
 * fixes), so they name the same things and default the same way.
 */

/** One item per connection definition: two with the same id are two items, told apart by where they live. */
export function connectionItems(entries: readonly ConnectionEntry[], detailOf?: (e: ConnectionEntry) => string | undefined): PickItem<ConnectionEntry>[] {
  return entries.map((e) => {
    const detail = detailOf?.(e);
    return {
      label: e.connection.label,
      description: `${e.connection.id} · ${sourceLabel(e.source)} · ${destinationOf(e.connection)}`,
      value: e,
      ...(detail ? { detail, picked: true } : {}),
    };
  });
}

export async function pickConnectionEntry(
  prompter: Prompter,
  id: string,
  placeholder: string,
  entries: readonly ConnectionEntry[],
  detailOf?: (e: ConnectionEntry) => string | undefined,
): Promise<ConnectionEntry | undefined> {
  const picked = await prompter.pick<ConnectionEntry>({ id, placeholder, items: connectionItems(entries, detailOf) });
  return picked === BACK ? undefined : picked;
}

/**
 * Asks before keys the connection works with today are replaced. Working keys are easy to lose
 * by mistake and hard to get back, so keeping them is the preselected answer (what Enter does)
 * and dismissing keeps them too. True only when the user chose Replace.
 */
export async function confirmReplaceKeys(
  prompter: Prompter,
  entry: ConnectionEntry,
  existing: StaticCredentials,
  incomingKeyId: string | undefined,
  options: StepInfo & { id: string },
): Promise<boolean> {
  const replaceLabel =
    incomingKeyId === undefined
      ? vscode.l10n.t('Replace access key ID {0}…', existing.accessKeyId)
      : incomingKeyId === existing.accessKeyId
        ? vscode.l10n.t('Replace the secret of access key ID {0}', existing.accessKeyId)
        : vscode.l10n.t('Replace access key ID {0} with {1}', existing.accessKeyId, incomingKeyId);
  const answer = await prompter.pick<boolean>({
    ...options,
    placeholder: vscode.l10n.t("'{0}' ({1}) already has keys. Replace them?", entry.connection.label, describeConnection(entry)),
    items: [
      {
        label: vscode.l10n.t('Keep access key ID {0}', existing.accessKeyId),
        description: vscode.l10n.t('the keys it works with now'),
        value: false,
        picked: true,
      },
      { label: replaceLabel, description: vscode.l10n.t('of {0}', describeConnection(entry)), value: true },
    ],
  });
  return answer === true;
}

/** True when storing `incoming` would change what is stored. */
export function wouldReplace(existing: StaticCredentials | undefined, incoming: StaticCredentials): existing is StaticCredentials {
  return existing !== undefined && (existing.accessKeyId !== incoming.accessKeyId || existing.secretAccessKey !== incoming.secretAccessKey);
}

/**
 * Stores a secret found in a file as the keys of `entry`: the access key id comes from the file,
 * or the keys the connection has, or the user. Working keys are replaced only when the user
 * says so. False when nothing was stored (the file must then stay as it is).
 */
export async function storeMovedSecret(
  prompter: Prompter,
  credentials: CredentialStore,
  entry: ConnectionEntry,
  secret: string,
  keyIdInFile: string | undefined,
  idPrefix: string,
): Promise<boolean> {
  const stored = await credentials.get(entry);
  let accessKeyId = keyIdInFile ?? stored?.accessKeyId;
  if (!accessKeyId) {
    const typed = await prompter.input({
      id: `${idPrefix}.accessKeyId`,
      prompt: vscode.l10n.t('Access key ID that goes with this secret ({0})', describeConnection(entry)),
      validate: (v) => (/^\S+$/.test(v) ? undefined : vscode.l10n.t('Enter the access key ID')),
    });
    if (typed === undefined || typed === BACK) return false;
    accessKeyId = typed;
  }
  const incoming = { accessKeyId, secretAccessKey: secret };
  if (wouldReplace(stored, incoming) && !(await confirmReplaceKeys(prompter, entry, stored, accessKeyId, { id: `${idPrefix}.replace` }))) return false;
  await credentials.set(entry, incoming);
  return true;
}

/** The access key id question, worded and checked alike wherever keys are typed. */
export function accessKeyIdQuestion(id: string, where: string, value?: string): InputOptions {
  return {
    id,
    prompt: vscode.l10n.t('Access key ID, used only for {0}', where),
    ...(value === undefined ? {} : { value }),
    validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter the access key ID (no spaces)')),
  };
}

/** The secret question (asked in a password box): the secret goes to the secret store, never into a file. */
export function secretQuestion(id: string): InputOptions {
  return {
    id,
    prompt: vscode.l10n.t('Secret access key — kept in VS Code secret storage, never in a file'),
    validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the secret access key')),
  };
}
