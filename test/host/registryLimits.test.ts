// A workspace registry with entries that must not be used (a bucket that is no S3 name, an
// endpoint carrying a password) and one nested 10,000 levels deep: the view still loads, the
// user's own entries still list, every problem is shown, and no request reaches the bad entries.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../s3/servers';
import { api, workspaceFile, type TestApi } from './support/api';
import { diagnosticsOf, allChildren, label, labels, path, REGISTRY, removeRegistry, writeRegistry } from './support/storage';

const PASSWORD = 'Pa55-never-shown';

describe('Media Storage registry limits [s3rver]', function () {
  let a: TestApi;
  let server: S3TestServer;
  let client: S3Client;
  let trap: http.Server;
  let trapPort = 0;
  let requests = 0;
  const bucket = uniqueBucket('mine');

  before(async function () {
    this.timeout(120_000);
    a = await api();
    server = await startS3rver();
    client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'clip.mp4', Body: Buffer.alloc(16, 7) }));
    // Stands in for whatever a bad entry points at: any request that reaches it is a failure.
    trap = http.createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    trapPort = (trap.address() as AddressInfo).port;
    const config = vscode.workspace.getConfiguration('mediaStorage');
    await config.update(
      'connections',
      [{ id: 'mine', label: 'My store', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true }],
      vscode.ConfigurationTarget.Global,
    );
    await config.update('inputs', [{ name: 'my-input', connection: 'mine', bucket }], vscode.ConfigurationTarget.Global);
    await a.registry.reload();
    const mine = a.registry.model.connections.find((c) => c.connection.id === 'mine');
    assert.ok(mine, a.registry.model.problems.map((p) => p.message).join('\n'));
    await a.credentials.set(mine, { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  });

  after(async () => {
    const mine = a?.registry.model.connections.find((c) => c.connection.id === 'mine');
    const config = vscode.workspace.getConfiguration('mediaStorage');
    if (mine) await a.credentials.clear(mine);
    await config.update('connections', undefined, vscode.ConfigurationTarget.Global);
    await config.update('inputs', undefined, vscode.ConfigurationTarget.Global);
    if (a) await removeRegistry(a);
    client?.destroy();
    await server?.stop();
    await new Promise((r) => trap?.close(r));
  });

  /** Expands everything the user could click, the way the view asks for it. */
  async function expandAll(skip: string): Promise<string[]> {
    const seen: string[] = [];
    const walk = async (node: Parameters<typeof label>[1] | undefined, depth: number): Promise<void> => {
      if (depth > 3) return;
      for (const n of await allChildren(a, node)) {
        seen.push(label(a, n));
        if (label(a, n) !== skip) await walk(n, depth + 1);
      }
    };
    await walk(undefined, 0);
    return seen;
  }

  async function userEntriesStillList(): Promise<void> {
    assert.strictEqual((await labels(a, await path(a, 'Inputs')))[0], 'my-input');
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs', 'my-input')), ['clip.mp4']);
    assert.ok((await labels(a, await path(a, 'Buckets', 'My store'))).includes(bucket));
  }

  it('leaves out an invalid bucket and an endpoint with a password, says why, and never contacts them', async () => {
    requests = 0;
    await writeRegistry(a, {
      connections: [
        { id: 'trap', label: 'Trap', kind: 's3-compatible', region: 'us-east-1', endpoint: `http://127.0.0.1:${trapPort}`, forcePathStyle: true },
        {
          id: 'creds',
          label: 'Creds in URL',
          kind: 's3-compatible',
          region: 'us-east-1',
          endpoint: `http://me:${PASSWORD}@127.0.0.1:${trapPort}`,
          forcePathStyle: true,
        },
      ],
      inputs: [
        { name: 'dots', connection: 'trap', bucket: '..' },
        { name: 'via-creds', connection: 'creds', bucket: 'media-in' },
      ],
      outputs: [],
    });
    await a.credentials.set('trap', { accessKeyId: 'AKIDTRAP', secretAccessKey: 'not-a-real-secret-for-the-trap' });
    try {
      const root = await labels(a);
      assert.deepStrictEqual(root.slice(0, 3), ['Inputs', 'Outputs', 'Buckets']);
      assert.ok(
        root.some((l) => /line \d+: input "dots" is not used: "bucket": bucket name "\.\." is shorter than 3 characters/.test(l)),
        root.join('\n'),
      );
      assert.ok(
        root.some((l) => /line \d+: connection "creds" is not used: "endpoint": endpoint must not contain user or password/.test(l)),
        root.join('\n'),
      );
      await userEntriesStillList();
      // "via-creds" is itself valid but names the refused connection: it is listed with nothing to connect through.
      assert.deepStrictEqual(await labels(a, await path(a, 'Inputs')), ['my-input', 'via-creds']);
      // The valid "Trap" connection itself is not expanded: listing its buckets is a request it may make.
      const seen = await expandAll('Trap');
      assert.ok(!seen.includes('dots') && !seen.includes('Creds in URL'), seen.join('\n'));
      assert.strictEqual(requests, 0, 'no request reaches an invalid entry');
      // The counter does count: the valid connection to the same server reaches it.
      await allChildren(a, await path(a, 'Buckets', 'Trap'));
      assert.ok(requests > 0, 'listing the valid connection reaches the trap');
      const shown = [...seen, ...a.logger.recent, ...vscode.languages.getDiagnostics(workspaceFile(REGISTRY)).map((d) => d.message)];
      for (const s of shown) assert.ok(!s.includes(PASSWORD), `password shown: ${s}`);

      const uri = workspaceFile(REGISTRY);
      const diags = await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'invalid-bucket'));
      const bucketDiags = diags.filter((x) => x.code === 'invalid-bucket');
      assert.strictEqual(bucketDiags.length, 1, diags.map((d) => d.message).join(' | '));
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const lineText = text.split('\n')[bucketDiags[0].range.start.line];
      assert.match(lineText, /"bucket": "\.\."/);
      assert.strictEqual(diags.filter((x) => /user or password/.test(x.message)).length, 1);
    } finally {
      await a.credentials.clear('trap');
    }
  });

  it('shows a registry nested 10,000 levels deep as a problem and keeps the user entries', async () => {
    await vscode.workspace.fs.createDirectory(workspaceFile('.vscode'));
    const text = `{ "connections": [], "inputs": [], "outputs": [], "x": ${'['.repeat(10000)}${']'.repeat(10000)} }\n`;
    await vscode.workspace.fs.writeFile(workspaceFile(REGISTRY), new TextEncoder().encode(text));
    await a.registry.reload();
    const root = await labels(a);
    assert.deepStrictEqual(root.slice(0, 3), ['Inputs', 'Outputs', 'Buckets']);
    assert.ok(root.includes(`${REGISTRY}: The registry file is nested deeper than 64 levels; not read`), root.join('\n'));
    await userEntriesStillList();
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs')), ['my-input']);
    const diags = await diagnosticsOf(workspaceFile(REGISTRY), (d) => d.some((x) => x.code === 'too-deep'));
    assert.deepStrictEqual(
      diags.map((d) => d.message),
      ['The registry file is nested deeper than 64 levels; not read'],
    );
  });
});
