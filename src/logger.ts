import * as vscode from 'vscode';
import { redact } from './core/log/redact';

/**
 * The one log of the extension. Every line passes through `redact`, together with the secret
 * values the extension has read from SecretStorage in this session, so that no code path can
 * write a key or a presigned signature to the channel or its log file by mistake.
 */
export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

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

  trace(message: string): void {
    this.channel.trace(this.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }
  error(message: string | Error): void {
    const text = message instanceof Error ? `${message.message}${message.stack ? `\n${message.stack}` : ''}` : message;
    this.channel.error(this.redact(text));
  }
  /** A multi-line block (a decoded error) as one entry, so the channel keeps it together. */
  block(text: string, level: 'info' | 'warn' | 'error' = 'error'): void {
    this.channel[level](this.redact(text));
  }

  show(preserveFocus = true): void {
    this.channel.show(preserveFocus);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
