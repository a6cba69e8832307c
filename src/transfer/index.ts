import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandRunner } from '../commands/runner';
import { S3_SCHEME, S3ReadonlyFileSystem } from './s3FileSystem';
import { UploadDropController } from './dragAndDrop';
import { Downloader } from './download';
import { IncompleteUploads } from './incomplete';
import { openObjectCommand } from './open';
import { copyDolbyAuthLocationCommand, presignCommand, presignUploadOfFileCommand } from './presign';
import type { TransferDeps } from './targets';
import { Uploader } from './upload';

/**
 * What the transfer glue hands to the extension: the tree view's drop controller and the
 * s3media: file system. Tests cancel a transfer through the Prompter's progress, as a user does.
 */
export interface TransferApi {
  dragAndDrop: UploadDropController;
  fileSystem: S3ReadonlyFileSystem;
}

/** Registers presign, upload, download, open and the Incomplete Uploads actions, and the read-only s3media: file system. */
export function registerTransfers(context: vscode.ExtensionContext, deps: TransferDeps, commands: CommandRunner): TransferApi {
  const uploader = new Uploader(deps);
  const downloader = new Downloader(deps);
  const fileSystem = new S3ReadonlyFileSystem(deps);
  const incomplete = new IncompleteUploads(deps);
  const dragAndDrop = new UploadDropController(deps, uploader);
  context.subscriptions.push(
    uploader,
    downloader,
    fileSystem,
    vscode.workspace.registerFileSystemProvider(S3_SCHEME, fileSystem, { isReadonly: true, isCaseSensitive: true }),
    commands.register(Commands.presign, (node) => presignCommand(deps, node)),
    commands.register(Commands.presignUploadOfFile, (uri) => presignUploadOfFileCommand(deps, uri)),
    commands.register(Commands.copyDolbyAuthLocation, (node) => copyDolbyAuthLocationCommand(deps, node)),
    commands.register(Commands.upload, (a, b) => uploader.command(a, b)),
    commands.register(Commands.retryFailedUploads, () => uploader.retryFailedCommand()),
    commands.register(Commands.download, (a, b) => downloader.command(a, b)),
    commands.register(Commands.openObject, (node) => openObjectCommand(deps, fileSystem, node)),
    incomplete,
    commands.register(Commands.resumeUpload, (node) => incomplete.resumeCommand(node)),
    commands.register(Commands.abortIncompleteUpload, (node) => incomplete.abortCommand(node)),
    commands.register(Commands.abortAllIncompleteUploads, (node) => incomplete.abortAllCommand(node)),
  );
  deps.explorer?.showIncompleteUploads(deps.resumeStore);
  return { dragAndDrop, fileSystem };
}
