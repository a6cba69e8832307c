import * as vscode from 'vscode';
import { listSome } from '../core/format';

/** "a, b, c and 4 more" in the user's language (the log keeps core's English `listSome`). */
export function someOf(items: readonly string[], max = 3): string {
  return listSome(items, max, (n) => vscode.l10n.t('and {0} more', n));
}
