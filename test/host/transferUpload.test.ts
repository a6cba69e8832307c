// Upload, download and open end to end in the real host against s3rver: the commands run with
// their questions answered by a scripted prompter, and the test checks what the store (or the
// disk, or the editor) then holds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/nodes';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startS3rver, type S3TestServer } from '../s3/servers';
import { runScripted, ScriptedPrompter, type ScriptAnswer } from './support/scriptedPrompter';
import { child, path as treePath, writeRegistry } from './support/storage';
import {
  exists,
  get,
  localFile,
  put,
  dumpLogOnFailure,
  registerXfer,
  unregisterXfer,
  type DownloadSummary,
  type UploadSummary,
  type XferStorage,
} from './support/transferFixture';

async function run<T>(s: XferStorage, script: [string, ScriptAnswer][], command: string, ...args: unknown[]): Promise<T> {
  return (await runScripted<T>(s.a, script, command, ...args)).result;
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mediaStorage');

describe('Upload, download and open (transfers)', function () {
  this.timeout(120_000);
  let s: XferStorage | undefined;
  let server: S3TestServer | undefined;

  before(async () => {
    server = await startS3rver();
    s = await registerXfer(server);
  });

  after(async () => {
    for (const key of ['upload.fileConcurrency', 'open.maxSizeMiB']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await unregisterXfer(s);
    await server?.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(function () {
    dumpLogOnFailure(this.currentTest, s);
  });

  const xin = async (): Promise<TreeNode> => {
    s!.a.explorer.refresh();
    return treePath(s!.a, 'Inputs', 'xin');
  };

  it('uploads files and a folder chosen in the Explorer, verified, keeping the folder’s name', async () => {
    const a = localFile(s!, 'pick/a.mp4', 3000, 1);
    const b = localFile(s!, 'pick/b.m3u8', 200, 2);
    localFile(s!, 'pick/show/ep1.mp4', 5000, 3);
    localFile(s!, 'pick/show/sub/en.vtt', 10, 4);
    const folder = path.join(s!.tmp, 'pick', 'show');
    const uris = [a, b, folder].map((p) => vscode.Uri.file(p));
    const summary = await run<UploadSummary>(
      s!,
      [
        ['upload.target', 'xin'],
        ['upload.prefix', 'media/batch/'],
      ],
      'mediaStorage.upload',
      uris[0],
      uris,
    );
    assert.deepStrictEqual([...summary.uploaded].sort(), [
      'media/batch/a.mp4',
      'media/batch/b.m3u8',
      'media/batch/show/ep1.mp4',
      'media/batch/show/sub/en.vtt',
    ]);
    assert.deepStrictEqual(summary.failed, []);
    assert.deepStrictEqual(summary.mismatches, []);
    const stored = await get(s!, s!.inBucket, 'media/batch/b.m3u8');
    assert.deepStrictEqual(stored.body, fs.readFileSync(b));
    assert.strictEqual(stored.contentType, 'application/vnd.apple.mpegurl');
  });

  it('asks once about existing objects: skip keeps them, cancel uploads nothing, overwrite replaces them', async () => {
    const a = localFile(s!, 'again/a.mp4', 1000, 9);
    const fresh = localFile(s!, 'again/new.mp4', 100, 9);
    await put(s!, s!.inBucket, 'media/a.mp4', 'original');
    const node = await xin();

    const skipped = await run<UploadSummary>(
      s!,
      [
        ['upload.files', [a, fresh]],
        ['upload.existing', 'Skip Existing'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.deepStrictEqual(skipped.skipped, ['media/a.mp4']);
    assert.deepStrictEqual(skipped.uploaded, ['media/new.mp4']);
    assert.strictEqual((await get(s!, s!.inBucket, 'media/a.mp4')).body.toString(), 'original');

    const cancelled = await run<UploadSummary>(
      s!,
      [
        ['upload.files', [a, fresh]],
        ['upload.existing', 'Cancel'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.strictEqual(cancelled.wasCancelled, true);
    assert.deepStrictEqual(cancelled.uploaded, []);
    assert.strictEqual((await get(s!, s!.inBucket, 'media/a.mp4')).body.toString(), 'original');

    const replaced = await run<UploadSummary>(
      s!,
      [
        ['upload.files', [a]],
        ['upload.existing', 'Overwrite'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.deepStrictEqual(replaced.uploaded, ['media/a.mp4']);
    assert.deepStrictEqual((await get(s!, s!.inBucket, 'media/a.mp4')).body, fs.readFileSync(a));
  });

  it('logs per-file failures with the decoded S3 error, and Retry Failed re-runs only those', async () => {
    const bucket = `${s!.outBucket}-later`;
    const one = localFile(s!, 'fail/one.mp4', 700, 5);
    const two = localFile(s!, 'fail/two.mp4', 800, 6);
    // An output whose bucket does not exist yet: every PUT fails with NoSuchBucket.
    const regText = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/media-storage.json')),
    );
    const reg = JSON.parse(regText) as { outputs: unknown[] };
    reg.outputs.push({ name: 'later', connection: 'xfer', bucket });
    await writeRegistry(s!.a, reg);
    const mark = s!.a.logger.recent.length;
    const reveals = s!.a.logger.revealCount;
    const { result: failed, prompter } = await runScripted<UploadSummary>(
      s!.a,
      [
        ['upload.target', 'later'],
        ['upload.prefix', ''],
      ],
      'mediaStorage.upload',
      vscode.Uri.file(one),
      [vscode.Uri.file(one), vscode.Uri.file(two)],
    );
    assert.deepStrictEqual(failed.failed.map((f) => f.key).sort(), ['one.mp4', 'two.mp4']);
    const log = s!.a.logger.recent.slice(mark).join('\n');
    assert.match(log, /Upload .*one\.mp4 → s3:\/\/.*one\.mp4 failed[\s\S]*NoSuchBucket/);
    // One warning that offers the retry and leads to the log, which stays where it is until asked.
    assert.strictEqual(prompter.notifications.length, 1, prompter.describe());
    assert.strictEqual(prompter.notifications[0].level, 'warn');
    assert.match(prompter.notifications[0].message, /^Upload to s3:\/\/.*-later\/ finished with failures: 0 of 2 files uploaded; 2 failed \(/);
    assert.deepStrictEqual(prompter.notifications[0].actions, ['Retry', 'Show Log']);
    assert.strictEqual(s!.a.logger.revealCount, reveals);

    await s!.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const retried = await run<UploadSummary>(s!, [], 'mediaStorage.retryFailedUploads');
    assert.deepStrictEqual([...retried.uploaded].sort(), ['one.mp4', 'two.mp4']);
    assert.deepStrictEqual((await get(s!, bucket, 'two.mp4')).body, fs.readFileSync(two));
    const nothing = await runScripted<UploadSummary | undefined>(s!.a, [], 'mediaStorage.retryFailedUploads');
    assert.strictEqual(nothing.result, undefined);
    assert.deepStrictEqual(nothing.prompter.notifications, [{ level: 'info', message: 'There are no unfinished uploads to retry.', actions: [] }]);
  });

  it('cancel reports what was and was not uploaded, and the store holds exactly the uploaded ones', async () => {
    await config().update('upload.fileConcurrency', 1, vscode.ConfigurationTarget.Global);
    const files = [1, 2, 3, 4, 5, 6].map((n) => localFile(s!, `big/f${n}.bin`, 6 * 1024 * 1024, n));
    const uris = files.map((f) => vscode.Uri.file(f));
    const running = run<UploadSummary>(
      s!,
      [
        ['upload.target', 'xout'],
        ['upload.prefix', 'cancel/'],
      ],
      'mediaStorage.upload',
      uris[0],
      uris,
    );
    // Cancel as soon as the first file is in the store, like a user pressing Cancel mid-batch.
    for (let i = 0; i < 500 && !(await exists(s!, s!.outBucket, 'cancel/f1.bin')); i++) await new Promise((r) => setTimeout(r, 20));
    s!.a.transfers.cancelAll();
    const summary = await running;
    assert.strictEqual(summary.wasCancelled, true);
    const notUploaded = [...summary.cancelled, ...summary.notStarted];
    assert.ok(summary.uploaded.includes('cancel/f1.bin'));
    assert.ok(notUploaded.length > 0, `some files must be left: ${JSON.stringify(summary)}`);
    assert.strictEqual(summary.uploaded.length + notUploaded.length, 6);
    for (const key of summary.uploaded) assert.ok(await exists(s!, s!.outBucket, key), `${key} reported uploaded`);
    for (const key of notUploaded) assert.ok(!(await exists(s!, s!.outBucket, key)), `${key} reported not uploaded`);
  });

  it('uploads files dropped on a tree node into that location', async () => {
    const dropped = localFile(s!, 'drop/dropped.mp4', 1234, 7);
    const node = await xin();
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(dropped).toString()}\r\n`));
    await s!.a.transfers.dragAndDrop.handleDrop(node, data);
    const summary = await s!.a.transfers.dragAndDrop.lastDrop;
    assert.deepStrictEqual(summary?.uploaded, ['media/dropped.mp4']);
    assert.deepStrictEqual((await get(s!, s!.inBucket, 'media/dropped.mp4')).body, fs.readFileSync(dropped));

    // A drop is no command, but fails the way commands do: a drop on a group is refused with a warning.
    const prompter = new ScriptedPrompter();
    s!.a.setPrompter(prompter);
    try {
      await s!.a.transfers.dragAndDrop.handleDrop(await treePath(s!.a, 'Inputs'), data);
    } finally {
      s!.a.setPrompter(undefined);
    }
    assert.deepStrictEqual(prompter.notifications, [
      { level: 'warn', message: 'Drop files onto an input, output, bucket or folder to upload them there.', actions: [] },
    ]);
  });

  it('downloads a selection of objects and a whole prefix, refusing a key that would escape the folder', async () => {
    await put(s!, s!.outBucket, 'pkg/hls/index.m3u8', '#EXTM3U\n');
    await put(s!, s!.outBucket, 'pkg/hls/seg0.ts', Buffer.alloc(4000, 3));
    await put(s!, s!.outBucket, 'pkg/..\\..\\escape.txt', 'evil');
    s!.a.explorer.refresh();
    const pkg = await child(s!.a, await treePath(s!.a, 'Outputs', 'xout'), 'pkg');
    const target = path.join(s!.tmp, 'downloads');
    fs.mkdirSync(target);
    const whole = await run<DownloadSummary>(s!, [['download.folder', target]], 'mediaStorage.download', pkg);
    assert.deepStrictEqual([...whole.downloaded].sort(), ['pkg/hls/index.m3u8', 'pkg/hls/seg0.ts']);
    assert.deepStrictEqual(
      whole.refused.map((r) => r.key),
      ['pkg/..\\..\\escape.txt'],
    );
    assert.match(whole.refused[0].reason, /outside/);
    assert.strictEqual(fs.readFileSync(path.join(target, 'pkg', 'hls', 'index.m3u8'), 'utf8'), '#EXTM3U\n');
    assert.ok(!fs.existsSync(path.join(s!.tmp, 'escape.txt')) && !fs.existsSync(path.join(target, 'escape.txt')));

    const hls = await child(s!.a, pkg, 'hls');
    const objects = [await child(s!.a, hls, 'index.m3u8'), await child(s!.a, hls, 'seg0.ts')];
    const picked = path.join(s!.tmp, 'picked');
    const selection = await run<DownloadSummary>(s!, [['download.folder', picked]], 'mediaStorage.download', objects[0], objects);
    assert.deepStrictEqual([...selection.downloaded].sort(), ['pkg/hls/index.m3u8', 'pkg/hls/seg0.ts']);
    assert.deepStrictEqual(fs.readFileSync(path.join(picked, 'seg0.ts')), Buffer.alloc(4000, 3));

    // The same download again finds the files there and asks once.
    const again = await run<DownloadSummary>(
      s!,
      [
        ['download.folder', picked],
        ['download.existing', 'Skip Existing'],
      ],
      'mediaStorage.download',
      objects[0],
      objects,
    );
    assert.deepStrictEqual([...again.skipped].sort(), ['pkg/hls/index.m3u8', 'pkg/hls/seg0.ts']);
  });

  it('opens an object read-only in an editor, and a large one only after confirmation', async () => {
    await put(s!, s!.inBucket, 'media/notes.json', '{ "hello": "storage" }\n');
    await put(s!, s!.inBucket, 'media/large.txt', Buffer.alloc(1024 * 1024 + 10, 0x61));
    await config().update('open.maxSizeMiB', 1, vscode.ConfigurationTarget.Global);
    const node = await xin();
    const uri = await run<vscode.Uri>(s!, [], 'mediaStorage.openObject', await child(s!.a, node, 'notes.json'));
    assert.strictEqual(uri.scheme, 's3media');
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), uri.toString());
    assert.strictEqual(editor.document.getText(), '{ "hello": "storage" }\n');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('changed'))), /read-?only|NoPermissions|permission/i);

    const large = await child(s!.a, node, 'large.txt');
    assert.strictEqual(await run<vscode.Uri | undefined>(s!, [['open.large', false]], 'mediaStorage.openObject', large), undefined);
    const opened = await run<vscode.Uri>(s!, [['open.large', true]], 'mediaStorage.openObject', large);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), opened.toString());
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText().length, 1024 * 1024 + 10);
  });
});
