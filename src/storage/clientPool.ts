import type { S3Client } from '@aws-sdk/client-s3';
import type * as vscode from 'vscode';
import { createS3Client } from '../core/storage/client';
import type { Logger } from '../logger';
import type { CredentialStore } from './credentialStore';
import type { ConnectionEntry, StorageModel } from './storageModel';

interface Cached {
  /** the connection's settings when the client was made; any change means a new client */
  fingerprint: string;
  client: Promise<S3Client>;
}

/**
 * One S3 client per connection, made on first use (the SDK is loaded only then) and destroyed
 * when the connection's settings or credentials change, so no request is signed with a key the
 * user has just replaced.
 */
export class ClientPool implements vscode.Disposable {
  private readonly clients = new Map<string, Cached>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(credentials.onDidChange((id) => this.dropConnectionId(id)));
  }

  get(entry: ConnectionEntry): Promise<S3Client> {
    const fingerprint = JSON.stringify(entry.connection);
    const cached = this.clients.get(entry.key);
    if (cached && cached.fingerprint === fingerprint) return cached.client;
    if (cached) this.destroy(entry.key, cached);
    const client = (async () => {
      const stored = await this.credentials.get(entry.connection.id);
      const how = stored ? 'keys from the secret store' : entry.connection.profile ? `AWS profile "${entry.connection.profile}"` : 'the default AWS credential chain';
      this.log.info(`Connecting "${entry.connection.label}" (${entry.connection.endpoint ?? entry.connection.region}) with ${how}`);
      return createS3Client(entry.connection, stored);
    })();
    // A failed creation (an unreadable profile) must be retried next time, not cached.
    void client.catch(() => {
      if (this.clients.get(entry.key)?.client === client) this.clients.delete(entry.key);
    });
    this.clients.set(entry.key, { fingerprint, client });
    return client;
  }

  /** Drops clients of connections that no longer exist or whose settings changed. */
  sync(model: StorageModel): void {
    const live = new Map(model.connections.map((c) => [c.key, JSON.stringify(c.connection)]));
    for (const [key, cached] of this.clients) {
      if (live.get(key) !== cached.fingerprint) this.destroy(key, cached);
    }
  }

  dropConnectionId(id: string): void {
    for (const [key, cached] of this.clients) {
      if (key.endsWith(`#${id}`)) this.destroy(key, cached);
    }
  }

  private destroy(key: string, cached: Cached): void {
    this.clients.delete(key);
    void cached.client.then(
      (c) => c.destroy(),
      () => undefined,
    );
  }

  dispose(): void {
    for (const [key, cached] of [...this.clients]) this.destroy(key, cached);
    for (const s of this.subscriptions) s.dispose();
  }
}
