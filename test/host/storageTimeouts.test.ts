// Independent connections in the real extension host: one connection to a healthy s3rver and
// one to an endpoint that accepts connections and never answers (the fault proxy's black hole).
// What the user sees: the healthy one lists at once while the other is pending, the silent one
// says "Not answering after N s: <endpoint>" after the idle timeout, and Refresh starts again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TreeNode } from '../../src/tree/nodes';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../s3/servers';
import { startConnectProxy } from '../support/connectProxy';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { api, EXTENSION_ID, logSince, type TestApi, sleep, waitFor } from './support/api';
import { note } from './support/note';
import { runScripted } from './support/scriptedPrompter';
import { child, children, description, label, labels, path, tooltip } from './support/storage';

const HEALTHY = 'Healthy s3rver';
const SILENT = 'Silent endpoint';
const IDLE_S = 5;
// The error must show within the idle timeout plus this (one attempt: a timeout is not retried).
const SLACK_MS = 2000;

describe('Media Storage tree: a connection that does not answer', function () {
  let a: TestApi;
  let server: S3TestServer | undefined;
  let proxy: FaultProxy | undefined;
  let direct: S3Client | undefined;
  const bucket = uniqueBucket('healthy');
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');
  const px = (): FaultProxy => {
    assert.ok(proxy, 'fault proxy not started');
    return proxy;
  };

  /**
   * Any mediaStorage.* change reloads the registry, and the reload redraws the whole tree with
   * new nodes; a test that kept a node from before would hold one that left the tree.
   */
  const setGlobal = async (key: string, value: unknown): Promise<void> => {
    const redrawn = new Promise<void>((resolve) => {
      const sub = a.explorer.onDidChangeTreeData((node) => {
        if (node !== undefined) return;
        sub.dispose();
        resolve();
      });
    });
    await config().update(key, value, vscode.ConfigurationTarget.Global);
    const inTime = await Promise.race([redrawn.then(() => true), sleep(5000).then(() => false)]);
    if (!inTime) await a.registry.reload();
  };

  const errorOf = (kids: TreeNode[]): TreeNode => {
    const node = kids.find((n) => n.kind === 'error');
    assert.ok(node, `no error node: ${kids.map((n) => label(a, n)).join(', ')}`);
    return node;
  };

  before(async function () {
    this.timeout(120_000);
    a = await api();
    server = await startS3rver();
    direct = makeClient(server);
    await direct.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of ['clip.mp4', 'poster.jpg']) await direct.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(64, 1) }));
    proxy = await startFaultProxy(server.endpoint);
    proxy.setMode({ kind: 'blackhole' });
    await setGlobal('network.idleTimeoutSeconds', IDLE_S);
    const keys = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    await a.credentials.set('healthy', keys);
    await a.credentials.set('silent', keys);
    const common = { kind: 's3-compatible', region: server.region, forcePathStyle: true };
    await setGlobal('connections', [
      { id: 'healthy', label: HEALTHY, endpoint: server.endpoint, ...common },
      { id: 'silent', label: SILENT, endpoint: proxy.endpoint, ...common },
    ]);
  });

  after(async function () {
    this.timeout(30_000);
    // The reload drops the pool's clients of the removed connections (and destroys them).
    await setGlobal('connections', undefined);
    await setGlobal('network.idleTimeoutSeconds', undefined);
    await a.credentials.clear('healthy');
    await a.credentials.clear('silent');
    direct?.destroy();
    await proxy?.close();
    await server?.stop();
  });

  it(`lists the healthy connection while the silent one is pending; the silent one says "Not answering after ${IDLE_S} s"`, async () => {
    const silent = await path(a, 'Buckets', SILENT);
    const t0 = Date.now();
    let silentAt: number | undefined;
    const pending = children(a, silent).then((kids) => {
      silentAt = Date.now();
      return kids;
    });
    const healthy = await path(a, 'Buckets', HEALTHY);
    assert.deepStrictEqual(await labels(a, await child(a, healthy, bucket)), ['clip.mp4', 'poster.jpg']);
    const healthyMs = Date.now() - t0;
    assert.strictEqual(silentAt, undefined, 'the silent connection is still pending when the healthy one has listed');
    assert.ok(healthyMs < IDLE_S * 1000, `the healthy connection took ${healthyMs} ms`);

    const kids = await pending;
    const ms = (silentAt ?? 0) - t0;
    note(`healthy listed in ${healthyMs} ms; silent error after ${(ms / 1000).toFixed(2)} s`);
    const error = errorOf(kids);
    assert.strictEqual(label(a, error), `Not answering after ${IDLE_S} s: ${px().endpoint}`);
    assert.ok(ms >= IDLE_S * 1000 - 200 && ms <= IDLE_S * 1000 + SLACK_MS, `the error came after ${ms} ms`);
    assert.strictEqual(description(a, error), 'Request timed out');
    assert.match(tooltip(a, error), /List buckets of "Silent endpoint"/);
    const item = a.explorer.getTreeItem(error);
    assert.strictEqual(item.command?.command, 'mediaStorage.refreshNode', 'a click retries');
    assert.strictEqual(item.contextValue, 'msw.error.retry.connection');
    // Beside Retry, the node offers Edit, which opens the wizard of the connection that does not answer.
    const menus = (
      vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }
    ).contributes.menus['view/item/context'];
    assert.ok(
      menus.some((m) => m.command === 'mediaStorage.edit' && m.when?.includes('viewItem == msw.error.retry.connection')),
      'Edit is on the error node’s menu',
    );
    const editing = await runScripted(a, [['connection.field', undefined]], 'mediaStorage.edit', error);
    assert.deepStrictEqual(
      editing.asked.map((q) => q.id),
      ['connection.field'],
      'the connection wizard was opened',
    );
    assert.strictEqual(px().connections, 1, 'one attempt: a timeout is not retried in the tree');
    // Pinned buckets and "Add Bucket by Name…" stay reachable under the error.
    assert.ok(kids.some((n) => label(a, n) === 'Add Bucket by Name…'));

    const version = String((vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version: string }).version);
    const agent = /^user-agent: (.*)$/im.exec(px().heads[0] ?? '')?.[1] ?? '';
    assert.ok(agent.includes(`media-storage-workbench/${version}`), `User-Agent: ${agent}`);
  });

  it('Refresh aborts the listing in flight (its connection closes) and lists again', async () => {
    const silent = await path(a, 'Buckets', SILENT);
    a.explorer.refresh(silent);
    px().resetCounters();
    const first = children(a, silent);
    await waitFor('the listing reaches the endpoint', () => px().connections === 1, 2000);
    await sleep(1500);
    const refreshedAt = Date.now();
    await vscode.commands.executeCommand('mediaStorage.refreshNode', silent);
    await waitFor('a new listing starts', () => px().connections === 2, 2000);
    await waitFor('the aborted listing closed its connection', () => px().openConnections === 1, 2000);
    // A second caller joins the new listing instead of starting a third.
    const second = children(a, silent);
    const [kids1, kids2] = await Promise.all([first, second]);
    const ms = Date.now() - refreshedAt;
    note(`after Refresh 1.5 s into the listing, the error came ${(ms / 1000).toFixed(2)} s after the refresh`);
    // The first listing would have failed 3.5 s after the refresh; the new one waits a whole idle timeout.
    assert.ok(ms >= IDLE_S * 1000 - 200 && ms <= IDLE_S * 1000 + SLACK_MS, `the error came ${ms} ms after the refresh`);
    for (const kids of [kids1, kids2]) assert.strictEqual(label(a, errorOf(kids)), `Not answering after ${IDLE_S} s: ${px().endpoint}`);
    assert.strictEqual(px().connections, 2);
  });

  it('a changed mediaStorage.network.idleTimeoutSeconds applies at once, and Retry on the error lists again', async () => {
    // 9 s: from 6 s up the HTTP handler's own timer starts 3 s late, which the gateway makes up for from 9 s.
    const changed = 9;
    let again: Promise<TreeNode[]> | undefined;
    await setGlobal('network.idleTimeoutSeconds', changed);
    try {
      const silent = await path(a, 'Buckets', SILENT);
      px().resetCounters();
      const t0 = Date.now();
      const error = errorOf(await children(a, silent));
      const ms = Date.now() - t0;
      note(`idle timeout changed to ${changed} s: error after ${(ms / 1000).toFixed(2)} s`);
      assert.strictEqual(label(a, error), `Not answering after ${changed} s: ${px().endpoint}`);
      // A client kept from before the change would have given up after IDLE_S.
      assert.ok(ms >= changed * 1000 - 200 && ms <= changed * 1000 + SLACK_MS, `the error came after ${ms} ms`);
      // Retry is the error's click command; it starts a new listing (the reload below aborts it).
      const retry = a.explorer.getTreeItem(error).command;
      assert.strictEqual(retry?.command, 'mediaStorage.refreshNode');
      await vscode.commands.executeCommand(retry.command, ...(retry.arguments ?? []));
      let settled = false;
      again = children(a, silent).then((kids) => {
        settled = true;
        return kids;
      });
      await waitFor('Retry made a new request', () => px().connections === 2, 2000);
      assert.strictEqual(settled, false, 'the node lists again instead of showing the old error');
    } finally {
      await setGlobal('network.idleTimeoutSeconds', IDLE_S);
    }
    // Changing the setting back reloaded the tree: the listing in flight was aborted and made
    // again with a client of the new setting for whoever still waited for it.
    const t0 = Date.now();
    assert.ok(again);
    const kids = await again;
    const ms = Date.now() - t0;
    assert.strictEqual(label(a, errorOf(kids)), `Not answering after ${IDLE_S} s: ${px().endpoint}`);
    assert.ok(ms <= IDLE_S * 1000 + SLACK_MS, `the error came ${ms} ms after the change`);
    assert.strictEqual(px().connections, 3);
  });

  it('reloading the whole view aborts the listings in flight and lists again', async () => {
    const silent = await path(a, 'Buckets', SILENT);
    a.explorer.refresh(silent);
    px().resetCounters();
    const pending = children(a, silent);
    await waitFor('the listing reaches the endpoint', () => px().connections === 1, 2000);
    await sleep(1000);
    const t0 = Date.now();
    await vscode.commands.executeCommand('mediaStorage.refresh');
    await waitFor('the first listing closed its connection and a new one started', () => px().connections === 2 && px().openConnections === 1, 2000);
    const kids = await pending;
    const ms = Date.now() - t0;
    note(`after reloading the view 1 s into the listing, the error came ${(ms / 1000).toFixed(2)} s after the reload`);
    assert.strictEqual(label(a, errorOf(kids)), `Not answering after ${IDLE_S} s: ${px().endpoint}`);
    assert.ok(ms >= IDLE_S * 1000 - 200 && ms <= IDLE_S * 1000 + SLACK_MS, `the error came ${ms} ms after the reload`);
    assert.ok((await labels(a, await path(a, 'Buckets'))).includes(SILENT), 'the connection is still listed');
  });

  it('a reset connection is retried once and logged, and the listing succeeds', async () => {
    const silent = await path(a, 'Buckets', SILENT);
    px().setMode({ kind: 'reset-after', bytes: 10, once: true });
    a.explorer.refresh(silent);
    const mark = a.logger.written;
    const buckets = await labels(a, silent);
    assert.ok(buckets.includes(bucket), `buckets: ${buckets.join(', ')}`);
    assert.strictEqual(px().resets, 1);
    assert.match(logSince(a, mark), /Retrying ListBuckets on Silent endpoint in \d+\.\d s \(attempt 2 of 2\): ECONNRESET/);
  });

  it("tunnels through VS Code's http.proxy, and goes direct for a host in http.noProxy", async () => {
    const proxy = await startConnectProxy();
    const http = vscode.workspace.getConfiguration('http');
    const target = new URL(server?.endpoint ?? '').host;
    const listHealthy = async (): Promise<string[]> => {
      const healthy = await path(a, 'Buckets', HEALTHY);
      a.explorer.refresh(healthy);
      return labels(a, healthy);
    };
    try {
      await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      await waitFor('the pool reads http.proxy', () => a.clients.network.proxy?.url === proxy.url, 5000);
      assert.ok((await listHealthy()).includes(bucket));
      assert.deepStrictEqual(proxy.connects, [target], 'one CONNECT to the endpoint, nothing else');
      await http.update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      await waitFor('the pool reads http.noProxy', () => a.clients.network.proxy?.noProxy?.includes('127.0.0.1') === true, 5000);
      proxy.connects.length = 0;
      assert.ok((await listHealthy()).includes(bucket));
      assert.deepStrictEqual(proxy.connects, [], 'direct');
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await http.update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
    }
  });
});
