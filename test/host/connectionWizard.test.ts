// The connection wizard against Ceph RADOS Gateway (it checks SigV4 signatures like AWS): it asks
// for keys, tests the connection before saving, decodes a wrong secret and goes Back to fix it,
// offers the profiles of the AWS config files, and ends on a node that lists its buckets. The
// input wizard picks the bucket from ListBuckets and stores a typed prefix with its "/".
import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { cephAvailability, makeClient, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { api, type TestApi } from './support/api';
import { BACK, ENTER, runScripted, type ScriptAnswer } from './support/scriptedPrompter';
import { labels, path, readRegistryText, removeRegistry, writeRegistry } from './support/storage';

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

describeCeph(`Connection wizard [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  let a: TestApi;
  let server: S3TestServer | undefined;
  let bucket = '';
  let awsDir = '';
  const savedEnv = { config: process.env['AWS_CONFIG_FILE'], credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] };
  const ceph = (): S3TestServer => {
    assert.ok(server, 'Ceph not started');
    return server;
  };

  before(async function () {
    this.timeout(240_000);
    a = await api();
    server = await startCeph();
    bucket = uniqueBucket('wizard');
    const client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    await writeRegistry(a, { connections: [], inputs: [], outputs: [] });
    // The extension runs in this process: the SDK's loader reads these files for it.
    awsDir = mkdtempSync(join(tmpdir(), 'msw-aws-'));
    writeFileSync(
      join(awsDir, 'config'),
      '[profile wizard-sso]\nsso_session = media\nsso_account_id = 111122223333\nsso_role_name = Editor\n[sso-session media]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
    );
    writeFileSync(join(awsDir, 'credentials'), `[wizard-keys]\naws_access_key_id = ${server.accessKeyId}\naws_secret_access_key = ${server.secretAccessKey}\n`);
    process.env['AWS_CONFIG_FILE'] = join(awsDir, 'config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(awsDir, 'credentials');
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    for (const id of ['wizard-ceph', 'wizard-profile']) await a.credentials.clear(id);
    await removeRegistry(a);
    await server?.stop();
    for (const [k, v] of [
      ['AWS_CONFIG_FILE', savedEnv.config],
      ['AWS_SHARED_CREDENTIALS_FILE', savedEnv.credentials],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  const where = (): [string, ScriptAnswer][] => [
    ['connection.kind', 'S3-compatible'],
    ['connection.endpoint', ceph().endpoint],
    ['connection.region', ceph().region],
    ['connection.addressing', 'Path-style'],
  ];

  it('asks for keys, decodes a wrong secret, goes Back to fix it, and ends on a connected node', async function () {
    this.timeout(60_000);
    const mark = a.logger.written;
    const [kind, ...endpointRegionAddressing] = where();
    assert.ok(kind);
    const prompter = await runScripted(
      a,
      [
        kind,
        ['connection.label', 'Wizard Ceph'],
        ['connection.id', 'wizard-ceph'],
        ...endpointRegionAddressing,
        ['connection.credentials', 'Access key ID and secret…'],
        ['connection.accessKeyId', ceph().accessKeyId],
        ['connection.secretAccessKey', 'wrong-secret-key-0000000000000000000000'],
        ['connection.target', 'Workspace: workspace'],
        ['connection.test', 'Back'],
        ['connection.target', BACK],
        ['connection.credentials', 'Access key ID and secret…'],
        ['connection.accessKeyId', ENTER],
        ['connection.secretAccessKey', ceph().secretAccessKey],
        ['connection.target', 'Workspace: workspace'],
      ],
      'mediaStorage.addConnection',
    );
    // The step count never jumps: a choice adds questions inside a step, not steps.
    assert.deepStrictEqual(
      prompter.asked.slice(0, 10).map((q) => `${q.id} ${q.step ?? '?'}/${q.totalSteps ?? '?'}`),
      [
        'connection.kind 1/7',
        'connection.label 2/7',
        'connection.id 3/7',
        'connection.endpoint 4/7',
        'connection.region 4/7',
        'connection.addressing 4/7',
        'connection.credentials 5/7',
        'connection.accessKeyId 5/7',
        'connection.secretAccessKey 5/7',
        'connection.target 6/7',
      ],
    );
    assert.strictEqual(prompter.asked.find((q) => q.id === 'connection.secretAccessKey')?.kind, 'password', 'the secret is typed in a password box');
    const failed = prompter.asked.find((q) => q.id === 'connection.test');
    assert.strictEqual(`${failed?.step ?? '?'}/${failed?.totalSteps ?? '?'}`, '7/7');
    assert.ok(failed?.items?.includes('Back'), failed?.items?.join(' | '));
    const log = a.logger.since(mark).join('\n');
    assert.match(log, /Connection test of "Wizard Ceph" \(ListBuckets\) failed:[\s\S]*SignatureDoesNotMatch/);
    assert.ok(!log.includes(ceph().secretAccessKey), 'the secret is not logged');
    // Other files may share the gateway and its buckets; this one's bucket is among them.
    assert.strictEqual(prompter.notifications.length, 1, prompter.describe());
    assert.strictEqual(prompter.notifications[0]?.level, 'info');
    assert.match(prompter.notifications[0]?.message ?? '', /^Connection "Wizard Ceph" added: connected; buckets: /);
    assert.ok(prompter.notifications[0]?.message.includes(bucket), prompter.notifications[0]?.message);
    const entry = a.registry.model.connections.find((c) => c.connection.id === 'wizard-ceph');
    assert.ok(entry);
    assert.deepStrictEqual(await a.credentials.get(entry), { accessKeyId: ceph().accessKeyId, secretAccessKey: ceph().secretAccessKey });
    assert.ok(!(await readRegistryText()).includes(ceph().secretAccessKey), 'the secret is not in the registry file');
    assert.ok((await labels(a, await path(a, 'Buckets', 'Wizard Ceph'))).includes(bucket), 'the new node lists its buckets');
  });

  it('picks the bucket from ListBuckets and stores a typed prefix with its "/"', async function () {
    this.timeout(60_000);
    const prompter = await runScripted(
      a,
      [
        ['location.connection', 'Wizard Ceph'],
        ['location.name', 'wizard-out'],
        ['location.bucketPick', bucket],
        ['location.prefix', 'newcomer'],
        ['location.target', 'Workspace: workspace'],
      ],
      'mediaStorage.addOutput',
    );
    const pick = prompter.asked.find((q) => q.id === 'location.bucketPick');
    assert.ok(pick?.items?.includes(bucket), pick?.items?.join(' | '));
    assert.strictEqual(pick?.items?.at(-1), 'Type a bucket name…');
    assert.deepStrictEqual(
      prompter.asked.map((q) => `${q.step ?? '?'}/${q.totalSteps ?? '?'}`),
      ['1/5', '2/5', '3/5', '4/5', '5/5'],
    );
    const out = a.registry.model.outputs.find((e) => e.location.name === 'wizard-out');
    assert.strictEqual(out?.location.prefix, 'newcomer/');
    assert.strictEqual(out.location.bucket, bucket);
  });

  it('Edit asks which field to change and asks only that', async function () {
    this.timeout(60_000);
    const prompter = await runScripted(
      a,
      [
        ['connection.field', 'Name'],
        ['connection.label', 'Wizard Ceph renamed'],
      ],
      'mediaStorage.edit',
      await path(a, 'Buckets', 'Wizard Ceph'),
    );
    assert.deepStrictEqual(
      prompter.asked.map((q) => `${q.id} ${q.step ?? '-'}/${q.totalSteps ?? '-'}`),
      ['connection.field -/-', 'connection.label 1/2'],
    );
    assert.strictEqual(a.registry.model.connections.find((c) => c.connection.id === 'wizard-ceph')?.connection.label, 'Wizard Ceph renamed');
  });

  it('Edit of an output asks which field to change; Back returns to that choice', async function () {
    this.timeout(60_000);
    const prompter = await runScripted(
      a,
      [
        ['location.field', 'Name'],
        ['location.name', BACK],
        ['location.field', 'Prefix'],
        ['location.prefix', 'renditions'],
      ],
      'mediaStorage.edit',
      await path(a, 'Outputs', 'wizard-out'),
    );
    assert.deepStrictEqual(
      prompter.asked.map((q) => `${q.id} ${q.step ?? '-'}/${q.totalSteps ?? '-'}`),
      ['location.field -/-', 'location.name 1/1', 'location.field -/-', 'location.prefix 1/1'],
    );
    assert.strictEqual(prompter.asked[0]?.title, 'Edit Output wizard-out');
    const out = a.registry.model.outputs.find((e) => e.location.name === 'wizard-out');
    assert.strictEqual(out?.location.prefix, 'renditions/', 'the typed prefix is stored with its "/"');
    assert.strictEqual(out.location.bucket, bucket, 'the fields not asked keep their values');
    assert.strictEqual(out.location.connection, 'wizard-ceph');
  });

  it('offers the profiles of AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (SSO included) and connects with one', async function () {
    this.timeout(60_000);
    const [kind, ...rest] = where();
    assert.ok(kind);
    const prompter = await runScripted(
      a,
      [
        kind,
        ['connection.label', 'Wizard profile'],
        ['connection.id', 'wizard-profile'],
        ...rest,
        ['connection.credentials', 'Profile wizard-keys'],
        // A personal connection: a workspace one would first ask to use the user's profile.
        ['connection.target', 'User settings'],
      ],
      'mediaStorage.addConnection',
    );
    const items = prompter.asked.find((q) => q.id === 'connection.credentials')?.items ?? [];
    assert.deepStrictEqual(items, [
      'Access key ID and secret…',
      'Profile wizard-keys',
      'Profile wizard-sso',
      'Another profile name…',
      'Default credential chain',
    ]);
    assert.match(prompter.notifications[0]?.message ?? '', /^Connection "Wizard profile" added: connected; buckets: .*\./);
    assert.strictEqual(a.registry.model.connections.find((c) => c.connection.id === 'wizard-profile')?.connection.profile, 'wizard-keys');
    await runScripted(a, [['confirm.remove', 'Remove']], 'mediaStorage.remove', await path(a, 'Buckets', 'Wizard profile'));
    assert.ok(!a.registry.model.connections.some((c) => c.connection.id === 'wizard-profile'), 'removed from the user settings again');
  });
});
