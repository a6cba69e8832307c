import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { StaticCredentials } from '../core/storage/client';
import { endpointFor } from '../core/storage/connection';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import type { ConnectionEntry } from './storageModel';

// Keys stored before they were bound to a destination, looked up by the bare connection id.
const LEGACY_PREFIX = 'mediaStorage.credentials.';
// Not a continuation of the legacy prefix, so that no connection id can name an identity's slot.
const IDENTITY_PREFIX = 'mediaStorage.credentials@';

/**
 * Who defined a connection and where its requests go. A stored key belongs to exactly one
 * identity: a workspace file that reuses the id of one of the user's connections, or points a
 * connection at another endpoint, region or addressing style, makes a different identity that
 * has no keys, so the user's keys are never signed into requests to a destination they did not
 * set them for.
 */
export interface CredentialIdentity {
  /** 'user', or the URI of the workspace folder whose registry file defines the connection */
  scope: string;
  id: string;
  /** the URL requests go to (with the scheme `useTls` gives it); '' for AWS's regional endpoint */
  endpoint: string;
  region: string;
  pathStyle: boolean;
}

export function identityOf(entry: ConnectionEntry): CredentialIdentity {
  const c = entry.connection;
  return {
    scope: entry.source.kind === 'user' ? 'user' : entry.source.folder.uri.toString(),
    id: c.id,
    endpoint: c.endpoint ? endpointFor(c) : '',
    region: c.region,
    pathStyle: c.forcePathStyle === true,
  };
}

/** A fixed-length name for an identity: its fields hold URIs and URLs of any length. */
export function identityHash(identity: CredentialIdentity): string {
  const { scope, id, endpoint, region, pathStyle } = identity;
  return createHash('sha256')
    .update(JSON.stringify([scope, id, endpoint, region, pathStyle]))
    .digest('hex')
    .slice(0, 32);
}

/** The registered connection a bare id means, or none. */
export type CredentialTarget = ConnectionEntry | string;

/** Thrown when a bare id names connections of several identities: guessing could replace the wrong keys. */
export class AmbiguousConnectionIdError extends UserFacingError {
  override name = 'AmbiguousConnectionIdError';
}

function stamp(raw: string | undefined): string {
  return raw === undefined ? '' : createHash('sha256').update(raw).digest('hex');
}

/**
 * Access keys per connection identity, kept only in VS Code's SecretStorage (the OS keychain on
 * the desktop). Everything read here is registered with the logger so it is redacted wherever it
 * might later appear.
 *
 * Callers name a connection by its entry. A bare id (the older form) means the one connection
 * registered with that id; with none registered it is the legacy slot, which only the user's own
 * connection of that id ever takes over; with several it is refused.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** fires with the secret's storage key (see storageKeyOf) when keys were set or cleared */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  // What each slot held when this window last wrote it or heard of a change (a hash, not the
  // secret): the secret store reports this window's own writes back, and only a real change
  // should rebuild clients and redraw the tree.
  private readonly stamps = new Map<string, string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    /** the connections registered under an id now */
    private readonly registered: (id: string) => readonly ConnectionEntry[] = () => [],
  ) {
    // Another window of the same profile can change a secret; its clients must be rebuilt too.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(LEGACY_PREFIX) || e.key.startsWith(IDENTITY_PREFIX)) void this.noticeChange(e.key);
    });
  }

  static storageKeyOf(entry: ConnectionEntry): string {
    return IDENTITY_PREFIX + identityHash(identityOf(entry));
  }

  static legacyKeyOf(connectionId: string): string {
    return LEGACY_PREFIX + connectionId;
  }

  /** The slots whose change concerns a client of this connection. */
  static keysConcerning(entry: ConnectionEntry): string[] {
    const own = CredentialStore.storageKeyOf(entry);
    return entry.source.kind === 'user' ? [own, CredentialStore.legacyKeyOf(entry.connection.id)] : [own];
  }

  async get(target: CredentialTarget): Promise<StaticCredentials | undefined> {
    const entry = this.resolve(target);
    if (!entry) return this.parse(await this.read(CredentialStore.legacyKeyOf(target as string)), `"${target as string}"`);
    const key = CredentialStore.storageKeyOf(entry);
    const own = this.parse(await this.read(key), `"${entry.connection.id}"`);
    if (own || entry.source.kind !== 'user') return own;
    return this.migrate(entry, key);
  }

  async has(target: CredentialTarget): Promise<boolean> {
    return (await this.get(target)) !== undefined;
  }

  async set(target: CredentialTarget, credentials: StaticCredentials): Promise<void> {
    this.log.addSecret(credentials.secretAccessKey);
    this.log.addSecret(credentials.sessionToken);
    const entry = this.resolve(target);
    const key = entry ? CredentialStore.storageKeyOf(entry) : CredentialStore.legacyKeyOf(target as string);
    await this.write(key, JSON.stringify(credentials));
    this.changed.fire(key);
  }

  async clear(target: CredentialTarget): Promise<void> {
    const entry = this.resolve(target);
    // The user's connection also drops a legacy slot of its id, which would otherwise come back
    // as its keys on the next use.
    const keys = entry ? CredentialStore.keysConcerning(entry) : [CredentialStore.legacyKeyOf(target as string)];
    for (const key of keys) {
      await this.remove(key);
      this.changed.fire(key);
    }
  }

  /**
   * The user edited a connection so that it points elsewhere (or has another id): its keys were
   * typed for that connection, and the wizard is the owner saying where it now goes, so they
   * follow. Returns whether there were keys to move.
   */
  async move(from: ConnectionEntry, to: ConnectionEntry): Promise<boolean> {
    const fromKey = CredentialStore.storageKeyOf(from);
    const toKey = CredentialStore.storageKeyOf(to);
    if (fromKey === toKey) return false;
    const found = await this.get(from);
    if (!found) return false;
    await this.write(toKey, JSON.stringify(found));
    this.changed.fire(toKey);
    for (const key of CredentialStore.keysConcerning(from)) {
      await this.remove(key);
      this.changed.fire(key);
    }
    return true;
  }

  private resolve(target: CredentialTarget): ConnectionEntry | undefined {
    if (typeof target !== 'string') return target;
    const entries = this.registered(target);
    if (entries.length > 1) {
      throw new AmbiguousConnectionIdError(
        vscode.l10n.t(
          'Connection id "{0}" is defined {1} times ({2}), and each definition has keys of its own. Set or clear the credentials on the connection in the Media Storage view.',
          target,
          entries.length,
          entries.map((e) => (e.source.kind === 'user' ? vscode.l10n.t('user settings') : e.source.file.path)).join(', '),
        ),
      );
    }
    return entries[0];
  }

  /**
   * Keys stored by id alone were typed for the user's own connection of that id (a workspace
   * connection sharing the id is exactly what must not get them), so that connection takes them
   * over, bound to where it points now.
   */
  private async migrate(entry: ConnectionEntry, key: string): Promise<StaticCredentials | undefined> {
    const legacyKey = CredentialStore.legacyKeyOf(entry.connection.id);
    const raw = await this.read(legacyKey);
    const parsed = this.parse(raw, `"${entry.connection.id}"`);
    if (!parsed || raw === undefined) return undefined;
    await this.write(key, raw);
    await this.remove(legacyKey);
    const { endpoint, region } = identityOf(entry);
    this.log.info(
      `The stored keys of user connection "${entry.connection.id}" are now bound to ${endpoint || `AWS (${region})`}; a connection elsewhere does not get them`,
    );
    return parsed;
  }

  private read(key: string): Thenable<string | undefined> {
    return this.secrets.get(key);
  }

  private async write(key: string, raw: string): Promise<void> {
    this.stamps.set(key, stamp(raw));
    await this.secrets.store(key, raw);
  }

  private async remove(key: string): Promise<void> {
    this.stamps.set(key, stamp(undefined));
    await this.secrets.delete(key);
  }

  private async noticeChange(key: string): Promise<void> {
    const before = this.stamps.get(key);
    const now = stamp(await this.secrets.get(key));
    if (before === now) return;
    this.stamps.set(key, now);
    this.changed.fire(key);
  }

  private parse(raw: string | undefined, what: string): StaticCredentials | undefined {
    if (!raw) return undefined;
    let parsed: Partial<StaticCredentials>;
    try {
      parsed = JSON.parse(raw) as Partial<StaticCredentials>;
    } catch {
      this.log.warn(`The stored credentials for connection ${what} are unreadable; set them again.`);
      return undefined;
    }
    if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') return undefined;
    this.log.addSecret(parsed.secretAccessKey);
    this.log.addSecret(parsed.sessionToken);
    const out: StaticCredentials = { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
    if (typeof parsed.sessionToken === 'string' && parsed.sessionToken) out.sessionToken = parsed.sessionToken;
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
