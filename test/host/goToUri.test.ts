// "Go to S3 URI…" on Ceph RADOS Gateway, whose listings page for real: a pasted URI in any form
// is revealed and selected in the tree, through as many "Load more" pages as it takes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cephAvailability, makeClient, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { api, waitFor, type TestApi } from './support/api';
import { runScripted } from './support/scriptedPrompter';
import { label, removeRegistry, writeRegistry } from './support/storage';
import type { TreeNode } from '../../src/tree/nodes';

const availability = cephAvailability();
const describeCeph = availability.available || process.env.CI === 'true' ? describe : describe.skip;

describeCeph(`Go to S3 URI [ceph]${availability.available ? '' : ` (skipped: ${availability.reason ?? ''})`}`, function () {
  let a: TestApi;
  let server: S3TestServer | undefined;
  let bucket = '';
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');

  before(async function () {
    this.timeout(240_000);
    a = await api();
    server = await startCeph();
    bucket = uniqueBucket('goto');
    const client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const keys = [...Array.from({ length: 12 }, (_, i) => `renditions/hls/seg-${String(i).padStart(3, '0')}.ts`), 'renditions/hls/index.m3u8', 'other/x.bin'];
    await Promise.all(keys.map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Buffer.alloc(10, 1) }))));
    client.destroy();
    // Five entries a page: the last segment is three pages into its folder.
    await config().update('pageSize', 5, vscode.ConfigurationTarget.Global);
    await writeRegistry(a, {
      connections: [{ id: 'ceph', label: 'Ceph RGW', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true }],
      inputs: [],
      outputs: [{ name: 'renditions', connection: 'ceph', bucket, prefix: 'renditions/' }],
    });
    await a.credentials.set('ceph', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  });

  after(async function () {
    this.timeout(60_000);
    a.setPrompter(undefined);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await a.credentials.clear('ceph');
    await removeRegistry(a);
    await server?.stop();
  });

  /** The selected node's labels from the root, as the user reads them in the tree. */
  const selectedPath = (): string[] => {
    const out: string[] = [];
    for (let n: TreeNode | undefined = a.view.selection[0]; n; n = a.explorer.getParent(n)) out.unshift(label(a, n));
    return out;
  };
  const waitSelected = async (want: string[]): Promise<void> => {
    await waitFor(`selection is ${want.join(' › ')}; now ${selectedPath().join(' › ')}`, () => selectedPath().join(' › ') === want.join(' › '));
  };

  it('reveals an s3:// URI under the registered output, loading pages until the object shows', async () => {
    const told = await runScripted(a, [['goto.uri', `s3://${bucket}/renditions/hls/seg-011.ts`]], 'mediaStorage.goToUri');
    assert.deepStrictEqual(told.notifications, []);
    await waitSelected(['Outputs', 'renditions', 'hls', 'seg-011.ts']);
  });

  it('reveals a path-style https URL under its bucket when no input or output holds it', async () => {
    assert.ok(server);
    await runScripted(a, [['goto.uri', `${server.endpoint}/${bucket}/other/x.bin`]], 'mediaStorage.goToUri');
    await waitSelected(['Buckets', 'Ceph RGW', bucket, 'other', 'x.bin']);
  });

  it('shows the nearest folder that exists, and says the object does not', async () => {
    const told = await runScripted(a, [['goto.uri', `s3://${bucket}/renditions/hls/seg-999.ts`]], 'mediaStorage.goToUri');
    await waitSelected(['Outputs', 'renditions', 'hls']);
    assert.deepStrictEqual(told.notifications, [
      {
        level: 'warn',
        message: `s3://${bucket}/renditions/hls/seg-999.ts does not exist; showing s3://${bucket}/renditions/hls/, the nearest level that does.`,
        actions: [],
      },
    ]);
  });

  it('refuses what is not an S3 location, and opens by name a bucket the connection does not list', async () => {
    const other = uniqueBucket('unlisted');
    const declined = await runScripted(
      a,
      [
        ['goto.uri', 'media/clip.mp4'],
        ['goto.uri', `s3://${other}/a/b.mp4`],
        ['goto.addBucket', undefined],
      ],
      'mediaStorage.goToUri',
    );
    assert.match(declined.asked[0]?.rejected[0]?.message ?? '', /\S/, 'the input box says why the URL is refused');
    assert.deepStrictEqual(declined.notifications, [], 'a declined offer changes nothing and says nothing');

    const key = a.registry.model.connections.find((c) => c.connection.id === 'ceph')?.key ?? '';
    try {
      const added = await runScripted(
        a,
        [
          ['goto.uri', `s3://${other}/a/b.mp4`],
          ['goto.addBucket', 'Add Bucket "' + other + '" by Name'],
        ],
        'mediaStorage.goToUri',
      );
      // The bucket node is there (opened by name); the bucket itself does not exist on this store.
      await waitSelected(['Buckets', 'Ceph RGW', other]);
      assert.deepStrictEqual(
        added.notifications.map((n) => n.message),
        [`s3://${other}/a/ does not exist; showing s3://${other}/, the nearest level that does.`],
      );
    } finally {
      await a.pinned.remove(key, other);
    }
  });
});
