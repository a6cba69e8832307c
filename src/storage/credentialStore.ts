import * as vscode from 'vscode';
import type { StaticCredentials } from '../core/storage/client';
import type { Logger } from '../logger';

const KEY_PREFIX = 'mediaStorage.credentials.';

/**
 * Access keys per connection id, kept only in VS Code's SecretStorage (the OS keychain on the
 * desktop). Everything read here is registered with the logger so it is redacted wherever it
 * might later appear.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** fires with the connection id whose credentials were set or cleared */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    // Another window of the same profile can change a secret; its clients must be rebuilt too.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length));
    });
  }

  static keyFor(connectionId: string): string {
    return KEY_PREFIX + connectionId;
  }

  async get(connectionId: string): Promise<StaticCredentials | undefined> {
    const raw = await this.secrets.get(CredentialStore.keyFor(connectionId));
    if (!raw) return undefined;
    let parsed: Partial<StaticCredentials>;
    try {
      parsed = JSON.parse(raw) as Partial<StaticCredentials>;
    } catch {
      this.log.warn(`The stored credentials for connection "${connectionId}" are unreadable; set them again.`);
      return undefined;
    }
    if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') return undefined;
    this.log.addSecret(parsed.secretAccessKey);
    this.log.addSecret(parsed.sessionToken);
    const out: StaticCredentials = { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
    if (typeof parsed.sessionToken === 'string' && parsed.sessionToken) out.sessionToken = parsed.sessionToken;
    return out;
  }

  async has(connectionId: string): Promise<boolean> {
    return (await this.secrets.get(CredentialStore.keyFor(connectionId))) !== undefined;
  }

  async set(connectionId: string, credentials: StaticCredentials): Promise<void> {
    this.log.addSecret(credentials.secretAccessKey);
    this.log.addSecret(credentials.sessionToken);
    await this.secrets.store(CredentialStore.keyFor(connectionId), JSON.stringify(credentials));
    this.changed.fire(connectionId);
  }

  async clear(connectionId: string): Promise<void> {
    await this.secrets.delete(CredentialStore.keyFor(connectionId));
    this.changed.fire(connectionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
