// The Media Storage tree in the real extension host against a local s3rver: what a user sees
// when expanding inputs, outputs and buckets, paging, filtering, and the error nodes for the
// failures they can act on.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/nodes';
import { child, children, description, icon, label, labels, path, tooltip } from './support/storage';
import { CONNECTION_LABEL, startLocalStorage, stopLocalStorage, type LocalStorage } from './support/storageFixture';
import { runScripted, ScriptedPrompter, type ScriptAnswer } from './support/scriptedPrompter';

describe('Media Storage tree [s3rver]', function () {
  let s: LocalStorage | undefined;
  const fx = (): LocalStorage => {
    assert.ok(s, 'fixture not started');
    return s;
  };

  before(async function () {
    this.timeout(120_000);
    s = await startLocalStorage();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('mediaStorage').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await stopLocalStorage(s);
  });

  it('shows Inputs, Outputs and Buckets, with the entries of the workspace registry', async () => {
    const { a } = fx();
    assert.deepStrictEqual((await labels(a)).slice(0, 3), ['Inputs', 'Outputs', 'Buckets']);
    assert.deepStrictEqual(await labels(a, await path(a, 'Inputs')), ['mezzanine', 'ghost', 'offline']);
    assert.deepStrictEqual(await labels(a, await path(a, 'Outputs')), ['renditions', 'ghost-out']);
    const mezz = await path(a, 'Inputs', 'mezzanine');
    assert.match(description(a, mezz), new RegExp(`${fx().inBucket}/sources/ · workspace`));
  });

  it('lists one level of an input: folders first, then objects with size, date, storage class and media icons', async () => {
    const { a } = fx();
    const mezz = await path(a, 'Inputs', 'mezzanine');
    const kids = await children(a, mezz);
    assert.deepStrictEqual(
      kids.map((n) => label(a, n)),
      ['audio', 'subs', 'clip.mp4', 'master.m3u8', 'poster.jpg'],
    );
    const clip = kids[2];
    assert.match(description(a, clip), /^2\.0 KiB · \d{4}-\d\d-\d\d \d\d:\d\d UTC · STANDARD$/);
    assert.match(tooltip(a, clip), new RegExp(`s3://${fx().inBucket}/sources/clip\\.mp4`));
    assert.match(tooltip(a, clip), /2,048 bytes/);
    assert.deepStrictEqual(
      kids.map((n) => icon(a, n)),
      ['folder', 'folder', 'device-camera-video', 'list-ordered', 'file-media'],
    );
    // one level deeper
    assert.deepStrictEqual(await labels(a, kids[1]), ['en.vtt']);
    assert.strictEqual(icon(a, (await children(a, kids[1]))[0]), 'quote');
  });

  it('lists an output, and the buckets of a connection', async () => {
    const { a, inBucket, outBucket, pagingBucket } = fx();
    const out = await children(a, await path(a, 'Outputs', 'renditions'));
    assert.deepStrictEqual(
      out.map((n) => label(a, n)),
      ['hls', 'manifest.mpd'],
    );
    assert.strictEqual(icon(a, out[1]), 'list-tree', 'DASH manifest icon');
    const conn = await path(a, 'Buckets', CONNECTION_LABEL);
    assert.match(description(a, conn), /workspace/);
    const buckets = await labels(a, conn);
    for (const b of [inBucket, outBucket, pagingBucket]) assert.ok(buckets.includes(b), `${b} in ${buckets.join(', ')}`);
    assert.deepStrictEqual(await labels(a, await child(a, conn, inBucket)), ['sources', 'elsewhere.txt']);
  });

  it('pages with "Load more…" at the configured page size', async () => {
    const { a, pagingBucket } = fx();
    const config = vscode.workspace.getConfiguration('mediaStorage');
    await config.update('pageSize', 2, vscode.ConfigurationTarget.Global);
    try {
      const bucket = await path(a, 'Buckets', CONNECTION_LABEL, pagingBucket);
      a.explorer.refresh(bucket);
      let kids = await children(a, bucket);
      // AWS counts folders and keys against MaxKeys, s3rver only keys: either way two keys at most.
      const first = kids.map((n) => label(a, n));
      assert.strictEqual(first[first.length - 1], 'Load more…', first.join(', '));
      assert.ok(kids.filter((n) => n.kind === 'object').length <= 2, first.join(', '));
      let clicks = 0;
      while (kids.length && label(a, kids[kids.length - 1]) === 'Load more…' && clicks < 10) {
        await vscode.commands.executeCommand('mediaStorage.loadMore', kids[kids.length - 1]);
        clicks++;
        kids = await children(a, bucket);
      }
      assert.deepStrictEqual(
        kids.map((n) => label(a, n)),
        ['f1', 'p1.txt', 'p2.txt', 'p3.txt', 'p4.txt', 'p5.txt'],
      );
      assert.ok(clicks >= 2, `${clicks} page(s) loaded after the first`);
    } finally {
      await config.update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('filters a node by name prefix, shows the filter, and clears it', async () => {
    const { a } = fx();
    const mezz = await path(a, 'Inputs', 'mezzanine');
    const prompter = new ScriptedPrompter([
      ['filter.prefix', 'a/b'],
      ['filter.prefix', 'p'],
    ]);
    await runScripted(a, prompter, 'mediaStorage.filter', mezz);
    assert.match(prompter.asked[0].rejected[0]?.message ?? '', /cannot|open the folder/i, 'a "/" in the filter is refused');
    assert.match(description(a, mezz), /filter: p\*/);
    assert.deepStrictEqual(await labels(a, mezz), ['poster.jpg']);
    await vscode.commands.executeCommand('mediaStorage.clearFilter', mezz);
    assert.doesNotMatch(description(a, mezz), /filter/);
    assert.strictEqual((await labels(a, mezz)).length, 5);
  });

  const errorChild = async (...names: string[]): Promise<{ node: TreeNode; text: string }> => {
    const { a } = fx();
    const kids = await children(a, await path(a, ...names));
    const node = kids.find((n) => n.kind === 'error');
    assert.ok(node, `no error node under ${names.join(' > ')}: ${kids.map((n) => label(a, n)).join(', ')}`);
    return { node, text: `${label(a, node)} — ${description(a, node)}` };
  };

  it('shows "No such bucket" for a location whose bucket does not exist, with a retry', async () => {
    const { a } = fx();
    const { node, text } = await errorChild('Inputs', 'ghost');
    assert.match(text, /^No such bucket \(NoSuchBucket\)/);
    assert.strictEqual(a.explorer.getTreeItem(node).command?.command, 'mediaStorage.refreshNode');
    assert.strictEqual(a.explorer.getTreeItem(node).contextValue, 'msw.error.retry');
  });

  it('shows "Endpoint unreachable" for a connection whose server is stopped', async () => {
    const { a } = fx();
    const { node, text } = await errorChild('Inputs', 'offline');
    assert.match(text, /^Endpoint unreachable \(ECONNREFUSED\)/);
    assert.match(tooltip(a, node), /connection refused/i);
    const conn = await errorChild('Buckets', 'Stopped server');
    assert.match(conn.text, /^Endpoint unreachable/);
  });

  it('sets credentials through the command: the secret lands in SecretStorage, not in settings or the registry file', async () => {
    const { a, server } = fx();
    const secret = `Tst${Date.now().toString(36)}SecretValueThatMustNotLeak`;
    // A connection that has keys is first asked whether to replace them (Enter keeps them).
    const replace: [string, ScriptAnswer][] = (await a.credentials.get('local')) ? [['credentials.replace', (v: unknown) => v === true]] : [];
    const prompter = new ScriptedPrompter([...replace, ['credentials.accessKeyId', server.accessKeyId], ['credentials.secretAccessKey', secret]]);
    await runScripted(a, prompter, 'mediaStorage.setCredentials', await path(a, 'Buckets', CONNECTION_LABEL));
    assert.strictEqual(prompter.asked.find((q) => q.id === 'credentials.secretAccessKey')?.kind, 'password', 'the secret is asked in a password box');
    assert.strictEqual((await a.credentials.get('local'))?.secretAccessKey, secret);
    const registryText = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/media-storage.json')),
    );
    assert.ok(!registryText.includes(secret), 'not in the registry file');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('mediaStorage')).includes(secret), 'not in the mediaStorage settings');
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    const settingsText = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('settings.json'), 'user settings.json is open');
    assert.ok(!settingsText.includes(secret), 'not in the user settings.json');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(!a.logger.recent.join('\n').includes(secret), 'not in the log');
    // s3rver does not check secrets, so the tree keeps working with the new client.
    assert.ok((await labels(a, await path(a, 'Inputs', 'mezzanine'))).includes('clip.mp4'));
    await a.credentials.set('local', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  });

  it('shows user-level entries next to the workspace ones and says which is which', async () => {
    const { a, inBucket } = fx();
    const config = vscode.workspace.getConfiguration('mediaStorage');
    await config.update('inputs', [{ name: 'personal', connection: 'local', bucket: inBucket, prefix: 'sources/subs/' }], vscode.ConfigurationTarget.Global);
    try {
      await a.registry.reload();
      const personal = await path(a, 'Inputs', 'personal');
      assert.match(description(a, personal), /user settings/);
      assert.match(description(a, await path(a, 'Inputs', 'mezzanine')), /workspace/);
      assert.deepStrictEqual(await labels(a, personal), ['en.vtt']);
    } finally {
      await config.update('inputs', undefined, vscode.ConfigurationTarget.Global);
      await a.registry.reload();
    }
  });
});
