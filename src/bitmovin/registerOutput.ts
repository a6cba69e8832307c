import * as vscode from 'vscode';
import {
  BITMOVIN_KIND_LABELS,
  bitmovinStorageRequest,
  checkRoleArn,
  storageKindsFor,
  type BitmovinClient,
  type BitmovinAuth,
  type BitmovinStorageKind,
} from '../core/bitmovin';
import type { ErrorReporter } from '../errors/errorReporter';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import type { LocationEntry, StorageRegistry } from '../storage/storageModel';
import { ListingNode } from '../tree/nodes';
import { BACK, type Back, type Prompter } from '../ui/prompter';

export interface RegisterDeps {
  registry: StorageRegistry;
  prompter: () => Prompter;
  client: () => Promise<BitmovinClient>;
  log: Logger;
  errors: ErrorReporter;
  /** after a successful POST, so the tree lists the new output */
  created(kind: BitmovinStorageKind): void;
}

type Step = () => Promise<'next' | Back | undefined>;

/** Runs steps with Back support: BACK returns to the previous step, undefined cancels. */
async function runSteps(steps: Step[]): Promise<boolean> {
  let i = 0;
  for (let step = steps[i]; step; step = steps[i]) {
    const r = await step();
    if (r === undefined) return false;
    i = r === BACK ? Math.max(0, i - 1) : i + 1;
  }
  return true;
}

/** `message` is the whole sentence shown for an empty answer. */
const nonEmpty =
  (message: string) =>
  (v: string): string | undefined =>
    v.trim() ? undefined : message;

/**
 * "Register Output in Bitmovin…": posts an output location as a Bitmovin S3, generic S3 or
 * role-based output. The keys typed here go into the request body only: they are registered
 * with the logger for redaction and never written to settings, files or the log.
 */
export async function registerBitmovinOutput(d: RegisterDeps, arg: unknown): Promise<void> {
  const p = d.prompter();
  let entry = arg instanceof ListingNode && arg.location?.location.role === 'output' ? arg.location : undefined;
  if (!entry) {
    const outputs = d.registry.model.outputs.filter((o) => o.connection);
    if (!outputs.length) {
      void p.info(vscode.l10n.t('Add an output first (Media Storage: Add Output…); its bucket is what Bitmovin will write to.'));
      return;
    }
    const picked = await p.pick<LocationEntry>({
      id: 'bitmovin.output',
      title: vscode.l10n.t('Register Output in Bitmovin'),
      placeholder: vscode.l10n.t('The output location to register'),
      items: outputs.map((o) => ({ label: o.location.name, description: `${o.location.bucket} · ${o.connection?.connection.label ?? ''}`, value: o })),
    });
    if (picked === undefined || picked === BACK) return;
    entry = picked;
  }
  const connection = entry.connection?.connection;
  if (!connection) {
    throw new UserFacingError(vscode.l10n.t('Output "{0}" names no known connection ("{1}").', entry.location.name, entry.location.connection));
  }
  const location = entry.location;
  const title = vscode.l10n.t('Register "{0}" in Bitmovin', location.name);
  const kinds = storageKindsFor(connection);
  let useRole = false;
  let name = location.name;
  let accessKey = '';
  let secretKey = '';
  let roleArn = '';
  const total = (): number => (kinds.length > 1 ? 3 : 2) + (useRole ? 0 : 1);
  const first = kinds.length > 1 ? 1 : 0;
  const steps: Step[] = [];
  if (kinds.length > 1) {
    steps.push(async () => {
      const v = await p.pick<boolean>({
        id: 'bitmovin.auth',
        title,
        step: 1,
        totalSteps: total(),
        placeholder: vscode.l10n.t('How Bitmovin gets access to the bucket'),
        items: [
          {
            label: vscode.l10n.t('Access key and secret key'),
            description: vscode.l10n.t('S3 output'),
            detail: vscode.l10n.t('Keys of an IAM user that may write to the bucket'),
            value: false,
            picked: !useRole,
          },
          {
            label: vscode.l10n.t('IAM role (role-based)'),
            description: vscode.l10n.t('S3 role-based output'),
            detail: vscode.l10n.t('A role in your account that Bitmovin assumes'),
            value: true,
            picked: useRole,
          },
        ],
      });
      if (v === undefined || v === BACK) return v;
      useRole = v;
      return 'next';
    });
  }
  steps.push(async () => {
    const v = await p.input({
      id: 'bitmovin.name',
      title,
      step: first + 1,
      totalSteps: total(),
      canGoBack: first > 0,
      prompt: vscode.l10n.t('Name of the output in Bitmovin'),
      value: name,
      validate: nonEmpty(vscode.l10n.t('Enter the name.')),
    });
    if (v === undefined || v === BACK) return v;
    name = v.trim();
    return 'next';
  });
  steps.push(async () => {
    if (useRole) {
      const v = await p.input({
        id: 'bitmovin.roleArn',
        title,
        step: first + 2,
        totalSteps: total(),
        canGoBack: true,
        prompt: vscode.l10n.t('ARN of the IAM role Bitmovin assumes to write to the bucket'),
        placeholder: 'arn:aws:iam::123456789012:role/bitmovin-output',
        value: roleArn,
        validate: checkRoleArn,
      });
      if (v === undefined || v === BACK) return v;
      roleArn = v.trim();
      return 'next';
    }
    const v = await p.password({
      id: 'bitmovin.accessKey',
      title,
      step: first + 2,
      totalSteps: total(),
      canGoBack: true,
      prompt: vscode.l10n.t('Access key id Bitmovin uses to write to the bucket (sent to Bitmovin only)'),
      validate: nonEmpty(vscode.l10n.t('Enter the access key id.')),
    });
    if (v === undefined || v === BACK) return v;
    accessKey = v.trim();
    d.log.addSecret(accessKey);
    return 'next';
  });
  steps.push(async () => {
    if (useRole) return 'next';
    const v = await p.password({
      id: 'bitmovin.secretKey',
      title,
      step: first + 3,
      totalSteps: total(),
      canGoBack: true,
      prompt: vscode.l10n.t('Secret access key (sent to Bitmovin only, never stored here)'),
      validate: nonEmpty(vscode.l10n.t('Enter the secret access key.')),
    });
    if (v === undefined || v === BACK) return v;
    secretKey = v;
    d.log.addSecret(secretKey);
    return 'next';
  });
  if (!(await runSteps(steps))) return;

  const auth: BitmovinAuth = useRole ? { kind: 'role', roleArn } : { kind: 'keys', accessKey, secretKey };
  const operation = `Register output "${location.name}" in Bitmovin`;
  try {
    const request = bitmovinStorageRequest(location, connection, auth, name);
    const client = await d.client();
    const created = await p.progress(
      { id: 'bitmovin.createOutput', title: vscode.l10n.t('Creating the Bitmovin {0} output…', BITMOVIN_KIND_LABELS[request.kind]), cancellable: false },
      () => client.create('outputs', request.kind, request.body),
    );
    d.log.info(`${operation}: created ${BITMOVIN_KIND_LABELS[request.kind]} output "${name}" (bucket ${location.bucket}) with id ${created.id}`);
    d.created(request.kind);
    const message = vscode.l10n.t('Bitmovin {0} output "{1}" created: {2}', BITMOVIN_KIND_LABELS[request.kind], name, created.id);
    void p.info(message, vscode.l10n.t('Copy ID')).then(async (choice) => {
      if (choice) await vscode.env.clipboard.writeText(created.id);
    });
  } catch (err) {
    d.errors.report(err, vscode.l10n.t('Register output "{0}" in Bitmovin', location.name));
  }
}
