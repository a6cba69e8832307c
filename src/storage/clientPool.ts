import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../commandIds';
import { SETTINGS } from '../core/settings';
import { createS3Client, NETWORK_DEFAULTS, type NetworkOptions, type StaticCredentials } from '../core/storage/client';
import type { RetryEvent } from '../core/storage/retry';
import { decodeError } from '../errors/lazyErrors';
import type { Logger } from '../logger';
import { readSetting } from '../settings';
import { HTTP_SECTION, HttpSettingKeys, NetworkSettingKeys, SETTINGS_SECTION } from '../settingKeys';
import { CredentialConsent, describeConnection, describeSource, destinationOf, sourceOf, type ConsentRequest } from './credentialConsent';
import { CredentialStore } from './credentialStore';
import type { ConnectionEntry, StorageModel } from './storageModel';

interface Cached {
  /** the connection's settings when the client was made; any change means a new client */
  fingerprint: string;
  /** the secret-store slots its keys came from or would come from (see CredentialStore.keysConcerning) */
  credentialKeys: string[];
  /** made with the user's credentials under a consent, which a reset withdraws */
  consented: boolean;
  client: Promise<S3Client>;
}

/** The settings a client is built from, besides the connection's own. */
export type PoolNetwork = Omit<NetworkOptions, 'onRetry'>;

/**
 * What a caller says about its request. `interactive`: a person is waiting on it (a tree
 * expansion, a command), so a workspace connection may ask to use the user's credentials; a
 * background request (validation hints) never asks and is skipped instead.
 */
export type ClientRequest = ConsentRequest;

/** How a client will authenticate, decided before anything is built. */
interface Authorized {
  credentials: StaticCredentials | undefined;
  how: string;
  consented: boolean;
}

/**
 * One S3 client per connection, made on first use (the SDK is loaded only then) and destroyed
 * when the connection's settings or credentials change, so no request is signed with a key the
 * user has just replaced. Every client gets the timeouts, retries, proxy and user agent of the
 * `mediaStorage.network.*` and `http.*` settings; a change of those drops every client too.
 *
 * A client uses the keys stored for exactly its connection's identity (see CredentialStore). A
 * workspace connection without such keys would use the user's profile or default chain, which
 * needs the user's consent first (CredentialConsent); until then not even the credential
 * provider is made, since making a profile's provider can run its credential_process.
 */
class PoolCore implements vscode.Disposable {
  private readonly clients = new Map<string, Cached>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly accessChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeAccess = this.accessChanged.event;
  // Bumped whenever what a connection may use changes, so that an authorization decided before
  // the change is not cached after it.
  private generation = 0;
  private current: PoolNetwork;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly consent: CredentialConsent,
    private readonly log: Logger,
  ) {
    this.current = this.readNetwork();
    this.subscriptions.push(
      this.accessChanged,
      credentials.onDidChange((key) => {
        this.generation++;
        for (const [k, cached] of [...this.clients]) if (cached.credentialKeys.includes(key)) this.destroy(k, cached);
        this.accessChanged.fire();
      }),
      consent.onDidReset(() => {
        this.generation++;
        for (const [k, cached] of [...this.clients]) if (cached.consented) this.destroy(k, cached);
        this.accessChanged.fire();
      }),
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

  get network(): PoolNetwork {
    return this.current;
  }

  async get(entry: ConnectionEntry, request: ClientRequest): Promise<S3Client> {
    const fingerprint = JSON.stringify(entry.connection);
    for (;;) {
      // A cached client was authorized for exactly these settings; a reset or a credential
      // change drops it.
      const cached = this.clients.get(entry.key);
      if (cached && cached.fingerprint === fingerprint) return cached.client;
      const generation = this.generation;
      const authorized = await this.authorize(entry, request);
      if (generation !== this.generation) continue;
      const again = this.clients.get(entry.key);
      if (again && again.fingerprint === fingerprint) return again.client;
      if (again) this.destroy(entry.key, again);
      return this.create(entry, fingerprint, authorized);
    }
  }

  private async authorize(entry: ConnectionEntry, request: ClientRequest): Promise<Authorized> {
    // The tree and the commands check trust first; this holds for any other caller.
    if (entry.source.kind === 'workspace' && !vscode.workspace.isTrusted) {
      throw new Error(vscode.l10n.t('Not connected: {0} comes from the registry of a workspace you have not trusted.', describeConnection(entry)));
    }
    const stored = await this.credentials.get(entry);
    if (stored) return { credentials: stored, how: 'keys you set for it', consented: false };
    const source = sourceOf(entry.connection);
    if (entry.source.kind === 'user') return { credentials: undefined, how: describeSource(source), consented: false };
    const allowedAt = await this.consent.require(entry, source, request);
    return { credentials: undefined, how: `${describeSource(source)}, ${CredentialConsent.allowedText(allowedAt)}`, consented: true };
  }

  private create(entry: ConnectionEntry, fingerprint: string, authorized: Authorized): Promise<S3Client> {
    const network: NetworkOptions = { ...this.current, onRetry: (e) => this.logRetry(entry, e) };
    this.log.info(`Connecting ${describeConnection(entry)} to ${destinationOf(entry.connection)} with ${authorized.how}`);
    const client = createS3Client(entry.connection, authorized.credentials, network);
    // A failed creation (an unreadable profile) must be retried next time, not cached.
    void client.catch(() => {
      if (this.clients.get(entry.key)?.client === client) this.clients.delete(entry.key);
    });
    this.clients.set(entry.key, { fingerprint, credentialKeys: CredentialStore.keysConcerning(entry), consented: authorized.consented, client });
    return client;
  }

  /** Drops clients of connections that no longer exist or whose settings changed. */
  sync(model: StorageModel): void {
    const live = new Map(model.connections.map((c) => [c.key, JSON.stringify(c.connection)]));
    for (const [key, cached] of this.clients) {
      if (live.get(key) !== cached.fingerprint) this.destroy(key, cached);
    }
  }

  // "Retrying ListObjectsV2 on Lab in 1.2 s (attempt 2 of 8): ECONNRESET": a stall that ends in
  // success leaves a trace, and one that ends in failure shows what was tried.
  private logRetry(entry: ConnectionEntry, e: RetryEvent & { command: string }): void {
    const decoded = decodeError(e.error);
    const why = decoded.code ?? decoded.title;
    this.log.warn(
      `Retrying ${e.command} on ${entry.connection.label} in ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt + 1} of ${e.maxAttempts}): ${why}`,
    );
  }

  private readNetwork(): PoolNetwork {
    const http = vscode.workspace.getConfiguration(HTTP_SECTION);
    const proxyUrl = http.get<string>(HttpSettingKeys.proxy, '').trim();
    const noProxy = http.get<unknown>(HttpSettingKeys.noProxy, []);
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version?: unknown } | undefined)?.version;
    const version = typeof declared === 'string' ? declared : '0.0.0';
    return {
      connectTimeoutMs: readSetting(this.log, SETTINGS.connectTimeoutSeconds) * 1000,
      idleTimeoutMs: readSetting(this.log, SETTINGS.idleTimeoutSeconds) * 1000,
      retry: { ...NETWORK_DEFAULTS.retry, maxAttempts: readSetting(this.log, SETTINGS.maxAttempts) },
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

/**
 * The pool as its callers hold it. `get(entry)` without `interactive` is a background request
 * (it never asks the user, and is skipped while a workspace connection waits for consent);
 * `forUserActions()` is the same pool for callers that run only on a user's action, where the
 * default is interactive.
 */
export class ClientPool implements vscode.Disposable {
  private constructor(
    private readonly core: PoolCore,
    private readonly interactiveByDefault: boolean,
    private readonly owner: boolean,
  ) {}

  static create(credentials: CredentialStore, consent: CredentialConsent, log: Logger): ClientPool {
    return new ClientPool(new PoolCore(credentials, consent, log), false, true);
  }

  /** The same clients, with requests interactive unless a caller says otherwise. */
  forUserActions(): ClientPool {
    return new ClientPool(this.core, true, false);
  }

  /** The timeouts, retries and proxy clients are made with now. */
  get network(): PoolNetwork {
    return this.core.network;
  }

  /** Fires when keys or consents changed, so that answers learnt without them are asked again. */
  get onDidChangeAccess(): vscode.Event<void> {
    return this.core.onDidChangeAccess;
  }

  /** Rejects with CredentialConsentError while a workspace connection may not use the user's credentials. */
  get(entry: ConnectionEntry, request: ClientRequest = {}): Promise<S3Client> {
    return this.core.get(entry, { ...request, interactive: request.interactive ?? this.interactiveByDefault });
  }

  sync(model: StorageModel): void {
    this.core.sync(model);
  }

  /** Only the pool made by `create` owns the clients; a view's dispose leaves them to it. */
  dispose(): void {
    if (this.owner) this.core.dispose();
  }
}
