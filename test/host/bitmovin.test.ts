// The Bitmovin API connection in the real extension host, against the local fake Bitmovin API
// (test/support/fakeBitmovin.ts) the test starts: the key set through the command and kept in
// SecretStorage, the base URL setting pointed at the fake, the tree's Bitmovin group, outputs
// registered from the tree's output nodes, and a wrong key decoded as 1002.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BitmovinApi } from '../../src/bitmovin';
import type { BitmovinStorageKind } from '../../src/core/bitmovin';
import type { TreeNode } from '../../src/tree/nodes';
import { startFakeBitmovin, type FakeBitmovin } from '../support/fakeBitmovin';
import { api, logSince, sleep, type TestApi } from './support/api';
import { ENTER, runScripted, ScriptedPrompter } from './support/scriptedPrompter';
import { children, description, label, labels, path, readRegistryText, removeRegistry, tooltip, writeRegistry } from './support/storage';

describe('Bitmovin API connection [fake Bitmovin API]', function () {
  let fake: FakeBitmovin | undefined;
  let a: TestApi & { bitmovin: BitmovinApi };
  const fx = (): FakeBitmovin => {
    assert.ok(fake, 'fake Bitmovin API not started');
    return fake;
  };
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  /** Sets the key through the command; the prompter's notifications are what the user was told. */
  const setKey = async (key: string): Promise<ScriptedPrompter> => {
    const p = await runScripted(a, [['bitmovin.apiKey', key]], 'mediaStorage.setBitmovinApiKey');
    assert.strictEqual(p.asked[0]?.kind, 'password', 'the key is asked with a masked input');
    return p;
  };
  /** The output Bitmovin stored under `name`: what the command created, as the API has it. */
  const storedOutput = (kind: BitmovinStorageKind, name: string): Record<string, unknown> & { id: string } => {
    const found = fx()
      .stored('outputs', kind)
      .filter((r) => r.name === name);
    assert.strictEqual(found.length, 1, `${kind} outputs named "${name}": ${JSON.stringify(fx().stored('outputs', kind))}`);
    return found[0] as Record<string, unknown> & { id: string };
  };

  before(async function () {
    this.timeout(60_000);
    a = (await api()) as TestApi & { bitmovin: BitmovinApi };
    fake = await startFakeBitmovin();
    await config().update('bitmovin.baseUrl', fx().baseUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('mediaStorage.clearBitmovinApiKey');
    await writeRegistry(a, {
      connections: [
        { id: 'aws-bm', label: 'AWS for Bitmovin', kind: 'aws', region: 'eu-west-1' },
        { id: 'minio-bm', label: 'MinIO for Bitmovin', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true },
      ],
      inputs: [{ name: 'bm-mezzanine', connection: 'minio-bm', bucket: 'onprem-in', prefix: 'sources/' }],
      outputs: [
        { name: 'bm-renditions', connection: 'aws-bm', bucket: 'bm-out-bucket', prefix: 'hls/' },
        { name: 'bm-onprem', connection: 'minio-bm', bucket: 'onprem-out' },
      ],
    });
  });
  afterEach(() => a.setPrompter(undefined));
  after(async () => {
    await vscode.commands.executeCommand('mediaStorage.clearBitmovinApiKey');
    await config().update('bitmovin.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await removeRegistry(a);
    await fake?.stop();
  });

  it('without a key the Bitmovin group offers to set one', async () => {
    const kids = await children(a, await path(a, 'Bitmovin'));
    assert.deepStrictEqual(
      kids.map((n) => label(a, n)),
      ['Set Bitmovin API Key…'],
    );
    assert.strictEqual(a.explorer.getTreeItem(kids[0]).command?.command, 'mediaStorage.setBitmovinApiKey');
  });

  it('sets the key through the command, checks it, and lists the account’s inputs and outputs by type', async () => {
    fx().seed('inputs', 's3', [{ name: 'mezzanine-in', bucketName: 'mezz-bucket', accessKey: 'AKIAIN', secretKey: 'in-secret' }]);
    fx().seed('outputs', 'generic-s3', [{ name: 'ceph-out', bucketName: 'ceph-bucket', host: 'ceph.example', port: 7480, accessKey: 'a', secretKey: 'b' }]);
    const mark = a.logger.written;
    const p = await setKey(fx().apiKey);
    assert.deepStrictEqual(p.notifications, [{ level: 'info', message: `Bitmovin API key saved; ${fx().baseUrl} accepted it.`, actions: [] }]);
    assert.strictEqual(await a.bitmovin.keys.get(), fx().apiKey, 'kept in SecretStorage');
    assert.ok(!logSince(a, mark).includes(fx().apiKey), 'the key never reaches the log');
    assert.deepStrictEqual(await labels(a, await path(a, 'Bitmovin')), ['Inputs', 'Outputs']);
    assert.deepStrictEqual(await labels(a, await path(a, 'Bitmovin', 'Inputs')), ['S3', 'Generic S3', 'S3 role-based']);
    const input = await path(a, 'Bitmovin', 'Inputs', 'S3', 'mezzanine-in');
    const inputId = fx().stored('inputs', 's3')[0].id as string;
    assert.strictEqual(description(a, input), `mezz-bucket · ${inputId}`);
    assert.match(tooltip(a, input), /Bucket: `mezz-bucket`/);
    const out = await path(a, 'Bitmovin', 'Outputs', 'Generic S3', 'ceph-out');
    assert.match(description(a, out), /^ceph\.example\/ceph-bucket · [0-9a-f-]{36}$/);
    assert.deepStrictEqual(await labels(a, await path(a, 'Bitmovin', 'Outputs', 'S3 role-based')), ['None']);
    const sent = fx().requests.filter((q) => q.url.startsWith('/v1/encoding/'));
    assert.ok(sent.length > 0 && sent.every((q) => q.headers['x-api-key'] === fx().apiKey && !q.url.includes(fx().apiKey)));
  });

  it('registers an AWS output as a Bitmovin S3 output with typed keys that go to Bitmovin only', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTTEST';
    const p = new ScriptedPrompter([
      ['bitmovin.auth', 'Access key and secret key'],
      ['bitmovin.name', ''],
      ['bitmovin.name', 'renditions in bitmovin'],
      ['bitmovin.accessKey', 'AKIAHOSTTESTEXAMPLE'],
      ['bitmovin.secretKey', secret],
    ]).click('created', 'Copy ID');
    await vscode.env.clipboard.writeText('');
    const mark = a.logger.written;
    const node = await path(a, 'Outputs', 'bm-renditions');
    await runScripted(a, p, 'mediaStorage.registerBitmovinOutput', node);
    const created = storedOutput('s3', 'renditions in bitmovin');
    assert.deepStrictEqual(
      p.asked.map((x) => `${x.id}:${x.kind}`),
      ['bitmovin.auth:pick', 'bitmovin.name:input', 'bitmovin.accessKey:password', 'bitmovin.secretKey:password'],
    );
    assert.strictEqual(p.asked[1].rejected[0]?.message, 'Enter the name.');
    assert.deepStrictEqual(
      { ...created, id: undefined, createdAt: undefined },
      {
        name: 'renditions in bitmovin',
        bucketName: 'bm-out-bucket',
        cloudRegion: 'EU_WEST_1',
        accessKey: 'AKIAHOSTTESTEXAMPLE',
        secretKey: secret,
        id: undefined,
        createdAt: undefined,
      },
    );
    const listed = await path(a, 'Bitmovin', 'Outputs', 'S3', 'renditions in bitmovin');
    assert.strictEqual(description(a, listed), `bm-out-bucket · ${created.id}`);
    assert.deepStrictEqual(
      p.progresses.map((x) => [x.id, x.title, x.cancellable, x.ended]),
      [['bitmovin.createOutput', 'Creating the Bitmovin S3 output…', false, true]],
    );
    assert.deepStrictEqual(p.notifications, [
      { level: 'info', message: `Bitmovin S3 output "renditions in bitmovin" created: ${created.id}`, actions: ['Copy ID'], chosen: 'Copy ID' },
    ]);
    // "Copy ID" is answered after the command resolved (a notification does not hold it up).
    for (let i = 0; i < 100 && (await vscode.env.clipboard.readText()) !== created.id; i++) await sleep(20);
    assert.strictEqual(await vscode.env.clipboard.readText(), created.id, 'Copy ID puts the id on the clipboard');
    const log = logSince(a, mark);
    assert.match(log, new RegExp(`created S3 output "renditions in bitmovin" \\(bucket bm-out-bucket\\) with id ${created.id}`));
    assert.ok(!log.includes(secret), 'the secret key never reaches the log');
    assert.ok(!(await readRegistryText()).includes(secret), 'nor the registry file');
    assert.ok(!JSON.stringify(config().get('outputs')).includes(secret), 'nor the settings');
  });

  it('registers an AWS output role-based (the ARN is checked) and an S3-compatible one as generic S3', async () => {
    const role = new ScriptedPrompter([
      ['bitmovin.auth', 'IAM role (role-based)'],
      ['bitmovin.name', 'role out'],
      ['bitmovin.roleArn', 'arn:aws:iam::123:role/x'],
      ['bitmovin.roleArn', 'arn:aws:iam::123456789012:role/bitmovin-output'],
    ]).click('created', 'Copy Trust Policy');
    await runScripted(a, role, 'mediaStorage.registerBitmovinOutput', await path(a, 'Outputs', 'bm-renditions'));
    const r = storedOutput('s3-role-based', 'role out');
    assert.strictEqual(r.roleArn, 'arn:aws:iam::123456789012:role/bitmovin-output');
    // No external id typed: Bitmovin is asked to generate one, which the trust policy then requires.
    assert.strictEqual(r.externalIdMode, 'GENERATED');
    assert.match(String(r.externalId), /^bitmovin-/);
    assert.deepStrictEqual(role.notifications, [
      {
        level: 'info',
        message: `Bitmovin S3 role-based output "role out" created: ${r.id}`,
        actions: ['Copy Trust Policy', 'Copy ID'],
        chosen: 'Copy Trust Policy',
      },
    ]);
    let trust = '';
    for (let i = 0; i < 100 && !(trust = await vscode.env.clipboard.readText()).includes('sts:ExternalId'); i++) await sleep(20);
    assert.deepStrictEqual(JSON.parse(trust), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'BitmovinAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::630681592166:user/bitmovinCustomerS3Access' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': r.externalId } },
        },
      ],
    });
    assert.match(role.asked[2].rejected[0]?.message ?? '', /arn:aws:iam::123456789012:role/);
    assert.strictEqual(description(a, await path(a, 'Bitmovin', 'Outputs', 'S3 role-based', 'role out')), `bm-out-bucket · ${r.id}`);

    // S3-compatible stores have no IAM roles to offer, so the flow goes straight to the name.
    const generic = new ScriptedPrompter([
      ['bitmovin.name', 'onprem out'],
      ['bitmovin.accessKey', 'minio-access'],
      ['bitmovin.secretKey', 'minio-secret-value'],
    ]);
    await runScripted(a, generic, 'mediaStorage.registerBitmovinOutput', await path(a, 'Outputs', 'bm-onprem'));
    const stored = storedOutput('generic-s3', 'onprem out');
    assert.deepStrictEqual(generic.notifications, [
      { level: 'info', message: `Bitmovin Generic S3 output "onprem out" created: ${stored.id}`, actions: ['Copy ID'] },
    ]);
    assert.deepStrictEqual([stored.host, stored.port, stored.ssl, stored.accessStyle], ['127.0.0.1', 9, false, 'PATH']);
    assert.match(description(a, await path(a, 'Bitmovin', 'Outputs', 'Generic S3', 'onprem out')), /^127\.0\.0\.1\/onprem-out · /);
  });

  it('registers an input too: an S3-compatible input becomes a Bitmovin generic S3 input that the tree lists', async () => {
    const p = new ScriptedPrompter([
      ['bitmovin.name', ENTER],
      ['bitmovin.accessKey', 'minio-reader'],
      ['bitmovin.secretKey', 'minio-reader-secret'],
    ]);
    await runScripted(a, p, 'mediaStorage.registerBitmovinInput', await path(a, 'Inputs', 'bm-mezzanine'));
    const found = fx()
      .stored('inputs', 'generic-s3')
      .filter((r) => r.name === 'bm-mezzanine');
    assert.strictEqual(found.length, 1, JSON.stringify(fx().stored('inputs', 'generic-s3')));
    const created = found[0] as Record<string, unknown> & { id: string };
    assert.deepStrictEqual([created.bucketName, created.host, created.port, created.accessStyle], ['onprem-in', '127.0.0.1', 9, 'PATH']);
    assert.deepStrictEqual(
      p.asked.map((x) => [x.id, x.prompt]),
      [
        ['bitmovin.name', 'Name of the input in Bitmovin'],
        ['bitmovin.accessKey', 'Access key id Bitmovin uses to read the bucket (sent to Bitmovin only)'],
        ['bitmovin.secretKey', 'Secret access key (sent to Bitmovin only, never stored here)'],
      ],
    );
    assert.deepStrictEqual(p.notifications, [
      { level: 'info', message: `Bitmovin Generic S3 input "bm-mezzanine" created: ${created.id}`, actions: ['Copy ID'] },
    ]);
    assert.strictEqual(description(a, await path(a, 'Bitmovin', 'Inputs', 'Generic S3', 'bm-mezzanine')), `127.0.0.1/onprem-in · ${created.id}`);
  });

  it('lists past 500 with Load More, which reads the next page and says how many are shown', async () => {
    fx().seed(
      'inputs',
      's3-role-based',
      Array.from({ length: 1_234 }, (_, i) => ({
        name: `role-in-${String(i).padStart(4, '0')}`,
        bucketName: 'many',
        roleArn: 'arn:aws:iam::123456789012:role/r',
      })),
    );
    const kind = await path(a, 'Bitmovin', 'Inputs', 'S3 role-based');
    a.explorer.refresh(kind);
    const first = await children(a, kind);
    assert.strictEqual(first.length, 501);
    const more = first[500];
    assert.strictEqual(label(a, more), 'Load More');
    assert.strictEqual(description(a, more), '500 of 1234 shown');
    const item = a.explorer.getTreeItem(more);
    await vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? []));
    const second = await children(a, kind);
    assert.strictEqual(second.length, 1001);
    assert.strictEqual(description(a, second[1000]), '1000 of 1234 shown');
    assert.deepStrictEqual(
      second.slice(498, 502).map((n) => label(a, n)),
      ['role-in-0498', 'role-in-0499', 'role-in-0500', 'role-in-0501'],
      'the second page continues where the first ended',
    );
    const again = a.explorer.getTreeItem(second[1000]);
    await vscode.commands.executeCommand(again.command?.command ?? '', ...(again.command?.arguments ?? []));
    const all = await children(a, kind);
    assert.strictEqual(all.length, 1234, 'the last page has no Load More');
    assert.strictEqual(new Set(all.map((n) => label(a, n))).size, 1234, 'no item twice');
  });

  it('a wrong key is reported decoded (1002) and the lists show it as an error node', async () => {
    const mark = a.logger.written;
    const p = await setKey('not-the-right-key');
    assert.strictEqual(await a.bitmovin.keys.get(), 'not-the-right-key', 'saved, as the notification says');
    assert.deepStrictEqual(
      p.notifications.map((n) => [n.level, n.actions]),
      [['error', ['Show Log']]],
    );
    assert.match(p.notifications[0].message, /^Check the Bitmovin API key \(it was saved; set it again to replace it\): .*1002/);
    assert.ok(!p.notifications[0].message.includes('not-the-right-key'), 'nor the notification');
    const log = logSince(a, mark);
    assert.match(log, /1002/);
    assert.match(log, /Invalid credentials/);
    assert.ok(!log.includes('not-the-right-key'), 'even a wrong key stays out of the log');
    const kids: TreeNode[] = await children(a, await path(a, 'Bitmovin', 'Outputs', 'S3'));
    assert.deepStrictEqual(
      kids.map((n) => label(a, n)),
      ['Invalid credentials (1002)'],
    );
    const item = a.explorer.getTreeItem(kids[0]);
    assert.strictEqual(item.command?.command, 'mediaStorage.setBitmovinApiKey');
    assert.match(tooltip(a, kids[0]), /HTTP status: 401\b/);
    // Setting the right key again brings the list back.
    await setKey(fx().apiKey);
    assert.ok((await labels(a, await path(a, 'Bitmovin', 'Outputs', 'S3'))).includes('renditions in bitmovin'));
  });

  it('clearing the key leaves only the hint to set one', async () => {
    await vscode.commands.executeCommand('mediaStorage.clearBitmovinApiKey');
    assert.deepStrictEqual(await labels(a, await path(a, 'Bitmovin')), ['Set Bitmovin API Key…']);
  });
});
