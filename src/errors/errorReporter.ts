import * as vscode from 'vscode';
import { decodeError, renderBlock, summaryLine, type Decoded } from './lazyErrors';
import { isCancellation, UserFacingError } from './outcomes';
import type { Logger } from '../logger';
import type { PrompterHolder } from '../ui/prompter';

/** The action that reveals the log (a function: a module's top level runs before the l10n bundle is loaded). */
export const showLogAction = (): string => vscode.l10n.t('Show Log');

/**
 * The one way errors reach the user: every failure of the extension's own operations, and
 * every response the user asks to decode, is rendered by the same core renderer into the
 * "Media Storage" channel, with one notification whose "Show Log" leads to it. The channel is
 * revealed only when the user asks: a panel that jumps open on every failure takes the focus
 * from what the user was doing, several times over when a batch fails.
 */
export class ErrorReporter {
  constructor(
    private readonly log: Logger,
    private readonly prompts: PrompterHolder,
  ) {}

  /**
   * What a failed user action (a command, a drop on the tree, a request made for one) tells the
   * user: nothing for a cancel, a warning for something we can't do as asked (UserFacingError),
   * the decoded error otherwise (e.g. operation "Upload to demo-output"). Returns the decoded
   * error with the registered secrets already redacted.
   */
  report(err: unknown, operation: string): Decoded {
    if (isCancellation(err)) {
      this.log.info(`${operation}: cancelled`);
    } else if (err instanceof UserFacingError) {
      this.log.warn(`${operation}: ${err.message}`);
      void this.prompts.current.warn(err.message);
    } else {
      return this.show(decodeError(err), operation);
    }
    return this.log.redactValue(decodeError(err));
  }

  /** Writes the decoded error to the log only, for a caller whose own notification leads there. */
  record(err: unknown, operation: string): Decoded {
    return this.write(decodeError(err), operation);
  }

  /** Writes the block; errors notify, successes only log. */
  show(decoded: Decoded, operation?: string): Decoded {
    const safe = this.write(decoded, operation);
    if (!safe.ok) {
      const summary = summaryLine(safe);
      void this.notifyWithLog('error', operation ? vscode.l10n.t('{0}: {1}', operation, summary) : summary);
    }
    return safe;
  }

  private write(decoded: Decoded, operation?: string): Decoded {
    // The renderer shortens long fields and the summary; a registered key cut there would no
    // longer match, so it is hidden before anything is rendered.
    const safe = this.log.redactValue(decoded);
    const heading = operation ? `${operation}\n` : '';
    this.log.block(`${heading}${renderBlock(safe)}`, safe.ok ? 'info' : 'error');
    return safe;
  }

  /**
   * A notification whose details are in the log: "Show Log" reveals it; any other action the
   * caller offers is handed back.
   */
  async notifyWithLog(level: 'warn' | 'error', message: string, ...actions: string[]): Promise<string | undefined> {
    const prompter = this.prompts.current;
    const SHOW_LOG = showLogAction();
    const choice = await (level === 'warn' ? prompter.warn(message, ...actions, SHOW_LOG) : prompter.error(message, ...actions, SHOW_LOG));
    if (choice === SHOW_LOG) {
      this.log.show(false);
      return undefined;
    }
    return choice;
  }
}
