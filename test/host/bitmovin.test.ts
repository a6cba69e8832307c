// The Bitmovin API connection in the real extension host, against the local fake Bitmovin API
// (test/support/fakeBitmovin.ts) the test starts: the key set through the command and kept in
// SecretStorage, the base URL setting pointed at the fake, the tree's Bitmovin group, outputs
// registered from the tree's output nodes, and a wrong key decoded as 1002.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/nodes';
import { startFakeBitmovin, type FakeBitmovin } from '../support/fakeBitmovin';
import { api, logSince, type TestApi } from './support/api';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { children, description, label, labels, path, readRegistryText, removeRegistry, tooltip, writeRegistry } from './support/storage';

interface Registered {
  id: string;
  kind: string;
  name: string;
}

describe('Bitmovin API connection [fake Bitmovin API]', function () {
  let fake: FakeBitmovin | undefined;
  let a: TestApi;
  const fx = (): FakeBitmovin => {
    assert.ok(fake, 'fake Bitmovin API not started');
    return fake;
  };
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  const run = <T>(prompter: ScriptedPrompter, command: string, ...args: unknown[]): Thenable<T | undefined> => {
    a.setPrompter(prompter);
    return vscode.commands.executeCommand<T>(command, ...args);
  };
  /** The command's result and the prompter, whose notifications are what the user was told. */
  const setKeyTold = async (key: string): Promise<{ r: { saved: boolean; accepted?: boolean } | undefined; p: ScriptedPrompter }> => {
    const p = new ScriptedPrompter([['bitmovin.apiKey', key]]);
    const r = await run<{ saved: boolean; accepted?: boolean }>(p, 'mediaStorage.setBitmovinApiKey');
    assert.strictEqual(p.asked[0]?.kind, 'password', 'the key is asked with a masked input');
    assert.strictEqual(p.remaining, 0);
    return { r, p };
  };
  const setKey = async (key: string): Promise<{ saved: boolean; accepted?: boolean } | undefined> => (await setKeyTold(key)).r;

  before(async function () {
    this.timeout(60_000);
    a = await api();
    fake = await startFakeBitmovin();
    await config().update('bitmovin.baseUrl', fx().baseUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('mediaStorage.clearBitmovinApiKey');
    await writeRegistry(a, {
      connections: [
        { id: 'aws-bm', label: 'AWS for Bitmovin', kind: 'aws', region: 'eu-west-1' },
        { id: 'minio-bm', label: 'MinIO for Bitmovin', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true },
      ],
      inputs: [],
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
    const mark = a.logger.recent.length;
    const r = await setKey(fx().apiKey);
    assert.deepStrictEqual(r, { saved: true, accepted: true });
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
    ]);
    const mark = a.logger.recent.length;
    const node = await path(a, 'Outputs', 'bm-renditions');
    const created = await run<Registered>(p, 'mediaStorage.registerBitmovinOutput', node);
    assert.ok(created, 'an output was created');
    assert.strictEqual(created.kind, 's3');
    assert.deepStrictEqual(
      p.asked.map((x) => `${x.id}:${x.kind}`),
      ['bitmovin.auth:pick', 'bitmovin.name:input', 'bitmovin.accessKey:password', 'bitmovin.secretKey:password'],
    );
    assert.strictEqual(p.asked[1].rejected[0]?.message, 'Enter the name.');
    const stored = fx()
      .stored('outputs', 's3')
      .find((r) => r.id === created.id);
    assert.deepStrictEqual(
      { ...stored, id: undefined, createdAt: undefined },
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
    assert.deepStrictEqual(p.notifications, [
      { level: 'info', message: `Bitmovin S3 output "renditions in bitmovin" created: ${created.id}`, actions: ['Copy ID'] },
    ]);
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
    ]);
    const r = await run<Registered>(role, 'mediaStorage.registerBitmovinOutput', await path(a, 'Outputs', 'bm-renditions'));
    assert.strictEqual(r?.kind, 's3-role-based');
    assert.match(role.asked[2].rejected[0]?.message ?? '', /arn:aws:iam::123456789012:role/);
    assert.strictEqual(description(a, await path(a, 'Bitmovin', 'Outputs', 'S3 role-based', 'role out')), `bm-out-bucket · ${r.id}`);

    // S3-compatible stores have no IAM roles to offer, so the flow goes straight to the name.
    const generic = new ScriptedPrompter([
      ['bitmovin.name', 'onprem out'],
      ['bitmovin.accessKey', 'minio-access'],
      ['bitmovin.secretKey', 'minio-secret-value'],
    ]);
    const g = await run<Registered>(generic, 'mediaStorage.registerBitmovinOutput', await path(a, 'Outputs', 'bm-onprem'));
    assert.strictEqual(g?.kind, 'generic-s3');
    const stored = fx()
      .stored('outputs', 'generic-s3')
      .find((x) => x.id === g.id);
    assert.deepStrictEqual([stored?.host, stored?.port, stored?.ssl, stored?.accessStyle], ['127.0.0.1', 9, false, 'PATH']);
    assert.match(description(a, await path(a, 'Bitmovin', 'Outputs', 'Generic S3', 'onprem out')), /^127\.0\.0\.1\/onprem-out · /);
  });

  it('a wrong key is reported decoded (1002) and the lists show it as an error node', async () => {
    const mark = a.logger.recent.length;
    const { r, p } = await setKeyTold('not-the-right-key');
    assert.deepStrictEqual(r, { saved: true, accepted: false });
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
