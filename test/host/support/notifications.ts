// The notifications half of the test prompters: what the extension told the user, as the Prompter
// received it (after the logger's redaction and shortening), and the progress it showed, so tests
// assert on what a user reads instead of on a command's return value. A test presses a progress
// notification's Cancel through cancelWhen() or cancel(), which fires the task's token exactly as
// the button does.
import * as vscode from 'vscode';
import type { ProgressOptions, ProgressReport, Prompter } from '../../../src/ui/prompter';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notified {
  level: NoticeLevel;
  message: string;
  /** the buttons offered, e.g. ['Retry', 'Show Log'] */
  actions: string[];
  /** the button a test clicked (see click()); undefined: dismissed */
  chosen?: string;
}

export interface ProgressShown {
  id: string;
  title: string;
  cancellable: boolean;
  location: 'notification' | 'window';
  /** every report, in order */
  reports: ProgressReport[];
  /** the messages of the reports, in order (a report may carry only an increment) */
  messages: string[];
  /** the test pressed Cancel (see cancelWhen() and cancel()) */
  cancelled: boolean;
  /** the task has settled, so the notification is gone */
  ended: boolean;
}

type CancelRule = { id: string; when: (report: ProgressReport, all: readonly ProgressReport[]) => boolean };

export class NotificationRecorder implements Pick<Prompter, NoticeLevel | 'progress'> {
  readonly notifications: Notified[] = [];
  readonly progresses: ProgressShown[] = [];
  private readonly clicks: { match: string | RegExp; action: string }[] = [];
  private readonly cancelRules: CancelRule[] = [];
  private readonly sources = new Map<ProgressShown, vscode.CancellationTokenSource>();

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

  /**
   * Presses Cancel on the next progress `id` as soon as one of its reports satisfies `when`
   * (given that report and all of its reports so far). The token fires once the code that
   * reported has returned to the event loop's microtasks, as it would for a click, but before any
   * I/O, so what the report said is still true when the cancel lands.
   */
  cancelWhen(id: string, when: CancelRule['when']): this {
    this.cancelRules.push({ id, when });
    return this;
  }

  /** cancelWhen() rules no progress satisfied: the flow did not report what the test expected. */
  get unusedCancels(): string[] {
    return this.cancelRules.map((r) => `cancel ${r.id} when ${r.when.toString()}`);
  }

  /** Presses Cancel now on the running progress `id`, e.g. once the store holds what a test waited for. */
  cancel(id: string): void {
    const running = [...this.sources].find(([p]) => p.id === id && p.cancellable && !p.cancelled);
    if (!running) throw new Error(`no cancellable progress "${id}" is running; shown:\n${this.describeProgress()}`);
    running[0].cancelled = true;
    running[1].cancel();
  }

  /** Progress notifications still showing: a command that resolves should leave none. */
  get running(): string[] {
    return this.progresses.filter((p) => !p.ended).map((p) => p.id);
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

  async progress<R>(options: ProgressOptions, task: (report: (r: ProgressReport) => void, token: vscode.CancellationToken) => Promise<R>): Promise<R> {
    const shown: ProgressShown = {
      id: options.id,
      title: options.title,
      cancellable: options.cancellable,
      location: options.location ?? 'notification',
      reports: [],
      messages: [],
      cancelled: false,
      ended: false,
    };
    this.progresses.push(shown);
    const source = new vscode.CancellationTokenSource();
    this.sources.set(shown, source);
    const report = (r: ProgressReport): void => {
      shown.reports.push({ ...r });
      if (r.message !== undefined) shown.messages.push(r.message);
      // Without a Cancel button there is nothing to press: the rule stays unused and fails the run.
      if (shown.cancelled || !shown.cancellable) return;
      const i = this.cancelRules.findIndex((rule) => rule.id === shown.id && rule.when(r, shown.reports));
      if (i < 0) return;
      this.cancelRules.splice(i, 1);
      shown.cancelled = true;
      queueMicrotask(() => source.cancel());
    };
    try {
      return await task(report, source.token);
    } finally {
      shown.ended = true;
      this.sources.delete(shown);
      source.dispose();
    }
  }

  /** Every notification as a `level: message [actions]` line, for readable assertion messages. */
  describe(): string {
    return this.notifications.map((n) => `${n.level}: ${n.message} [${n.actions.join(', ')}]`).join('\n') || '(none)';
  }

  /** Every progress as `id: title — messages`, for readable assertion messages. */
  describeProgress(): string {
    return this.progresses.map((p) => `${p.id}: ${p.title}${p.cancelled ? ' (cancelled)' : ''} — ${p.messages.join(' | ')}`).join('\n') || '(none)';
  }

  private record(level: NoticeLevel, message: string, actions: string[]): Promise<string | undefined> {
    const shown: Notified = { level, message, actions };
    const i = this.clicks.findIndex((c) => actions.includes(c.action) && (typeof c.match === 'string' ? message.includes(c.match) : c.match.test(message)));
    if (i >= 0) shown.chosen = this.clicks.splice(i, 1)[0].action;
    this.notifications.push(shown);
    return Promise.resolve(shown.chosen);
  }
}
