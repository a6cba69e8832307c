import * as vscode from 'vscode';
import {
  BITMOVIN_KIND_LABELS,
  bitmovinStorageRequest,
  checkRoleArn,
  directionOf,
  storageKindsFor,
  type BitmovinAuth,
  type BitmovinClient,
  type BitmovinDirection,
  type BitmovinStorageKind,
} from '../core/bitmovin';
import { bitmovinRoleTrustPolicy, toJsonText } from '../core/validation/generators';
import type { ErrorReporter } from '../errors/errorReporter';
import { UserFacingError } from '../errors/outcomes';
import type { Logger } from '../logger';
import type { LocationEntry, StorageRegistry } from '../storage/storageModel';
import { ListingNode } from '../tree/nodes';
import { BACK, type Prompter } from '../ui/prompter';
import { runWizard, type WizardStep } from '../ui/wizard';

export interface RegisterDeps {
  registry: StorageRegistry;
  prompter: () => Prompter;
  client: () => Promise<BitmovinClient>;
  log: Logger;
  errors: ErrorReporter;
  /** after a successful POST, so the tree lists the new input or output */
  created(direction: BitmovinDirection, kind: BitmovinStorageKind): void;
}

type Role = 'input' | 'output';

interface Answers {
  useRole: boolean;
  name: string;
  accessKey: string;
  secretKey: string;
  roleArn: string;
}

/** `message` is the whole sentence shown for an empty answer. */
const nonEmpty =
  (message: string) =>
  (v: string): string | undefined =>
    v.trim() ? undefined : message;

/** The role's words, whole sentences each so that a translation can order them freely. */
function texts(role: Role) {
  const input = role === 'input';
  return {
    command: input ? vscode.l10n.t('Register Input in Bitmovin') : vscode.l10n.t('Register Output in Bitmovin'),
    none: input
      ? vscode.l10n.t('Add an input first (Media Storage: Add Input…); its bucket is what Bitmovin will read from.')
      : vscode.l10n.t('Add an output first (Media Storage: Add Output…); its bucket is what Bitmovin will write to.'),
    pick: input ? vscode.l10n.t('The input location to register') : vscode.l10n.t('The output location to register'),
    noConnection: (name: string, id: string) =>
      input
        ? vscode.l10n.t('Input "{0}" names no known connection ("{1}").', name, id)
        : vscode.l10n.t('Output "{0}" names no known connection ("{1}").', name, id),
    keysKind: input ? vscode.l10n.t('S3 input') : vscode.l10n.t('S3 output'),
    roleKind: input ? vscode.l10n.t('S3 role-based input') : vscode.l10n.t('S3 role-based output'),
    keysDetail: input ? vscode.l10n.t('Keys of an IAM user that may read the bucket') : vscode.l10n.t('Keys of an IAM user that may write to the bucket'),
    nameOf: input ? vscode.l10n.t('Name of the input in Bitmovin') : vscode.l10n.t('Name of the output in Bitmovin'),
    roleArn: input
      ? vscode.l10n.t('ARN of the IAM role Bitmovin assumes to read the bucket')
      : vscode.l10n.t('ARN of the IAM role Bitmovin assumes to write to the bucket'),
    accessKey: input
      ? vscode.l10n.t('Access key id Bitmovin uses to read the bucket (sent to Bitmovin only)')
      : vscode.l10n.t('Access key id Bitmovin uses to write to the bucket (sent to Bitmovin only)'),
    creating: (kind: string) => (input ? vscode.l10n.t('Creating the Bitmovin {0} input…', kind) : vscode.l10n.t('Creating the Bitmovin {0} output…', kind)),
    created: (kind: string, name: string, id: string) =>
      input ? vscode.l10n.t('Bitmovin {0} input "{1}" created: {2}', kind, name, id) : vscode.l10n.t('Bitmovin {0} output "{1}" created: {2}', kind, name, id),
    failed: (name: string) => (input ? vscode.l10n.t('Register input "{0}" in Bitmovin', name) : vscode.l10n.t('Register output "{0}" in Bitmovin', name)),
  };
}

async function pickLocation(d: RegisterDeps, role: Role, arg: unknown): Promise<LocationEntry | undefined> {
  if (arg instanceof ListingNode && arg.location?.location.role === role) return arg.location;
  const t = texts(role);
  const p = d.prompter();
  const candidates = (role === 'input' ? d.registry.model.inputs : d.registry.model.outputs).filter((o) => o.connection);
  if (!candidates.length) {
    void p.info(t.none);
    return undefined;
  }
  const picked = await p.pick<LocationEntry>({
    id: `bitmovin.${role}`,
    title: t.command,
    placeholder: t.pick,
    items: candidates.map((o) => ({ label: o.location.name, description: `${o.location.bucket} · ${o.connection?.connection.label ?? ''}`, value: o })),
  });
  return picked === undefined || picked === BACK ? undefined : picked;
}

/**
 * "Register Input/Output in Bitmovin…": posts a registered location as a Bitmovin S3, generic
 * S3 or role-based input or output. The keys typed here go into the request body only: they are
 * registered with the logger for redaction and never written to settings, files or the log.
 */
export async function registerInBitmovin(d: RegisterDeps, role: Role, arg: unknown): Promise<void> {
  const t = texts(role);
  const entry = await pickLocation(d, role, arg);
  if (!entry) return;
  const connection = entry.connection?.connection;
  if (!connection) throw new UserFacingError(t.noConnection(entry.location.name, entry.location.connection));
  const location = entry.location;
  const p = d.prompter();
  const kinds = storageKindsFor(connection);
  const steps: WizardStep<Answers>[] = [
    {
      skip: () => kinds.length < 2,
      async run(s, info) {
        const v = await p.pick<boolean>({
          id: 'bitmovin.auth',
          ...info,
          placeholder: vscode.l10n.t('How Bitmovin gets access to the bucket'),
          items: [
            { label: vscode.l10n.t('Access key and secret key'), description: t.keysKind, detail: t.keysDetail, value: false, picked: !s.useRole },
            {
              label: vscode.l10n.t('IAM role (role-based)'),
              description: t.roleKind,
              detail: vscode.l10n.t('A role in your account that Bitmovin assumes, with an external id Bitmovin generates'),
              value: true,
              picked: s.useRole,
            },
          ],
        });
        if (v === undefined || v === BACK) return v;
        s.useRole = v;
        return 'next';
      },
    },
    {
      async run(s, info) {
        const v = await p.input({ id: 'bitmovin.name', ...info, prompt: t.nameOf, value: s.name, validate: nonEmpty(vscode.l10n.t('Enter the name.')) });
        if (v === undefined || v === BACK) return v;
        s.name = v.trim();
        return 'next';
      },
    },
    {
      skip: (s) => !s.useRole,
      async run(s, info) {
        const v = await p.input({
          id: 'bitmovin.roleArn',
          ...info,
          prompt: t.roleArn,
          placeholder: `arn:aws:iam::123456789012:role/bitmovin-${role}`,
          value: s.roleArn,
          validate: checkRoleArn,
        });
        if (v === undefined || v === BACK) return v;
        s.roleArn = v.trim();
        return 'next';
      },
    },
    {
      skip: (s) => s.useRole,
      async run(s, info) {
        const v = await p.password({ id: 'bitmovin.accessKey', ...info, prompt: t.accessKey, validate: nonEmpty(vscode.l10n.t('Enter the access key id.')) });
        if (v === undefined || v === BACK) return v;
        s.accessKey = v.trim();
        d.log.addSecret(s.accessKey);
        return 'next';
      },
    },
    {
      skip: (s) => s.useRole,
      async run(s, info) {
        const v = await p.password({
          id: 'bitmovin.secretKey',
          ...info,
          prompt: vscode.l10n.t('Secret access key (sent to Bitmovin only, never stored here)'),
          validate: nonEmpty(vscode.l10n.t('Enter the secret access key.')),
        });
        if (v === undefined || v === BACK) return v;
        s.secretKey = v;
        d.log.addSecret(s.secretKey);
        return 'next';
      },
    },
  ];
  const answers = await runWizard(vscode.l10n.t('Register "{0}" in Bitmovin', location.name), steps, {
    useRole: false,
    name: location.name,
    accessKey: '',
    secretKey: '',
    roleArn: '',
  });
  if (!answers) return;

  const auth: BitmovinAuth = answers.useRole
    ? { kind: 'role', roleArn: answers.roleArn }
    : { kind: 'keys', accessKey: answers.accessKey, secretKey: answers.secretKey };
  const direction = directionOf(location);
  try {
    const request = bitmovinStorageRequest(location, connection, auth, answers.name);
    const label = BITMOVIN_KIND_LABELS[request.kind];
    const client = await d.client();
    const created = await p.progress(
      { id: role === 'input' ? 'bitmovin.createInput' : 'bitmovin.createOutput', title: t.creating(label), cancellable: false },
      () => client.create(direction, request.kind, request.body),
    );
    d.log.info(`Register ${role} "${location.name}" in Bitmovin: created ${label} ${role} "${answers.name}" (bucket ${location.bucket}) with id ${created.id}`);
    d.created(direction, request.kind);
    const copyId = vscode.l10n.t('Copy ID');
    // A role-based resource is usable only once the role trusts Bitmovin with the external id
    // Bitmovin generated for it: the trust policy is the next thing the user needs.
    const externalId = typeof created['externalId'] === 'string' ? created['externalId'] : undefined;
    const copyTrust = vscode.l10n.t('Copy Trust Policy');
    const actions = request.kind === 's3-role-based' ? [copyTrust, copyId] : [copyId];
    void p.info(t.created(label, answers.name, created.id), ...actions).then(async (choice) => {
      if (choice === copyId) await vscode.env.clipboard.writeText(created.id);
      if (choice === copyTrust) await vscode.env.clipboard.writeText(toJsonText(bitmovinRoleTrustPolicy(externalId)));
    });
  } catch (err) {
    d.errors.report(err, t.failed(location.name));
  }
}
