import * as vscode from 'vscode';
import type { ErrorReporter } from '../errors/errorReporter';
import { resolveManifestText, type ManifestNls } from '../manifestNls';
import { withCommandTitle } from '../ui/prompter';

/**
 * A command's work. It returns nothing: what a command did is what the user sees (notifications,
 * questions, progress, editors, the clipboard, the tree) and what the store or the disk holds,
 * and tests observe exactly that through the Prompter, not a value only a test would read.
 */
export type CommandHandler = (...args: unknown[]) => void | Promise<void>;

/**
 * The titles package.json gives the commands, as the log names the operation that failed:
 * "Upload…" is "Upload". One source, so a failure reads as the menu item the user chose. A title
 * given as a `%key%` reference is the text `nls` (package.nls.json) has for it.
 */
export function commandTitles(packageJSON: unknown, nls: ManifestNls = new Map()): Map<string, string> {
  const commands = (packageJSON as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  const titles = new Map<string, string>();
  for (const c of Array.isArray(commands) ? (commands as unknown[]) : []) {
    const { command, title } = (c ?? {}) as { command?: unknown; title?: unknown };
    if (typeof command === 'string' && typeof title === 'string') titles.set(command, resolveManifestText(title, nls).replace(/…$/, ''));
  }
  return titles;
}

/**
 * Registers every command of the extension, so that all of them fail the same way: whatever a
 * handler throws goes to the ErrorReporter (nothing for a cancel, a warning for a UserFacingError,
 * the decoded error with "Show Log" otherwise) and the command resolves to undefined, so neither
 * a context-menu click nor a test sees an unhandled rejection. Every command resolves to
 * undefined: none is an API that hands values to other extensions or keybindings.
 */
export class CommandRunner {
  private readonly ids = new Set<string>();

  constructor(
    private readonly errors: ErrorReporter,
    private readonly titles: ReadonlyMap<string, string>,
  ) {}

  register(id: string, handler: CommandHandler): vscode.Disposable {
    const operation = this.titles.get(id) ?? id;
    const registration = vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await withCommandTitle(operation, () => handler(...args));
      } catch (err) {
        this.errors.report(err, operation);
      }
    });
    this.ids.add(id);
    return new vscode.Disposable(() => {
      this.ids.delete(id);
      registration.dispose();
    });
  }

  /** The ids registered through the runner (and not disposed): the manifest test compares them with package.json. */
  get registered(): readonly string[] {
    return [...this.ids];
  }
}
