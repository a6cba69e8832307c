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

  /** Decodes an error thrown by `operation` (e.g. "Upload to demo-output"), shows and logs it. */
  report(err: unknown, operation: string): Decoded {
    const decoded = decodeError(err);
    this.show(decoded, operation);
    return decoded;
  }

  /** Writes the block; errors reveal the channel and notify, successes only log. */
  show(decoded: Decoded, operation?: string): void {
    const heading = operation ? `${operation}\n` : '';
    const block = `${heading}${renderBlock(decoded)}`;
    if (decoded.ok) {
      this.log.block(block, 'info');
      return;
    }
    this.log.block(block, 'error');
    this.log.show(true);
    const summary = this.log.redact(summaryLine(decoded));
    void vscode.window
      .showErrorMessage(operation ? `${operation}: ${summary}` : summary, 'Show Details')
      .then((choice) => {
        if (choice) {
          this.log.show(false);
        }
      });
  }
}
