// The notifications half of the test prompters: what the extension told the user, as the Prompter
// received it (after the logger's redaction and shortening), so tests assert on what a user
// reads instead of on a command's return value.
import type { Prompter } from '../../../src/ui/prompter';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notified {
  level: NoticeLevel;
  message: string;
  /** the buttons offered, e.g. ['Retry', 'Show Log'] */
  actions: string[];
  /** the button a test clicked (see click()); undefined: dismissed */
  chosen?: string;
}

export class NotificationRecorder implements Pick<Prompter, NoticeLevel> {
  readonly notifications: Notified[] = [];
  private readonly clicks: { match: string | RegExp; action: string }[] = [];

  /**
   * Clicks `action` on the next notification whose message contains `match` (or matches it) and
   * offers that action. Without a click every notification is dismissed, as an unread toast is.
   */
  click(match: string | RegExp, action: string): this {
    this.clicks.push({ match, action });
    return this;
  }

  /** Clicks no notification took: the flow did not show what the test expected. */
  get unusedClicks(): string[] {
    return this.clicks.map((c) => `${String(c.match)} → ${c.action}`);
  }

  info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.record('info', message, actions);
  }

  warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.record('warn', message, actions);
  }

  error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.record('error', message, actions);
  }

  /** Every notification as a `level: message [actions]` line, for readable assertion messages. */
  describe(): string {
    return this.notifications.map((n) => `${n.level}: ${n.message} [${n.actions.join(', ')}]`).join('\n') || '(none)';
  }

  private record(level: NoticeLevel, message: string, actions: string[]): Promise<string | undefined> {
    const shown: Notified = { level, message, actions };
    const i = this.clicks.findIndex((c) => actions.includes(c.action) && (typeof c.match === 'string' ? message.includes(c.match) : c.match.test(message)));
    if (i >= 0) shown.chosen = this.clicks.splice(i, 1)[0].action;
    this.notifications.push(shown);
    return Promise.resolve(shown.chosen);
  }
}
