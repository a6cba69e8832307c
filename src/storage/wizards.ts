import * as vscode from 'vscode';
import {
  checkBucketName,
  checkEndpoint,
  isAwsRegion,
  normalizePrefix,
  validateLocation,
  type Connection,
  type ConnectionKind,
  type Location,
  type LocationRole,
} from '../core/storage/connection';
import { BACK, type Back, type InputOptions, type PickItem, type PickOptions, type Prompter, type StepInfo } from '../ui/prompter';
import { group, runSteps, runWizard, type WizardStep } from '../ui/wizard';
import { classifyError } from '../core/errors/classify';
import { createS3Client, type StaticCredentials } from '../core/storage/client';
import { testConnection, type ConnectionTestResult } from '../core/storage/connectionTest';
import { readProfiles } from '../core/storage/profiles';
import { decodeError, renderBlock, summaryLine } from '../errors/lazyErrors';
import type { Logger } from '../logger';
import type { PoolNetwork } from './clientPool';
import { accessKeyIdQuestion, secretQuestion } from './credentialPrompts';
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

/** How a connection gets its keys; chosen in the wizard's credentials step. */
export type CredentialChoice = { kind: 'profile'; name: string } | { kind: 'typed-profile' } | { kind: 'keys' } | { kind: 'chain' };

export interface ConnectionDraft {
  connection: Partial<Connection>;
  target?: EntrySource;
  credentials?: CredentialChoice;
  /** keys typed in the wizard; the command stores them once the connection is written */
  keys?: StaticCredentials;
  /** what the connection test found, told once the connection is saved */
  found?: string;
}

/** What the connection wizard needs beyond the prompter: how to reach S3 for its test. */
export interface ConnectionWizardServices {
  network: PoolNetwork;
  log: Logger;
  /** the keys the edited connection has in the secret store */
  storedKeys?: StaticCredentials | undefined;
  /** the edited connection comes from a workspace file, whose profile needs the user's consent */
  workspaceDefined?: boolean;
}

type EditField = 'label' | 'where' | 'credentials' | 'all';

/**
 * New connection, or editing one (then `existing` is set: id and target stay, and the user first
 * picks which field to change). Every path has the same steps whatever is answered, so the
 * counter never jumps: the kind's extra questions (endpoint, addressing) and the credentials'
 * (profile name, keys) are asked inside one step each. It ends with a connection test.
 */
export async function connectionWizard(
  prompter: Prompter,
  model: StorageModel,
  existing: ConnectionEntry | undefined,
  services: ConnectionWizardServices,
): Promise<ConnectionDraft | undefined> {
  const draft: ConnectionDraft = { connection: existing ? { ...existing.connection } : {} };
  const c = draft.connection;
  const editing = existing !== undefined;
  let field: EditField = 'all';
  const asks = (f: EditField): boolean => field === 'all' || field === f;
  const steps: WizardStep<ConnectionDraft>[] = [
    pickStep<ConnectionDraft, ConnectionKind>(
      prompter,
      () => ({
        id: 'connection.kind',
        placeholder: vscode.l10n.t('Which kind of S3 service?'),
        items: [
          {
            label: vscode.l10n.t('Amazon S3'),
            description: vscode.l10n.t('credentials from an AWS profile (SSO included), access keys or the default chain'),
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
      (v) => {
        c.kind = v;
        if (v === 'aws') {
          delete c.endpoint;
          delete c.forcePathStyle;
          delete c.useTls;
        }
      },
      () => field !== 'all',
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
      () => !asks('label'),
    ),
    inputStep<ConnectionDraft>(
      prompter,
      () => ({
        id: 'connection.id',
        prompt: vscode.l10n.t('Identifier that inputs and outputs refer to'),
        value: c.id ?? slug(c.label ?? ''),
        validate: (v) => {
          if (!ID_RE.test(v)) return vscode.l10n.t('Use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
          if (model.connections.some((x) => x.connection.id === v)) return vscode.l10n.t('A connection "{0}" already exists', v);
          return undefined;
        },
      }),
      (v) => (c.id = v),
      () => editing,
    ),
    // Where the service is: one step for both kinds (AWS has no endpoint nor addressing to ask).
    group<ConnectionDraft>([
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
        (s) => !asks('where') || s.connection.kind !== 's3-compatible',
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
            if (s.connection.kind === 'aws' && !isAwsRegion(v.trim())) return vscode.l10n.t('"{0}" is not an AWS region name (like eu-west-1)', v);
            return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v.trim()) ? undefined : vscode.l10n.t('The region contains characters that cannot be signed');
          },
        }),
        (v) => (c.region = v.trim()),
        () => !asks('where'),
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
        (s) => !asks('where') || s.connection.kind !== 's3-compatible',
      ),
    ]),
    // How it signs: one step whatever is chosen (a profile, typed keys or the default chain).
    group<ConnectionDraft>([
      {
        ...(editing ? { skip: () => !asks('credentials') } : {}),
        run: async (d, info) => {
          const { profiles, problem } = await readProfiles();
          if (problem) services.log.warn(`The AWS config or credentials file could not be read: ${problem}`);
          const current: CredentialChoice =
            d.credentials ?? (c.profile ? { kind: 'profile', name: c.profile } : services.storedKeys || !editing ? { kind: 'keys' } : { kind: 'chain' });
          const items: PickItem<CredentialChoice>[] = [
            {
              label: vscode.l10n.t('Access key ID and secret…'),
              description: vscode.l10n.t('kept in VS Code secret storage'),
              value: { kind: 'keys' },
              picked: current.kind === 'keys',
            },
            ...profiles.map((p): PickItem<CredentialChoice> => ({
              label: vscode.l10n.t('Profile {0}', p.name),
              description: p.detail,
              value: { kind: 'profile', name: p.name },
              picked: current.kind === 'profile' && current.name === p.name,
            })),
            {
              label: vscode.l10n.t('Another profile name…'),
              description: vscode.l10n.t('one not in the AWS config files yet'),
              value: { kind: 'typed-profile' },
            },
            {
              label: vscode.l10n.t('Default credential chain'),
              description: vscode.l10n.t('environment variables, the default profile, instance or container roles'),
              value: { kind: 'chain' },
              picked: current.kind === 'chain',
            },
          ];
          return step(
            await prompter.pick<CredentialChoice>({
              ...info,
              id: 'connection.credentials',
              placeholder: profiles.length
                ? vscode.l10n.t('How does this connection sign its requests? Profiles are from the AWS config and credentials files.')
                : vscode.l10n.t('How does this connection sign its requests? (No profiles in the AWS config or credentials files.)'),
              items,
            }),
            (v) => {
              d.credentials = v;
              // Keys typed before Back stay as the answers' defaults; only another choice drops them.
              if (v.kind !== 'keys') delete d.keys;
              if (v.kind === 'profile') c.profile = v.name;
              else if (v.kind !== 'typed-profile') delete c.profile;
            },
          );
        },
      },
      inputStep<ConnectionDraft>(
        prompter,
        () => ({
          id: 'connection.profile',
          prompt: vscode.l10n.t('AWS profile name (SSO profiles too), as in [profile NAME] of ~/.aws/config'),
          value: c.profile ?? '',
          validate: (v) => (/^[^\s[\]]+$/.test(v.trim()) ? undefined : vscode.l10n.t('A profile name has no spaces or brackets')),
        }),
        (v) => (c.profile = v.trim()),
        (s) => s.credentials?.kind !== 'typed-profile',
      ),
      inputStep<ConnectionDraft>(
        prompter,
        () =>
          accessKeyIdQuestion(
            'connection.accessKeyId',
            c.label ?? vscode.l10n.t('this connection'),
            draft.keys?.accessKeyId ?? services.storedKeys?.accessKeyId,
          ),
        (v) => (draft.keys = { accessKeyId: v.trim(), secretAccessKey: '' }),
        (s) => s.credentials?.kind !== 'keys',
      ),
      {
        skip: (s) => s.credentials?.kind !== 'keys',
        run: async (d, info) =>
          step(await prompter.password({ ...info, ...secretQuestion('connection.secretAccessKey') }), (v) => {
            d.keys = { accessKeyId: d.keys?.accessKeyId ?? '', secretAccessKey: v.trim() };
          }),
      },
    ]),
    pickStep<ConnectionDraft, EntrySource>(
      prompter,
      () => ({ id: 'connection.target', placeholder: vscode.l10n.t('Where to keep this connection?'), items: targets() }),
      (v) => (draft.target = v),
      () => editing,
    ),
    { run: (d, info) => testStep(prompter, d, services, info) },
  ];
  if (!editing) return runWizard(vscode.l10n.t('Add Connection'), steps, draft);
  const title = vscode.l10n.t('Edit Connection {0}', existing.connection.label);
  for (;;) {
    const picked = await prompter.pick<EditField>({
      id: 'connection.field',
      title,
      placeholder: vscode.l10n.t('What do you want to change?'),
      items: [
        { label: vscode.l10n.t('Name'), description: c.label, value: 'label' },
        {
          label: c.kind === 'aws' ? vscode.l10n.t('Region') : vscode.l10n.t('Endpoint, region and addressing'),
          description:
            c.kind === 'aws' ? c.region : `${c.endpoint ?? ''} · ${c.region ?? ''} · ${c.forcePathStyle === false ? 'virtual-hosted' : 'path-style'}`,
          value: 'where',
        },
        {
          label: vscode.l10n.t('Credentials'),
          description: c.profile
            ? vscode.l10n.t('profile {0}', c.profile)
            : services.storedKeys
              ? vscode.l10n.t('access key ID {0}', services.storedKeys.accessKeyId)
              : vscode.l10n.t('default credential chain'),
          value: 'credentials',
        },
        { label: vscode.l10n.t('Everything'), description: vscode.l10n.t('all questions, starting with the kind of service'), value: 'all' },
      ],
    });
    if (picked === undefined || picked === BACK) return undefined;
    field = picked;
    // Back from the field's first question returns to the choice of field; Escape ends the edit.
    const done = await runSteps(title, steps, draft, true);
    if (done !== BACK) return done;
  }
}

type TestAnswer = 'back' | 'bucket' | 'save';

/**
 * The wizard's last step: the connection as answered signs a request (ListBuckets, or HeadBucket
 * on a bucket the user names where listing is denied). A failure is decoded and offers Back to
 * the answers, so a wrong secret is fixed before anything is saved.
 */
async function testStep(
  prompter: Prompter,
  d: ConnectionDraft,
  services: ConnectionWizardServices,
  info: Required<Pick<StepInfo, 'step' | 'totalSteps' | 'canGoBack'>> & { title: string },
): Promise<'next' | Back | undefined> {
  const conn = d.connection as Connection;
  // The pool signs with stored keys first, so an edit that leaves the credentials alone tests those.
  const keys = d.credentials ? (d.credentials.kind === 'keys' ? d.keys : undefined) : services.storedKeys;
  // A profile a workspace file named (not one picked here) may run its credential_process: only
  // the client pool uses it, after asking. The edit is saved untested then, as before.
  if (!keys && d.credentials === undefined && services.workspaceDefined) return 'next';
  let bucket: string | undefined;
  for (;;) {
    const outcome = await tryConnection(prompter, conn, keys, services.network, bucket);
    if (outcome.ok) {
      d.found =
        outcome.result.kind === 'bucket'
          ? vscode.l10n.t('bucket {0} answers (this connection may not list all buckets)', outcome.result.bucket)
          : outcome.result.buckets.length === 0
            ? vscode.l10n.t('connected; it has no buckets yet')
            : vscode.l10n.t('connected; buckets: {0}', listed(outcome.result.buckets));
      return 'next';
    }
    const decoded = decodeError(outcome.error);
    services.log.block(
      `Connection test of "${conn.label ?? conn.id ?? ''}"${bucket ? ` (HeadBucket ${bucket})` : ' (ListBuckets)'} failed:\n${renderBlock(decoded)}`,
      'warn',
    );
    const denied = classifyError(decoded, outcome.error) === 'access-denied';
    const items: PickItem<TestAnswer>[] = [
      {
        label: vscode.l10n.t('Back'),
        description: vscode.l10n.t('change the answers'),
        ...(decoded.remedy[0] ? { detail: decoded.remedy[0] } : {}),
        value: 'back',
      },
    ];
    if (denied && bucket === undefined) {
      items.push({
        label: vscode.l10n.t('Check one bucket by name…'),
        description: vscode.l10n.t('for keys allowed on some buckets only (HeadBucket)'),
        value: 'bucket',
      });
    }
    items.push({ label: vscode.l10n.t('Save without a working connection'), description: vscode.l10n.t('fix it later with Edit'), value: 'save' });
    const answer = await prompter.pick<TestAnswer>({
      ...info,
      id: 'connection.test',
      placeholder: vscode.l10n.t('Not connected: {0}', summaryLine(decoded)),
      items,
    });
    if (answer === undefined) return undefined;
    if (answer === BACK || answer === 'back') return BACK;
    if (answer === 'save') {
      delete d.found;
      return 'next';
    }
    const typed = await prompter.input({
      ...info,
      canGoBack: true,
      id: 'connection.testBucket',
      prompt: vscode.l10n.t('Bucket to check with HeadBucket'),
      validate: checkedBy(checkBucketName),
    });
    if (typed === undefined) return undefined;
    if (typed !== BACK) bucket = typed.trim();
  }
}

function listed(names: string[]): string {
  return names.length > 5 ? vscode.l10n.t('{0} and {1} more', names.slice(0, 5).join(', '), names.length - 5) : names.join(', ');
}

async function tryConnection(
  prompter: Prompter,
  conn: Connection,
  keys: StaticCredentials | undefined,
  network: PoolNetwork,
  bucket: string | undefined,
): Promise<{ ok: true; result: ConnectionTestResult } | { ok: false; error: unknown }> {
  const client = await createS3Client(conn, keys, network);
  try {
    const result = await prompter.progress(
      {
        id: 'connection.test',
        title: bucket ? vscode.l10n.t('Checking bucket {0} of {1}…', bucket, conn.label ?? '') : vscode.l10n.t('Testing connection {0}…', conn.label ?? ''),
        cancellable: true,
      },
      (_report, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return testConnection(client, { bucket, signal: abort.signal });
      },
    );
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error };
  } finally {
    client.destroy();
  }
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 64);
}

type LocationField = 'name' | 'where' | 'prefix' | 'all';

export interface LocationDraft {
  location: Partial<Location> & { role: LocationRole };
  connection?: ConnectionEntry;
  target?: EntrySource;
  /** the bucket is typed (not in the connection's list, or the list is unavailable) */
  typeBucket?: boolean;
}

export interface LocationWizardServices {
  /** the names ListBuckets gives for a connection; rejects with the SDK's error */
  listBuckets?(entry: ConnectionEntry): Promise<string[]>;
}

export async function locationWizard(
  prompter: Prompter,
  model: StorageModel,
  role: LocationRole,
  existing?: { location: Location; source: EntrySource; connection?: ConnectionEntry },
  services: LocationWizardServices = {},
): Promise<LocationDraft | undefined> {
  const draft: LocationDraft = { location: existing ? { ...existing.location } : { role } };
  if (existing?.connection) draft.connection = existing.connection;
  const l = draft.location;
  const list = role === 'input' ? model.inputs : model.outputs;
  const editing = existing !== undefined;
  let field: LocationField = 'all';
  // Editing one field asks only its questions; the others keep their values.
  const only = (f: LocationField, st: WizardStep<LocationDraft>): WizardStep<LocationDraft> => ({
    run: (state, info) => st.run(state, info),
    skip: (state) => (field !== 'all' && field !== f) || st.skip?.(state) === true,
  });
  const steps: WizardStep<LocationDraft>[] = [
    only(
      'where',
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
    ),
    only(
      'name',
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
    ),
    // The bucket: picked from the connection's list, typed where it can't be listed.
    only(
      'where',
      group<LocationDraft>([
        {
          skip: () => services.listBuckets === undefined,
          run: async (d, info) => {
            const entry = d.connection;
            let buckets: string[] = [];
            let failure: string | undefined;
            if (entry && services.listBuckets) {
              // Listed anew each time: a bucket created since the last question is offered.
              try {
                buckets = await services.listBuckets(entry);
              } catch (e) {
                failure = summaryLine(decodeError(e));
              }
            }
            const typed = {
              label: vscode.l10n.t('Type a bucket name…'),
              description: failure
                ? vscode.l10n.t('the buckets could not be listed: {0}', failure)
                : buckets.length
                  ? vscode.l10n.t('a bucket not in this list')
                  : vscode.l10n.t('the connection lists no buckets'),
              value: '',
            };
            return step(
              await prompter.pick<string>({
                ...info,
                id: 'location.bucketPick',
                placeholder: vscode.l10n.t('Which bucket of {0}?', entry?.connection.label ?? ''),
                items: [...buckets.map((b) => ({ label: b, value: b, picked: b === l.bucket })), typed],
              }),
              (v) => {
                d.typeBucket = v === '';
                if (v) l.bucket = v;
              },
            );
          },
        },
        inputStep<LocationDraft>(
          prompter,
          () => ({
            id: 'location.bucket',
            prompt: vscode.l10n.t('Bucket name'),
            value: l.bucket ?? '',
            validate: checkedBy(checkBucketName),
          }),
          (v) => (l.bucket = v.trim()),
          (s) => services.listBuckets !== undefined && !s.typeBucket,
        ),
      ]),
    ),
    only(
      'prefix',
      inputStep<LocationDraft>(
        prompter,
        () => ({
          id: 'location.prefix',
          prompt: vscode.l10n.t('Key prefix (folder) inside the bucket, e.g. sources/ — empty for the whole bucket; a "/" is added at the end'),
          value: l.prefix ?? '',
          validate: (v) => {
            const prefix = normalizePrefix(v);
            if (prefix === undefined) return undefined;
            const issue = validateLocation({ name: 'x', role, connection: 'x', bucket: 'bucket', prefix }).find((i) => i.field === 'prefix');
            return issue?.message;
          },
        }),
        (v) => {
          const prefix = normalizePrefix(v);
          if (prefix) l.prefix = prefix;
          else delete l.prefix;
        },
      ),
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
  if (!editing) {
    const done = await runWizard(title, steps, draft);
    if (done && !done.target) done.target = { kind: 'user' };
    return done;
  }
  for (;;) {
    const picked = await prompter.pick<LocationField>({
      id: 'location.field',
      title,
      placeholder: vscode.l10n.t('What do you want to change?'),
      items: [
        { label: vscode.l10n.t('Name'), description: l.name, value: 'name' },
        {
          label: vscode.l10n.t('Connection and bucket'),
          description: `${draft.connection?.connection.label ?? l.connection ?? ''} · ${l.bucket ?? ''}`,
          value: 'where',
        },
        { label: vscode.l10n.t('Prefix'), description: l.prefix ?? vscode.l10n.t('the whole bucket'), value: 'prefix' },
        { label: vscode.l10n.t('Everything'), description: vscode.l10n.t('all questions'), value: 'all' },
      ],
    });
    if (picked === undefined || picked === BACK) return undefined;
    field = picked;
    // Back from the field's first question returns to the choice of field; Escape ends the edit.
    const done = await runSteps(title, steps, draft, true);
    if (done !== BACK) return done;
  }
}
