import { checkBucketName } from '../core/storage/connection';
import * as vscode from 'vscode';
import { INTERACTIVE_RETRY, sendOptions } from '../core/storage/client';
import type { Kind } from '../core/validation/kinds';
import type { ValidationContext } from '../core/validation/types';
import type { Logger } from '../logger';
import type { ClientPool } from '../storage/clientPool';
import { CredentialConsentError } from '../storage/credentialConsent';
import { mayConnect, type LocationEntry, type StorageRegistry } from '../storage/storageModel';

// A known answer is kept this long; Block Public Access settings rarely change, but they do.
const TTL_MS = 10 * 60_000;

interface Known {
  blocked: boolean | undefined;
  at: number;
}

/**
 * Whether registered buckets block public ACLs, learnt in the background with
 * GetPublicAccessBlock. Validation never waits for the network: an unknown bucket says nothing
 * until the answer arrives, and then the documents are checked again.
 */
export class PublicAccessKnowledge implements vscode.Disposable {
  private readonly known = new Map<string, Known>();
  private readonly asking = new Set<string>();
  private readonly learnt = new vscode.EventEmitter<string>();
  readonly onDidLearn = this.learnt.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly abort = new AbortController();

  constructor(
    private readonly registry: StorageRegistry,
    private readonly clients: ClientPool,
    private readonly log: Logger,
  ) {
    // Another connection, other keys or a consent given or withdrawn can give another answer.
    this.subscriptions = [registry.onDidChange(() => this.known.clear()), clients.onDidChangeAccess(() => this.known.clear())];
  }

  blocked(bucket: string): boolean | undefined {
    const k = this.known.get(bucket);
    if (k && Date.now() - k.at < TTL_MS) return k.blocked;
    this.learn(bucket);
    return k?.blocked;
  }

  /** Records an answer found elsewhere (e.g. a test or a later access check). */
  set(bucket: string, blocked: boolean | undefined): void {
    this.known.set(bucket, { blocked, at: Date.now() });
    this.learnt.fire(bucket);
  }

  private learn(bucket: string): void {
    if (this.asking.has(bucket)) return;
    const model = this.registry.model;
    const entry = [...model.outputs, ...model.inputs].find(
      (l) => l.location.bucket === bucket && l.connection && mayConnect(model, l.source, l.connection.source),
    );
    if (!entry?.connection) return;
    this.asking.add(bucket);
    void this.fetch(entry, bucket).finally(() => this.asking.delete(bucket));
  }

  private async fetch(entry: LocationEntry, bucket: string): Promise<void> {
    let blocked: boolean | undefined;
    try {
      const { GetPublicAccessBlockCommand } = await import('@aws-sdk/client-s3');
      // Nobody asked for this lookup, so it never asks the user either: a workspace connection
      // not yet allowed to use the user's credentials is skipped (the pool logs why).
      const client = await this.clients.get(entry.connection as NonNullable<LocationEntry['connection']>, {
        interactive: false,
        purpose: `the Block Public Access lookup of "${bucket}"`,
      });
      // A hint, not worth a long wait: one quick retry, none after a timeout, stopped on dispose.
      const out = await client.send(
        new GetPublicAccessBlockCommand({ Bucket: bucket }),
        sendOptions({ abortSignal: this.abort.signal, retry: INTERACTIVE_RETRY }),
      );
      // Only BlockPublicAcls makes a PUT with a public ACL fail, which is what the rule warns about.
      blocked = out.PublicAccessBlockConfiguration?.BlockPublicAcls === true;
    } catch (err) {
      const name = (err as { name?: string }).name;
      // No configuration on the bucket: nothing at the bucket level blocks public ACLs.
      blocked = name === 'NoSuchPublicAccessBlockConfiguration' ? false : undefined;
      if (blocked === undefined && !(err instanceof CredentialConsentError)) {
        this.log.debug(`Block Public Access of "${bucket}" is unknown: ${name ?? String(err)}`);
      }
    }
    if (!this.abort.signal.aborted) this.set(bucket, blocked);
  }

  dispose(): void {
    this.abort.abort();
    for (const sub of this.subscriptions) sub.dispose();
    this.learnt.dispose();
  }
}

/** `<bucket>.bucket-policy.json` names the bucket the policy is for. */
export function bucketFromFileName(uri: vscode.Uri): string | undefined {
  const base = (uri.path.split('/').pop() ?? '').toLowerCase();
  const m = /^(.+)\.bucket-policy\.jsonc?$/.exec(base);
  return m?.[1] && checkBucketName(m[1]).ok ? m[1] : undefined;
}

/**
 * The registered bucket a policy is about: the one registered bucket its ARNs name. With two or
 * more, which one the policy is attached to is a guess, and a wrong guess would flag every
 * Resource of the other as foreign, so nothing is assumed.
 */
export function registeredBucketInPolicy(text: string, registry: StorageRegistry): string | undefined {
  const model = registry.model;
  const buckets = new Set([...model.inputs, ...model.outputs].map((l) => l.location.bucket));
  const named = new Set<string>();
  for (const [, bucket] of text.matchAll(/arn:aws[a-z-]*:s3:::([a-z0-9.-]+)/g)) if (bucket && buckets.has(bucket)) named.add(bucket);
  return named.size === 1 ? [...named][0] : undefined;
}

export function contextFor(
  doc: vscode.TextDocument,
  kind: Kind,
  registry: StorageRegistry,
  access: PublicAccessKnowledge,
  includeSchema: boolean,
): ValidationContext {
  const ctx: ValidationContext = {
    includeSchema,
    // An untitled buffer is not in version control until it is saved somewhere; then it is re-checked.
    workspaceFile: doc.uri.scheme !== 'untitled',
    publicAccessBlocked: (bucket) => access.blocked(bucket),
  };
  if (kind === 's3-bucket-policy') {
    const bucket = bucketFromFileName(doc.uri) ?? registeredBucketInPolicy(doc.getText(), registry);
    if (bucket) ctx.bucket = bucket;
  }
  return ctx;
}
