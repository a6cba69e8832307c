import * as vscode from 'vscode';
import type { Logger } from '../logger';

const SECRET_KEY = 'mediaStorage.bitmovin.apiKey';

/**
 * The Bitmovin API key, kept only in SecretStorage. Whatever is read or stored is registered
 * with the logger first, so the key is redacted even where it is not sent as an X-Api-Key header.
 */
export class BitmovinKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** cached so that drawing the tree does not hit the keychain on every expansion */
  private known: boolean | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    // Another window of the same profile can set or clear the key.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.known = undefined;
        this.changed.fire();
      }
    });
  }

  async get(): Promise<string | undefined> {
    const key = await this.secrets.get(SECRET_KEY);
    this.log.addSecret(key);
    this.known = key !== undefined && key !== '';
    return key || undefined;
  }

  /** Whether a key is stored, from the cache when known (undefined: not read yet). */
  get hasKey(): boolean | undefined {
    return this.known;
  }

  async set(key: string): Promise<void> {
    this.log.addSecret(key);
    await this.secrets.store(SECRET_KEY, key);
    this.known = true;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.known = false;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
