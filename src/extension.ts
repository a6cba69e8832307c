import * as vscode from 'vscode';
import { Commands, ViewIds } from './commandIds';
import { decodeResponseCommand } from './commands/decodeResponse';
import { ErrorReporter } from './errors/errorReporter';
import { Logger } from './logger';
import { ExplorerProvider } from './tree/explorer';

/** What the extension hands to other extensions and to its own extension-host tests. */
export interface MediaStorageApi {
  readonly logger: Logger;
  readonly errors: ErrorReporter;
}

let logger: Logger | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MediaStorageApi | undefined> {
  logger = new Logger();
  context.subscriptions.push(logger);
  try {
    return await activateInner(context, logger);
  } catch (err) {
    // A failed activation otherwise surfaces only as "command not found" later on, far from
    // its cause; show it now, and keep the stack in the log for the bug report.
    const message = err instanceof Error ? err.message : String(err);
    logger.error(err instanceof Error ? err : message);
    void vscode.window.showErrorMessage(`Media Storage Workbench failed to start: ${message}`, 'Show Log').then((choice) => {
      if (choice) {
        logger?.show(false);
      }
    });
    return undefined;
  }
}

async function activateInner(context: vscode.ExtensionContext, log: Logger): Promise<MediaStorageApi> {
  const errors = new ErrorReporter(log);
  const explorer = new ExplorerProvider();
  context.subscriptions.push(
    explorer,
    vscode.window.createTreeView(ViewIds.explorer, { treeDataProvider: explorer, showCollapseAll: true }),
    vscode.commands.registerCommand(Commands.refresh, () => explorer.refresh()),
    vscode.commands.registerCommand(Commands.showLog, () => log.show(false)),
    vscode.commands.registerCommand(Commands.decodeResponse, () => decodeResponseCommand(log, errors)),
  );
  log.info(`Media Storage Workbench ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);
  return { logger: log, errors };
}

export function deactivate(): void {
  logger = undefined;
}
