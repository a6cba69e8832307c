import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { createS3Client, NETWORK_DEFAULTS, type NetworkOptions } from '../core/storage/client';
import type { RetryEvent } from '../core/storage/retry';
import { decodeError } from '../errors/lazyErrors';
import type { Logger } from '../logger';
import { HTTP_SECTION, HttpSettingKeys, NetworkSettingKeys, SETTINGS_SECTION } from '../settingKeys';
import type { CredentialStore } from './credentialStore';
import type { ConnectionEntry, StorageModel } from './storageModel';

interface Cached {
  /** the connection's settings when the client was made; any change means a new client */
  fingerprint: string;
  client: Promise<S3Client>;
}

const EXTENSION_ID = 'media-storage-workbench.media-storage-workbench';

/** The settings a client is built from, besides the connection's own. */
export type PoolNetwork = Omit<NetworkOptions, 'onRetry'>;

/**
 * One S3 client per connection, made on first use (the SDK is loaded only then) and destroyed
 * when the connection's settings or credentials change, so no request is signed with a key the
 * user has just replaced. Every client gets the timeouts, retries, proxy and user agent of the
 * `mediaStorage.network.*` and `http.*` settings; a change of those drops every client too.
 */
export class ClientPool implements vscode.Disposable {
  private readonly clients = new Map<string, Cached>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private current: PoolNetwork;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: Logger,
  ) {
    this.current = this.readNetwork();
    this.subscriptions.push(
      credentials.onDidChange((id) => this.dropConnectionId(id)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        const keys = [
          ...Object.values(NetworkSettingKeys).map((k) => `${SETTINGS_SECTION}.${k}`),
          ...Object.values(HttpSettingKeys).map((k) => `${HTTP_SECTION}.${k}`),
        ];
        if (!keys.some((k) => e.affectsConfiguration(k))) return;
        this.current = this.readNetwork();
        // Requests in flight on the old clients are reset; the gateway and the transfer engine
        // retry them on a new client with the new settings.
        if (this.clients.size) this.log.info('Network settings changed: S3 clients are made again with them');
        for (const [key, cached] of [...this.clients]) this.destroy(key, cached);
      }),
    );
  }

  /** The timeouts, retries and proxy clients are made with now. */
  get network(): PoolNetwork {
    return this.current;
  }

  get(entry: ConnectionEntry): Promise<S3Client> {
    const fingerprint = JSON.stringify(entry.connection);
    const cached = this.clients.get(entry.key);
    if (cached && cached.fingerprint === fingerprint) return cached.client;
    if (cached) this.destroy(entry.key, cached);
    const network: NetworkOptions = { ...this.current, onRetry: (e) => this.logRetry(entry, e) };
    const client = (async () => {
      const stored = await this.credentials.get(entry.connection.id);
      const how = stored ? 'keys from the secret store' : entry.connection.profile ? `AWS profile "${entry.connection.profile}"` : 'the default AWS credential chain';
      this.log.info(`Connecting "${entry.connection.label}" (${entry.connection.endpoint ?? entry.connection.region}) with ${how}`);
      return createS3Client(entry.connection, stored, network);
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

  // "Retrying ListObjectsV2 on Lab in 1.2 s (attempt 2 of 8): ECONNRESET": a stall that ends in
  // success leaves a trace, and one that ends in failure shows what was tried.
  private logRetry(entry: ConnectionEntry, e: RetryEvent & { command: string }): void {
    const decoded = decodeError(e.error);
    const why = decoded.code ?? decoded.title;
    this.log.warn(`Retrying ${e.command} on ${entry.connection.label} in ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt + 1} of ${e.maxAttempts}): ${why}`);
  }

  private readNetwork(): PoolNetwork {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    // The settings editor keeps values in range; settings.json does not.
    const whole = (key: string, fallback: number, min: number, max: number): number => {
      const value = config.get<number>(key, fallback);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      this.log.warn(`${SETTINGS_SECTION}.${key} ${String(value)} is not a whole number from ${min} to ${max}; using ${fallback}`);
      return fallback;
    };
    const http = vscode.workspace.getConfiguration(HTTP_SECTION);
    const proxyUrl = http.get<string>(HttpSettingKeys.proxy, '').trim();
    const noProxy = http.get<unknown>(HttpSettingKeys.noProxy, []);
    const version = String((vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version?: unknown } | undefined)?.version ?? '0.0.0');
    return {
      connectTimeoutMs: whole(NetworkSettingKeys.connectTimeoutSeconds, NETWORK_DEFAULTS.connectTimeoutMs / 1000, 1, 120) * 1000,
      idleTimeoutMs: whole(NetworkSettingKeys.idleTimeoutSeconds, NETWORK_DEFAULTS.idleTimeoutMs / 1000, 5, 600) * 1000,
      retry: { ...NETWORK_DEFAULTS.retry, maxAttempts: whole(NetworkSettingKeys.maxAttempts, NETWORK_DEFAULTS.retry.maxAttempts, 1, 20) },
      userAgent: `media-storage-workbench/${version}`,
      proxy: {
        ...(proxyUrl ? { url: proxyUrl } : {}),
        noProxy: Array.isArray(noProxy) ? noProxy.filter((h): h is string => typeof h === 'string') : [],
        strictSsl: http.get<boolean>(HttpSettingKeys.proxyStrictSSL, true),
      },
    };
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
