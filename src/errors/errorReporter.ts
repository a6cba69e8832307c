import * as vscode from 'vscode';
import { decodeError, renderBlock, summaryLine, type Decoded } from './lazyErrors';
import type { Logger } from '../logger';

/**
 * The one way errors reach the user: every failure of the extension's own operations, and
 * every response the user asks to decode, is rendered by the same core renderer into the
 * "Media Storage" channel, with a one-line notification that leads to it.
 */
export class ErrorReporter {
  constructor(private readonly log: Logger) {}

  /**
   * Decodes an error thrown by `operation` (e.g. "Upload to demo-output"), shows and logs it.
   * Returns the decoded error with the registered secrets already redacted.
   */
  report(err: unknown, operation: string): Decoded {
    return this.show(decodeError(err), operation);
  }

  /** Writes the block; errors reveal the channel and notify, successes only log. */
  show(decoded: Decoded, operation?: string): Decoded {
    // The renderer shortens long fields and the summary; a registered key cut there would no
    // longer match, so it is hidden before anything is rendered.
    const safe = this.log.redactValue(decoded);
    const heading = operation ? `${operation}\n` : '';
    const block = `${heading}${renderBlock(safe)}`;
    if (safe.ok) {
      this.log.block(block, 'info');
      return safe;
    }
    this.log.block(block, 'error');
    this.log.show(true);
    const summary = summaryLine(safe);
    void vscode.window
      .showErrorMessage(this.log.notice(operation ? `${operation}: ${summary}` : summary), 'Show Details')
      .then((choice) => {
        if (choice) {
          this.log.show(false);
        }
      });
    return safe;
  }
}
