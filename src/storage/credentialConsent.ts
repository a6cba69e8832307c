import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { formatDate } from '../core/format';
import { endpointFor } from '../core/storage/connection';
import type { Connection } from '../core/storage/connection';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import { CONSENT_ERROR_NAME } from '../core/errors/classify';
import type { PrompterHolder } from '../ui/prompter';
import { identityHash, identityOf } from './credentialStore';
import type { ConnectionEntry } from './storageModel';

/** Credentials a connection uses when no keys were stored for exactly its identity. */
export type CredentialSource = { kind: 'profile'; profile: string } | { kind: 'chain' };

/** A function: a module's top level runs before the l10n bundle is loaded. */
export const resetCommandTitle = (): string => vscode.l10n.t('Media Storage: Reset Credential Permissions');
export const CONSENT_PROMPT_ID = 'credentials.consent';
const MEMORY_KEY = 'mediaStorage.credentialConsent';

interface Answer {
  allowed: boolean;
  /** ms since the epoch */
  at: number;
}

export function sourceOf(connection: Connection): CredentialSource {
  return connection.profile ? { kind: 'profile', profile: connection.profile } : { kind: 'chain' };
}

export function describeSource(source: CredentialSource): string {
  return source.kind === 'profile' ? `your AWS profile '${source.profile}'` : 'your default AWS credentials';
}

/** Where requests of the connection go: what the user is asked to trust. */
export function destinationOf(connection: Connection): string {
  return connection.endpoint ? endpointFor(connection) : `https://s3.${connection.region}.amazonaws.com`;
}

/** "workspace connection 'r2' (app/.vscode/media-storage.json)" or "user connection 'r2' (user settings)" */
export function describeConnection(entry: ConnectionEntry): string {
  const where = entry.source.kind === 'user' ? 'user settings' : vscode.workspace.asRelativePath(entry.source.file, true);
  return `${entry.source.kind} connection '${entry.connection.id}' (${where})`;
}

/**
 * A workspace connection may not use the user's credentials: it was declined (`declined`), or
 * the user was not asked because nobody is waiting on the request (`pending`). The message says
 * which and what to do; the name is what the error machinery shows as its title. It is the
 * user's own answer, not a failure, so a command that meets it warns instead of decoding it.
 */
export class CredentialConsentError extends UserFacingError {
  override name = CONSENT_ERROR_NAME;

  constructor(
    readonly state: 'declined' | 'pending',
    readonly entry: ConnectionEntry,
    readonly source: CredentialSource,
  ) {
    const who = vscode.l10n.t("the workspace connection '{0}' ({1})", entry.connection.id, destinationOf(entry.connection));
    super(
      state === 'declined'
        ? vscode.l10n.t("Not connected: you did not allow {0} to use {1}. Run '{2}' to be asked again.", who, describeSource(source), resetCommandTitle())
        : vscode.l10n.t(
            'Not connected: {0} has not been allowed to use {1} yet. Open it in the Media Storage view or run a command on it to be asked.',
            who,
            describeSource(source),
          ),
    );
  }
}

/** Whether a person is waiting on the request (and may be asked), and what it is for. */
export interface ConsentRequest {
  interactive?: boolean;
  /** e.g. 'the Block Public Access lookup of "media-out"', named when a request is skipped */
  purpose?: string;
}

/**
 * Asks, once per workspace and connection identity, whether a connection from a workspace
 * registry file may use the user's own AWS credentials (a named profile, whose
 * credential_process runs on use, or the default chain). Anyone who can get a change into the
 * repository writes that file, so nothing is resolved or sent before the user says yes, and
 * requests nobody is waiting on never ask: they are skipped.
 */
export class CredentialConsent implements vscode.Disposable {
  private readonly asking = new Map<string, Promise<Answer>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** fires when remembered answers were forgotten */
  readonly onDidReset = this.changed.event;

  constructor(
    /** per workspace: the answer for one workspace says nothing about another */
    private readonly memory: vscode.Memento,
    private readonly prompts: PrompterHolder,
    private readonly log: Logger,
  ) {}

  /**
   * Resolves with the time the use was allowed; rejects with CredentialConsentError when it was
   * declined, or is undecided and the request is not interactive.
   */
  async require(entry: ConnectionEntry, source: CredentialSource, request: ConsentRequest = {}): Promise<Date> {
    const key = consentKey(entry, source);
    let answer: Answer | undefined = this.answers()[key];
    if (!answer && request.interactive) {
      let asking = this.asking.get(key);
      if (!asking) {
        asking = this.ask(entry, source, key).finally(() => this.asking.delete(key));
        this.asking.set(key, asking);
      }
      answer = await asking;
    }
    if (answer?.allowed) return new Date(answer.at);
    const error = new CredentialConsentError(answer ? 'declined' : 'pending', entry, source);
    if (!request.interactive) {
      const why = answer ? 'you did not allow it to use your credentials' : 'it has not been allowed to use your credentials yet';
      this.log.info(`Skipped ${request.purpose ?? 'a background request'} for workspace connection '${entry.connection.id}': ${why}`);
    }
    throw error;
  }

  /** Forgets every answer; returns how many there were. */
  async reset(): Promise<number> {
    const count = Object.keys(this.answers()).length;
    await this.memory.update(MEMORY_KEY, undefined);
    this.log.info(`Forgot ${count} answer(s) about workspace connections using your credentials; they are asked again on their next use`);
    this.changed.fire();
    return count;
  }

  private answers(): Record<string, Answer> {
    const value = this.memory.get<unknown>(MEMORY_KEY);
    return typeof value === 'object' && value !== null ? (value as Record<string, Answer>) : {};
  }

  private async ask(entry: ConnectionEntry, source: CredentialSource, key: string): Promise<Answer> {
    const c = entry.connection;
    const destination = destinationOf(c);
    const file = entry.source.kind === 'workspace' ? vscode.workspace.asRelativePath(entry.source.file, true) : vscode.l10n.t('user settings');
    const allowed = await this.prompts.current.confirm({
      id: CONSENT_PROMPT_ID,
      message: vscode.l10n.t("The workspace connection '{0}' wants to use {1} with {2}. Allow?", c.id, describeSource(source), destination),
      detail:
        vscode.l10n.t("'{0}' is defined in {1}, which anyone who can change this workspace can edit. ", c.label, file) +
        (source.kind === 'profile'
          ? vscode.l10n.t(
              'Allowing sends requests signed with {0} to {1} (region {2}), and runs whatever the profile runs to get its credentials. ',
              describeSource(source),
              destination,
              c.region,
            )
          : vscode.l10n.t('Allowing sends requests signed with {0} to {1} (region {2}). ', describeSource(source), destination, c.region)) +
        vscode.l10n.t(
          "The answer is kept for this workspace until you run '{0}'; another endpoint, region, addressing style or profile asks again.",
          resetCommandTitle(),
        ),
      confirmLabel: vscode.l10n.t('Allow'),
      declineLabel: vscode.l10n.t("Don't Allow"),
    });
    const answer: Answer = { allowed, at: Date.now() };
    await this.memory.update(MEMORY_KEY, { ...this.answers(), [key]: answer });
    this.log.info(`You ${allowed ? 'allowed' : 'did not allow'} ${describeConnection(entry)} to use ${describeSource(source)} with ${destination}`);
    return answer;
  }

  static allowedText(at: Date): string {
    return `allowed on ${formatDate(at)}`;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The identity and the credentials asked for: a changed profile is a new question too. */
function consentKey(entry: ConnectionEntry, source: CredentialSource): string {
  const what = source.kind === 'profile' ? `profile:${source.profile}` : 'chain';
  return createHash('sha256')
    .update(`${identityHash(identityOf(entry))}|${what}`)
    .digest('hex')
    .slice(0, 32);
}
