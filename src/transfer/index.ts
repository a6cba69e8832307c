import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { S3_SCHEME, S3ReadonlyFileSystem } from '../fs/s3FileSystem';
import { UploadDropController } from './dragAndDrop';
import { Downloader, type DownloadSummary } from './download';
import { IncompleteUploads, type AbortAllSummary, type AbortSummary, type ResumeSummary } from './incomplete';
import { openObjectCommand } from './open';
import { copyDolbyAuthLocationCommand, presignCommand, presignUploadOfFileCommand } from './presign';
import { guarded, type TransferDeps } from './targets';
import { Uploader, type UploadSummary } from './upload';

/** What the transfer glue hands to the extension's API (tests await and cancel through it). */
export interface TransferApi {
  dragAndDrop: UploadDropController;
  fileSystem: S3ReadonlyFileSystem;
  /** Cancels every upload and download in progress, as their Cancel buttons do. */
  cancelAll(): void;
}

export type { AbortAllSummary, AbortSummary, DownloadSummary, ResumeSummary, UploadSummary };
export { UploadDropController };

/** Registers presign, upload, download, open and the Incomplete Uploads actions, and the read-only s3media: file system. */
export function registerTransfers(context: vscode.ExtensionContext, deps: TransferDeps, dragAndDrop: UploadDropController): TransferApi {
  const uploader = new Uploader(deps);
  const downloader = new Downloader(deps);
  const fileSystem = new S3ReadonlyFileSystem(deps);
  const incomplete = new IncompleteUploads(deps);
  dragAndDrop.attach(deps, uploader);
  const command = (id: string, operation: string, body: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => guarded(deps, operation, () => body(...args)));
  context.subscriptions.push(
    uploader,
    downloader,
    fileSystem,
    vscode.workspace.registerFileSystemProvider(S3_SCHEME, fileSystem, { isReadonly: true, isCaseSensitive: true }),
    command(Commands.presign, 'Presign URL', (node) => presignCommand(deps, node)),
    command(Commands.presignUploadOfFile, 'Presign upload URL', (uri) => presignUploadOfFileCommand(deps, uri)),
    command(Commands.copyDolbyAuthLocation, 'Copy Dolby.io location with credentials', (node) => copyDolbyAuthLocationCommand(deps, node)),
    command(Commands.upload, 'Upload', (a, b) => uploader.command(a, b)),
    command(Commands.retryFailedUploads, 'Retry failed uploads', () => uploader.retryFailedCommand()),
    command(Commands.download, 'Download', (a, b) => downloader.command(a, b)),
    command(Commands.openObject, 'Open object', (node) => openObjectCommand(deps, fileSystem, node)),
    incomplete,
    command(Commands.resumeUpload, 'Resume upload', (node) => incomplete.resumeCommand(node)),
    command(Commands.abortIncompleteUpload, 'Abort upload', (node) => incomplete.abortCommand(node)),
    command(Commands.abortAllIncompleteUploads, 'Abort all incomplete uploads', (node) => incomplete.abortAllCommand(node)),
  );
  deps.explorer?.showIncompleteUploads(deps.resumeStore);
  return {
    dragAndDrop,
    fileSystem,
    cancelAll: () => {
      uploader.cancelAll();
      downloader.cancelAll();
      incomplete.cancelAll();
    },
  };
}
