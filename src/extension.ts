import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileResumeStore } from './core/transfer/resumeStore';
import { registerBitmovin, type BitmovinApi } from './bitmovin';
import { Commands } from './commandIds';
import { decodeResponseCommand } from './commands/decodeResponse';
import { ErrorReporter } from './errors/errorReporter';
import { Logger } from './logger';
import { activateStorage, type StorageApi } from './storage/activateStorage';
import { registerTransfers, UploadDropController, type TransferApi } from './transfer';
import { registerValidation, type ValidationApi } from './validation';

/** What the extension hands to other extensions and to its own extension-host tests. */
export interface MediaStorageApi extends StorageApi {
  readonly logger: Logger;
  readonly errors: ErrorReporter;
  readonly transfers: TransferApi;
  readonly validation: ValidationApi;
  readonly bitmovin: BitmovinApi;
}

let logger: Logger | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MediaStorageApi | undefined> {
  const started = Date.now();
  logger = new Logger();
  context.subscriptions.push(logger);
  try {
    const api = await activateInner(context, logger);
    logger.info(`activated in ${Date.now() - started} ms`);
    return api;
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
  const drop = new UploadDropController();
  const storage = await activateStorage(context, log, errors, drop);
  const transfers = registerTransfers(context, { log, errors, registry: storage.registry, clients: storage.clients, credentials: storage.credentials, prompters: storage.prompts, explorer: storage.explorer, resumeStore: new FileResumeStore(path.join(context.globalStorageUri.fsPath, 'uploads')) }, drop);
  const validation = registerValidation(context, { log, errors, registry: storage.registry, clients: storage.clients, credentials: storage.credentials, prompters: storage.prompts, explorer: storage.explorer });
  const bitmovin = registerBitmovin(context, { log, errors, registry: storage.registry, prompters: storage.prompts, explorer: storage.explorer });
  context.subscriptions.push(
    // Re-reads the registry files and settings too, so the view matches the files after a refresh.
    vscode.commands.registerCommand(Commands.refresh, () => storage.registry.reload()),
    vscode.commands.registerCommand(Commands.showLog, () => log.show(false)),
    vscode.commands.registerCommand(Commands.decodeResponse, () => decodeResponseCommand(log, errors)),
  );
  log.info(`Media Storage Workbench ${String(context.extension.packageJSON.version)} activated in VS Code ${vscode.version}`);
  return { ...storage, logger: log, errors, transfers, validation, bitmovin };
}

export function deactivate(): void {
  logger = undefined;
}
