// Restricted mode (launcher A with --untrusted): the user declined to trust the folder at the
// startup prompt. The workspace registry's entries must be listed but never connected, since the
// registry could otherwise point the user's credentials at an endpoint of its choosing, while the
// entries in the user's own settings keep working.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { api, type TestApi } from '../support/api';
import { children, label, labels, path, removeRegistry, tooltip, writeRegistry } from '../support/storage';

const NOT_TRUSTED = 'Not connected: workspace not trusted';
const PROMPT_WAIT_MS = 120_000;

/** An HTTP endpoint that answers like S3 refusing access and remembers every request it got. */
interface Recorder {
  endpoint: string;
  requests: string[];
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    req.resume();
    // A 403 rather than a 5xx, so a client that did connect fails at once instead of retrying.
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>recorder</Message></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What launcher A wrote after answering the startup trust prompt ("declined", or why not). */
async function trustPromptOutcome(): Promise<string> {
  const file = process.env.MSW_TRUST_PROMPT_FILE;
  if (!file) return 'MSW_TRUST_PROMPT_FILE is not set; run these tests with launcher A --untrusted';
  const deadline = Date.now() + PROMPT_WAIT_MS;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) return `launcher wrote no ${file} within ${PROMPT_WAIT_MS / 1000}s`;
    await new Promise((r) => setTimeout(r, 200));
  }
  return fs.readFileSync(file, 'utf8');
}

describe('Media Storage in an untrusted workspace', function () {
  this.timeout(180_000);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  let a: TestApi;
  let recorder: Recorder | undefined;
  let server: S3TestServer | undefined;
  let client: S3Client | undefined;
  let promptOutcome = '';
  const bucket = uniqueBucket('personal');
  const rec = (): Recorder => {
    assert.ok(recorder, 'recorder not started');
    return recorder;
  };

  before(async () => {
    a = await api();
    // The tests must see the window after the user's answer, not while the prompt still shows.
    promptOutcome = await trustPromptOutcome();
    recorder = await startRecorder();
    server = await startS3rver();
    client = makeClient(server);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of ['clip.mp4', 'notes/readme.txt']) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(64, 1) }));

    const keys = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    // Keys for the workspace connection too: without them "not connected" could just mean "no
    // credentials", and a client that did connect would have something to send.
    await a.credentials.set('team', keys);
    await a.credentials.set('mine', keys);
    await a.credentials.set('probe', keys);
    await writeRegistry(a, {
      connections: [{ id: 'team', label: 'Team store', kind: 's3-compatible', region: 'us-east-1', endpoint: rec().endpoint, forcePathStyle: true }],
      inputs: [{ name: 'team-sources', connection: 'team', bucket: 'team-bucket', prefix: 'sources/' }],
      outputs: [{ name: 'team-renditions', connection: 'team', bucket: 'team-bucket' }],
    });
    await config().update(
      'connections',
      [
        { id: 'mine', label: 'My s3rver', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
        { id: 'probe', label: 'Probe', kind: 's3-compatible', region: 'us-east-1', endpoint: rec().endpoint, forcePathStyle: true },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config().update(
      'inputs',
      [
        { name: 'personal', connection: 'mine', bucket },
        { name: 'probe-in', connection: 'probe', bucket: 'probe-bucket' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await a.registry.reload();
  });

  after(async () => {
    for (const key of ['connections', 'inputs']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const id of ['team', 'mine', 'probe']) await a.credentials.clear(id);
    await removeRegistry(a);
    client?.destroy();
    await server?.stop();
    await recorder?.close();
  });

  it('runs in restricted mode', () => {
    // Whether a startup prompt appeared (and was declined) varies by workbench; restricted mode must not.
    console.log(`      trust prompt: ${promptOutcome}`);
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.strictEqual(a.registry.model.trusted, false);
  });

  it('lists the workspace registry entries, says why they are not connected, and sends them nothing', async () => {
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs')), ['personal', 'probe-in', 'team-sources']);
    assert.deepStrictEqual(await labels(a, await path(a, 'Outputs')), ['team-renditions']);
    for (const names of [
      ['Inputs', 'team-sources'],
      ['Outputs', 'team-renditions'],
      ['Buckets', 'Team store'],
    ]) {
      const kids = await children(a, await path(a, ...names));
      assert.deepStrictEqual(
        kids.map((n) => label(a, n)),
        [NOT_TRUSTED],
        names.join(' > '),
      );
      assert.match(tooltip(a, kids[0]), /workspace is not trusted.*registry file.*user settings still work/s);
      assert.strictEqual(a.explorer.getTreeItem(kids[0]).command?.command, 'workbench.trust.manage');
    }
    // Any request would have been sent before getChildren returned; this lets the server log it.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepStrictEqual(rec().requests, [], 'requests to the workspace registry endpoint');
  });

  it('lists the objects of an input in the user settings', async () => {
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs', 'personal')), ['notes', 'clip.mp4']);
    assert.ok((await labels(a, await path(a, 'Buckets', 'My s3rver'))).includes(bucket));
  });

  // Without this the "sends them nothing" check could pass because the recorder never hears anything.
  it('connects a user-level entry on the same endpoint, which the recorder does hear', async () => {
    const kids = await children(a, await path(a, 'Inputs', 'probe-in'));
    assert.ok(!kids.some((n) => label(a, n) === NOT_TRUSTED), kids.map((n) => label(a, n)).join(', '));
    assert.ok(
      rec().requests.some((r) => r.includes('probe-bucket')),
      `recorded: ${rec().requests.join(', ')}`,
    );
  });
});
