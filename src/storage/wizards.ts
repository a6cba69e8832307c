import * as vscode from 'vscode';
import {
  checkBucketName,
  checkEndpoint,
  isAwsRegion,
  validateLocation,
  type Connection,
  type ConnectionKind,
  type Location,
  type LocationRole,
} from '../core/storage/connection';
import { BACK, type Back, type InputOptions, type PickItem, type PickOptions, type Prompter, type StepInfo } from '../ui/prompter';
import { runWizard, type WizardStep } from '../ui/wizard';
import { sourceLabel, type ConnectionEntry, type EntrySource, type StorageModel } from './storageModel';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Answer<T> = T | Back | undefined;

/** Maps a prompt's answer onto the wizard's next/back/cancel. */
function step<T>(answer: Answer<T>, apply: (v: T) => void): 'next' | Back | undefined {
  if (answer === undefined) return undefined;
  if (answer === BACK) return BACK;
  apply(answer);
  return 'next';
}

/** An input validator from one of the core's checks: the check's reason is the message. */
export function checkedBy(check: (value: string) => { ok: true } | { ok: false; reason: string }): (value: string) => string | undefined {
  return (v) => {
    const r = check(v.trim());
    return r.ok ? undefined : r.reason;
  };
}

type Ask<O> = Omit<O, keyof StepInfo>;

/** A step that asks for text; `skip` leaves it out for drafts it does not apply to. */
function inputStep<D>(prompter: Prompter, ask: (draft: D) => Ask<InputOptions>, apply: (v: string) => void, skip?: (draft: D) => boolean): WizardStep<D> {
  return { ...(skip ? { skip } : {}), run: async (d, info) => step(await prompter.input({ ...info, ...ask(d) }), apply) };
}

/** A step that offers a choice; `skip` leaves it out for drafts it does not apply to. */
function pickStep<D, T>(prompter: Prompter, ask: (draft: D) => Ask<PickOptions<T>>, apply: (v: T) => void, skip?: (draft: D) => boolean): WizardStep<D> {
  return { ...(skip ? { skip } : {}), run: async (d, info) => step(await prompter.pick<T>({ ...info, ...ask(d) }), apply) };
}

/** Where a new entry can be written: the shared file of a folder or the user settings. */
function targets(): PickItem<EntrySource>[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items: PickItem<EntrySource>[] = folders.map((folder) => {
    const source: EntrySource = { kind: 'workspace', folder, file: vscode.Uri.joinPath(folder.uri, '.vscode', 'media-storage.json') };
    return {
      label: vscode.l10n.t('Workspace: {0}', folder.name),
      description: vscode.l10n.t('.vscode/media-storage.json — shared with the team'),
      value: source,
    };
  });
  items.push({ label: vscode.l10n.t('User settings'), description: vscode.l10n.t('personal, on this machine only'), value: { kind: 'user' } });
  return items;
}

export interface ConnectionDraft {
  connection: Partial<Connection>;
  target?: EntrySource;
}

/** New connection, or editing one (then `existing` is set: id and target stay). */
export async function connectionWizard(prompter: Prompter, model: StorageModel, existing?: ConnectionEntry): Promise<ConnectionDraft | undefined> {
  const draft: ConnectionDraft = { connection: existing ? { ...existing.connection } : {} };
  const c = draft.connection;
  const editing = existing !== undefined;
  const steps: WizardStep<ConnectionDraft>[] = [
    pickStep<ConnectionDraft, ConnectionKind>(
      prompter,
      () => ({
        id: 'connection.kind',
        placeholder: vscode.l10n.t('Which kind of S3 service?'),
        items: [
          {
            label: vscode.l10n.t('Amazon S3'),
            description: vscode.l10n.t('credentials from an AWS profile (SSO included) or the default chain'),
            value: 'aws',
            picked: c.kind === 'aws',
          },
          {
            label: vscode.l10n.t('S3-compatible'),
            description: vscode.l10n.t('R2, Wasabi, Spaces, MinIO, Ceph, Qencode S3 …'),
            value: 's3-compatible',
            picked: c.kind === 's3-compatible',
          },
        ],
      }),
      (v) => (c.kind = v),
    ),
    inputStep<ConnectionDraft>(
      prompter,
      () => ({
        id: 'connection.label',
        prompt: vscode.l10n.t('Name shown in the sidebar'),
        value: c.label ?? '',
        validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name')),
      }),
      (v) => (c.label = v.trim()),
    ),
    inputStep<ConnectionDraft>(
      prompter,
      () => ({
        id: 'connection.id',
        prompt: vscode.l10n.t('Identifier that inputs and outputs refer to'),
        value: c.id ?? slug(c.label ?? ''),
        validate: (v) => {
          if (!ID_RE.test(v)) return vscode.l10n.t('Use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
          if (model.connections.some((x) => x.connection.id === v)) return `A connection "${v}" already exists`;
          return undefined;
        },
      }),
      (v) => (c.id = v),
      () => editing,
    ),
    inputStep<ConnectionDraft>(
      prompter,
      () => ({
        id: 'connection.endpoint',
        prompt: vscode.l10n.t('Endpoint: scheme://host[:port] — http:// turns TLS off'),
        placeholder: 'https://s3.example.com',
        value: c.endpoint ?? '',
        validate: checkedBy(checkEndpoint),
      }),
      (v) => {
        c.endpoint = v.trim().replace(/\/+$/, '');
        c.useTls = c.endpoint.startsWith('https:');
      },
      (s) => s.connection.kind !== 's3-compatible',
    ),
    inputStep<ConnectionDraft>(
      prompter,
      (s) => ({
        id: 'connection.region',
        prompt:
          s.connection.kind === 'aws' ? vscode.l10n.t('AWS region of the buckets') : vscode.l10n.t('Region (signing region), as the provider documents it'),
        value: c.region ?? 'us-east-1',
        validate: (v) => {
          if (!v.trim()) return vscode.l10n.t('Enter a region');
          if (s.connection.kind === 'aws' && !isAwsRegion(v.trim())) return `"${v}" is not an AWS region name (like eu-west-1)`;
          return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v.trim()) ? undefined : vscode.l10n.t('The region contains characters that cannot be signed');
        },
      }),
      (v) => (c.region = v.trim()),
    ),
    pickStep<ConnectionDraft, boolean>(
      prompter,
      () => ({
        id: 'connection.addressing',
        placeholder: vscode.l10n.t('How are buckets addressed?'),
        items: [
          {
            label: vscode.l10n.t('Path-style'),
            description: vscode.l10n.t('endpoint/bucket/key — MinIO, Ceph, most on-premises stores'),
            value: true,
            picked: c.forcePathStyle !== false,
          },
          {
            label: vscode.l10n.t('Virtual-hosted'),
            description: vscode.l10n.t('bucket.endpoint/key — R2, Wasabi, Spaces'),
            value: false,
            picked: c.forcePathStyle === false,
          },
        ],
      }),
      (v) => (c.forcePathStyle = v),
      (s) => s.connection.kind !== 's3-compatible',
    ),
    inputStep<ConnectionDraft>(
      prompter,
      () => ({
        id: 'connection.profile',
        prompt: vscode.l10n.t('AWS profile (SSO profiles too); leave empty for keys in the secret store or the default chain'),
        value: c.profile ?? '',
        validate: (v) => (v === '' || /^[^\s[\]]+$/.test(v) ? undefined : 'A profile name has no spaces or brackets'),
      }),
      (v) => {
        if (v.trim()) c.profile = v.trim();
        else delete c.profile;
      },
    ),
    pickStep<ConnectionDraft, EntrySource>(
      prompter,
      () => ({ id: 'connection.target', placeholder: vscode.l10n.t('Where to keep this connection?'), items: targets() }),
      (v) => (draft.target = v),
      () => editing,
    ),
  ];
  const done = await runWizard(editing ? vscode.l10n.t('Edit Connection {0}', existing.connection.label) : vscode.l10n.t('Add Connection'), steps, draft);
  if (done && c.kind === 'aws') {
    delete c.endpoint;
    delete c.forcePathStyle;
    delete c.useTls;
  }
  return done;
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 64);
}

export interface LocationDraft {
  location: Partial<Location> & { role: LocationRole };
  connection?: ConnectionEntry;
  target?: EntrySource;
}

export async function locationWizard(
  prompter: Prompter,
  model: StorageModel,
  role: LocationRole,
  existing?: { location: Location; source: EntrySource; connection?: ConnectionEntry },
): Promise<LocationDraft | undefined> {
  const draft: LocationDraft = { location: existing ? { ...existing.location } : { role } };
  if (existing?.connection) draft.connection = existing.connection;
  const l = draft.location;
  const list = role === 'input' ? model.inputs : model.outputs;
  const editing = existing !== undefined;
  const steps: WizardStep<LocationDraft>[] = [
    pickStep<LocationDraft, ConnectionEntry>(
      prompter,
      () => ({
        id: 'location.connection',
        placeholder: vscode.l10n.t('On which connection?'),
        items: model.connections.map((c) => ({
          label: c.connection.label,
          description: `${c.connection.id} · ${c.connection.endpoint ?? c.connection.region} · ${sourceLabel(c.source)}`,
          value: c,
          picked: c === draft.connection,
        })),
      }),
      (v) => {
        draft.connection = v;
        l.connection = v.connection.id;
      },
    ),
    inputStep<LocationDraft>(
      prompter,
      () => ({
        id: 'location.name',
        prompt: role === 'input' ? vscode.l10n.t('Unique name of this input') : vscode.l10n.t('Unique name of this output'),
        value: l.name ?? '',
        validate: (v) => {
          if (!v.trim()) return vscode.l10n.t('Enter a name');
          const clash = list.some((e) => e.location.name === v.trim() && e.location !== existing?.location);
          if (!clash) return undefined;
          return role === 'input'
            ? vscode.l10n.t('An input named "{0}" already exists', v.trim())
            : vscode.l10n.t('An output named "{0}" already exists', v.trim());
        },
      }),
      (v) => (l.name = v.trim()),
    ),
    inputStep<LocationDraft>(
      prompter,
      () => ({
        id: 'location.bucket',
        prompt: vscode.l10n.t('Bucket name'),
        value: l.bucket ?? '',
        validate: checkedBy(checkBucketName),
      }),
      (v) => (l.bucket = v.trim()),
    ),
    inputStep<LocationDraft>(
      prompter,
      () => ({
        id: 'location.prefix',
        prompt: vscode.l10n.t('Key prefix (folder) inside the bucket, e.g. sources/ — empty for the whole bucket'),
        value: l.prefix ?? '',
        validate: (v) => {
          if (v === '') return undefined;
          const issue = validateLocation({ name: 'x', role, connection: 'x', bucket: 'bucket', prefix: v }).find((i) => i.field === 'prefix');
          return issue?.message;
        },
      }),
      (v) => {
        if (v) l.prefix = v;
        else delete l.prefix;
      },
    ),
    // A workspace file may only refer to its own connections, so an entry on a personal
    // connection has to stay personal.
    pickStep<LocationDraft, EntrySource>(
      prompter,
      (s) => ({
        id: 'location.target',
        placeholder: role === 'input' ? vscode.l10n.t('Where to keep this input?') : vscode.l10n.t('Where to keep this output?'),
        items: targets().filter(
          (t) =>
            t.value.kind === 'user' ||
            (s.connection?.source.kind === 'workspace' &&
              t.value.kind === 'workspace' &&
              t.value.folder.uri.toString() === s.connection.source.folder.uri.toString()),
        ),
      }),
      (v) => (draft.target = v),
      (s) => editing || s.connection?.source.kind === 'user',
    ),
  ];
  const title =
    role === 'input'
      ? editing
        ? vscode.l10n.t('Edit Input {0}', existing.location.name)
        : vscode.l10n.t('Add Input')
      : editing
        ? vscode.l10n.t('Edit Output {0}', existing.location.name)
        : vscode.l10n.t('Add Output');
  const done = await runWizard(title, steps, draft);
  if (done && !editing && !done.target) done.target = { kind: 'user' };
  return done;
}
