// Against Ceph RADOS Gateway, which checks SigV4 signatures like AWS: a wrong secret key shows
// as "Wrong credentials" in the tree, and setting the right one through the command fixes it
// while the secret stays in SecretStorage only.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cephAvailability, makeClient, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { api, type TestApi } from './support/api';
import { runScripted, type ScriptAnswer } from './support/scriptedPrompter';
import { children, description, label, labels, path, readRegistryText, removeRegistry, writeRegistry } from './support/storage';

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

describeCeph(`Media Storage tree [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  let a: TestApi;
  let server: S3TestServer | undefined;
  let bucket = '';

  before(async function () {
    this.timeout(240_000);
    a = await api();
    server = await startCeph();
    bucket = uniqueBucket('ceph-in');
    const client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sources/clip.mp4', Body: Buffer.alloc(100, 1) }));
    client.destroy();
    await writeRegistry(a, {
      connections: [{ id: 'ceph', label: 'Ceph RGW', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true }],
      inputs: [{ name: 'ceph-in', connection: 'ceph', bucket, prefix: 'sources/' }],
      outputs: [],
    });
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    await a.credentials.clear('ceph');
    await removeRegistry(a);
    await server?.stop();
  });

  const setThroughCommand = async (secret: string): Promise<void> => {
    assert.ok(server);
    // A connection that has keys is first asked whether to replace them (Enter keeps them).
    const replace: [string, ScriptAnswer][] = (await a.credentials.get('ceph')) ? [['credentials.replace', (v: unknown) => v === true]] : [];
    await runScripted(
      a,
      [...replace, ['credentials.accessKeyId', server.accessKeyId], ['credentials.secretAccessKey', secret]],
      'mediaStorage.setCredentials',
      await path(a, 'Buckets', 'Ceph RGW'),
    );
    assert.deepStrictEqual(await a.credentials.get('ceph'), { accessKeyId: server.accessKeyId, secretAccessKey: secret });
  };

  it('shows "Wrong credentials" for a wrong secret key, with the action to set credentials', async () => {
    await setThroughCommand('wrong-secret-key-0000000000000000000000');
    const kids = await children(a, await path(a, 'Inputs', 'ceph-in'));
    const err = kids.find((n) => n.kind === 'error');
    assert.ok(err, `no error node: ${kids.map((n) => label(a, n)).join(', ')}`);
    assert.match(label(a, err), /^Wrong credentials \(SignatureDoesNotMatch\)$/);
    assert.ok(description(a, err).length > 0, 'the decoded reason is shown');
    assert.strictEqual(a.explorer.getTreeItem(err).command?.command, 'mediaStorage.setCredentials');
  });

  it('after setting the right secret through the command, the input lists and the secret is only in SecretStorage', async () => {
    assert.ok(server);
    await setThroughCommand(server.secretAccessKey);
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs', 'ceph-in')), ['clip.mp4']);
    assert.strictEqual((await a.credentials.get('ceph'))?.secretAccessKey, server.secretAccessKey);
    assert.ok(!(await readRegistryText()).includes(server.secretAccessKey), 'not in the registry file');
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    const settings = vscode.window.activeTextEditor?.document.getText() ?? '';
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(!settings.includes(server.secretAccessKey), 'not in the user settings.json');
    assert.ok(!a.logger.recent.join('\n').includes(server.secretAccessKey), 'not in the log');
  });
});
