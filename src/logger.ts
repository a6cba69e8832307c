import * as vscode from 'vscode';
import { redact, redactStrings, truncateRedacted } from './core/log/redact';

// A notification is a line or two that leads to the log, which has the rest. The cut is made
// here, between two redactions, rather than by VS Code (which cuts long messages itself) after
// the only one.
const NOTIFICATION_MAX = 400;

/**
 * The one log of the extension. Every line passes through `redact`, together with the secret
 * values the extension has read from SecretStorage in this session, so that no code path can
 * write a key or a presigned signature to the channel or its log file by mistake.
 */
export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  // The last entries as written (after redaction): what a test or a bug report reads back
  // without parsing the channel's log file.
  private readonly recentEntries: string[] = [];
  /** Entries written since activation; with the cap on recentEntries, the index of what came after a mark. */
  private writtenCount = 0;
  private reveals = 0;

  constructor(name = 'Media Storage') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Values to hide wherever they appear (e.g. a secret key just read from SecretStorage). */
  addSecret(value: string | undefined): void {
    if (value) {
      this.secrets.add(value);
    }
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** A copy of `value` (a decoded error) with every string redacted, for code that renders or shortens it. */
  redactValue<T>(value: T): T {
    return redactStrings(value, this.secrets);
  }

  /** Text for a notification: redacted, then shortened, then redacted again. */
  notice(text: string, max = NOTIFICATION_MAX): string {
    return truncateRedacted(text, max, this.secrets);
  }

  get recent(): readonly string[] {
    return this.recentEntries;
  }

  /** How many entries were written so far: a mark for `since`, valid however many entries the cap dropped. */
  get written(): number {
    return this.writtenCount;
  }

  /** The entries written after `mark` (a value of `written`), as far as the last 500 reach back. */
  since(mark: number): readonly string[] {
    const dropped = this.writtenCount - this.recentEntries.length;
    return this.recentEntries.slice(Math.max(0, mark - dropped));
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void {
    const line = this.redact(message);
    this.recentEntries.push(`[${level}] ${line}`);
    this.writtenCount++;
    if (this.recentEntries.length > 500) {
      this.recentEntries.splice(0, this.recentEntries.length - 500);
    }
    this.channel[level](line);
  }

  trace(message: string): void {
    this.write('trace', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  error(message: string | Error): void {
    const text = message instanceof Error ? `${message.message}${message.stack ? `\n${message.stack}` : ''}` : message;
    this.write('error', text);
  }
  /** A multi-line block (a decoded error) as one entry, so the channel keeps it together. */
  block(text: string, level: 'info' | 'warn' | 'error' = 'error'): void {
    this.write(level, `\n${text}`);
  }

  /** How often the channel was revealed: tests check that only a user's click reveals it. */
  get revealCount(): number {
    return this.reveals;
  }

  show(preserveFocus = true): void {
    this.reveals++;
    this.channel.show(preserveFocus);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
