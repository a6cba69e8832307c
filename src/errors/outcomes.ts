import * as vscode from 'vscode';

/**
 * Thrown when the user asked for something this extension can't do as asked (a wrong
 * invocation, a declined permission): the message is shown as a warning, as is, without a
 * decode or the log, since there is nothing more in it to read.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/**
 * A cancelled operation is not a failure to report: the user asked for it to stop. VS Code's
 * CancellationError is named "Canceled"; a fired AbortSignal (ours, the transfer engine's, the
 * SDK's) rejects with an AbortError.
 */
export function isCancellation(err: unknown): boolean {
  if (err instanceof vscode.CancellationError) return true;
  const name = (err as { name?: unknown } | null | undefined)?.name;
  return name === 'AbortError' || name === 'Canceled';
}
