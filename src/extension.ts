import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileResumeStore } from './core/transfer/resumeStore';
import { registerBitmovin, type BitmovinApi } from './bitmovin';
import { Commands } from './commandIds';
import { decodeResponseCommand } from './commands/decodeResponse';
import { CommandRunner, commandTitles } from './commands/runner';
import { ErrorReporter } from './errors/errorReporter';
import { Logger } from './logger';
import { readManifestNls } from './manifestNls';
import { activateStorage, createExplorerView, type StorageApi } from './tree/activateStorage';
import type { TreeNode } from './tree/nodes';
import { registerTransfers, type TransferApi } from './transfer';
import { PrompterHolder } from './ui/prompter';
import { migrateRenamedSettings } from './settings';
import { registerMedia, type MediaApi } from './media';
import { registerValidation, type ValidationApi } from './validation';

/** What the extension hands to other extensions and to its own extension-host tests. */
export interface MediaStorageApi extends StorageApi {
  readonly logger: Logger;
  readonly errors: ErrorReporter;
  readonly transfers: TransferApi;
  readonly validation: ValidationApi;
  readonly bitmovin: BitmovinApi;
  /** registers every command; `registered` is what the manifest test compares with package.json */
  readonly commands: CommandRunner;
  readonly media: MediaApi;
  /** the tree view: what is selected and revealed in it */
  readonly view: vscode.TreeView<TreeNode>;
}

export async function activate(context: vscode.ExtensionContext): Promise<MediaStorageApi | undefined> {
  const started = Date.now();
  const log = new Logger();
  context.subscriptions.push(log);
  const prompts = new PrompterHolder((text) => log.notice(text));
  try {
    const api = await activateInner(context, log, prompts);
    log.info(`activated in ${Date.now() - started} ms`);
    return api;
  } catch (err) {
    // A failed activation otherwise surfaces only as "command not found" later on, far from
    // its cause; show it now, and keep the stack in the log for the bug report.
    const message = err instanceof Error ? err.message : String(err);
    log.error(err instanceof Error ? err : message);
    void new ErrorReporter(log, prompts).notifyWithLog('error', vscode.l10n.t('Media Storage Workbench failed to start: {0}', message));
    return undefined;
  }
}

async function activateInner(context: vscode.ExtensionContext, log: Logger, prompts: PrompterHolder): Promise<MediaStorageApi> {
  const errors = new ErrorReporter(log, prompts);
  const commands = new CommandRunner(errors, commandTitles(context.extension.packageJSON, readManifestNls(context.extensionPath, vscode.env.language)));
  const storage = await activateStorage(context, { log, errors, prompts, commands });
  // What the feature parts share of the storage part.
  const shared = {
    log,
    errors,
    registry: storage.registry,
    clients: storage.clients,
    credentials: storage.credentials,
    prompters: storage.prompts,
    explorer: storage.explorer,
  };
  const transfers = registerTransfers(
    context,
    { ...shared, resumeStore: new FileResumeStore(path.join(context.globalStorageUri.fsPath, 'uploads')), objects: storage.objects },
    commands,
  );
  const view = createExplorerView(context, storage, transfers.dragAndDrop, commands);
  const validation = registerValidation(context, shared, commands);
  const media = registerMedia(context, { ...shared, kinds: validation.kinds }, commands);
  const bitmovin = registerBitmovin(context, { log, errors, registry: storage.registry, prompters: storage.prompts, explorer: storage.explorer, commands });
  context.subscriptions.push(
    // Re-reads the registry files and settings too, so the view matches the files after a refresh.
    commands.register(Commands.refresh, () => storage.registry.reload()),
    commands.register(Commands.showLog, () => log.show(false)),
    commands.register(Commands.decodeResponse, () => decodeResponseCommand(log, prompts.current)),
  );
  // Not awaited: it writes settings files, and nothing above reads the renamed settings at start.
  void migrateRenamedSettings(log);
  log.info(`Media Storage Workbench ${String((context.extension.packageJSON as { version?: unknown }).version)} activated in VS Code ${vscode.version}`);
  return { ...storage, logger: log, errors, transfers, validation, bitmovin, media, commands, view };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
