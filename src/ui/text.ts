import * as vscode from 'vscode';
import { listSome } from '../core/format';

/** "a, b, c and 4 more" in the user's language (the log keeps core's English `listSome`). */
export function someOf(items: readonly string[], max = 3): string {
  return listSome(items, max, (n) => vscode.l10n.t('and {0} more', n));
}

/** A count with the user's digit grouping ("1,500"), which l10n.t's plain String(n) lacks. */
export const count = (n: number): string => n.toLocaleString(vscode.env.language);

// Counts as whole phrases, so that a translation can inflect the noun (plural rules differ).
export const objectCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 object') : vscode.l10n.t('{0} objects', count(n)));
export const itemCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 item') : vscode.l10n.t('{0} items', count(n)));
export const sourceCount = (n: number): string => (n === 1 ? vscode.l10n.t('1 source') : vscode.l10n.t('{0} sources', count(n)));
