// Upload, download and open end to end in the real host against s3rver: the commands run with
// their questions answered by a scripted prompter, and the test checks what the user was shown
// (notifications, progress, editors) and what the store (or the disk) then holds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatBytes } from '../../src/core/format';
import type { TreeNode } from '../../src/tree/nodes';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startS3rver, type S3TestServer } from '../s3/servers';
import { runScripted, ScriptedPrompter } from './support/scriptedPrompter';
import { waitFor } from './support/api';
import { child, path as treePath, writeRegistry } from './support/storage';
import { dumpLogOnFailure, filesUnder, get, keysUnder, localFile, put, registerXfer, unregisterXfer, type XferStorage } from './support/transferFixture';

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
    for (const key of ['upload.fileConcurrency', 'open.maxSize', 'open.maxSizeMiB']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
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
    const told = await runScripted(
      s!.a,
      [
        ['upload.target', 'xin'],
        ['upload.prefix', 'media/batch/'],
      ],
      'mediaStorage.upload',
      uris[0],
      uris,
    );
    const where = `s3://${s!.inBucket}/media/batch/`;
    // An info, not a warning: no file failed, and none was stored wrong (a size or ETag mismatch is a warning).
    assert.deepStrictEqual(told.notifications, [{ level: 'info', message: `Uploaded 4 files to ${where}.`, actions: ['Show in Tree'] }]);
    assert.deepStrictEqual(
      told.progresses.map((p) => [p.id, p.title, p.cancellable, p.ended]),
      [['upload', `Uploading to ${where}`, true, true]],
    );
    const bytes = formatBytes(3000 + 200 + 5000 + 10);
    assert.ok(told.progresses[0].messages.at(-1)?.startsWith(`4/4 files · ${bytes} of ${bytes}`), told.describeProgress());
    assert.deepStrictEqual(await keysUnder(s!, s!.inBucket, 'media/batch/'), [
      'media/batch/a.mp4',
      'media/batch/b.m3u8',
      'media/batch/show/ep1.mp4',
      'media/batch/show/sub/en.vtt',
    ]);
    const stored = await get(s!, s!.inBucket, 'media/batch/b.m3u8');
    assert.deepStrictEqual(stored.body, fs.readFileSync(b));
    assert.strictEqual(stored.contentType, 'application/vnd.apple.mpegurl');
  });

  it('asks once about existing objects: skip keeps them, cancel uploads nothing, overwrite replaces them', async () => {
    const a = localFile(s!, 'again/a.mp4', 1000, 9);
    const fresh = localFile(s!, 'again/new.mp4', 100, 9);
    await put(s!, s!.inBucket, 'media/a.mp4', 'original');
    const node = await xin();
    const where = `s3://${s!.inBucket}/media/`;

    const skipped = await runScripted(
      s!.a,
      [
        ['upload.files', [a, fresh]],
        ['upload.existing', 'Skip Existing'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.strictEqual(skipped.asked[1].title, `1 object already exist in ${where}`);
    assert.deepStrictEqual(skipped.notifications, [
      { level: 'info', message: `Uploaded 1 file to ${where}, 1 skipped (already there).`, actions: ['Show in Tree'] },
    ]);
    assert.strictEqual((await get(s!, s!.inBucket, 'media/a.mp4')).body.toString(), 'original');
    assert.deepStrictEqual((await get(s!, s!.inBucket, 'media/new.mp4')).body, fs.readFileSync(fresh));

    await put(s!, s!.inBucket, 'media/new.mp4', 'second original');
    const cancelled = await runScripted(
      s!.a,
      [
        ['upload.files', [a, fresh]],
        ['upload.existing', 'Cancel'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.deepStrictEqual(cancelled.notifications, [
      {
        level: 'warn',
        message: `Upload to ${where} cancelled: 0 of 2 files uploaded; 2 not started (media/a.mp4, media/new.mp4).`,
        actions: ['Retry', 'Show Log'],
      },
    ]);
    assert.strictEqual((await get(s!, s!.inBucket, 'media/a.mp4')).body.toString(), 'original');
    assert.strictEqual((await get(s!, s!.inBucket, 'media/new.mp4')).body.toString(), 'second original');

    const replaced = await runScripted(
      s!.a,
      [
        ['upload.files', [a]],
        ['upload.existing', 'Overwrite'],
      ],
      'mediaStorage.upload',
      node,
    );
    assert.deepStrictEqual(replaced.notifications, [{ level: 'info', message: `Uploaded 1 file to ${where}.`, actions: ['Show in Tree'] }]);
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
    const mark = s!.a.logger.written;
    const reveals = s!.a.logger.revealCount;
    const prompter = await runScripted(
      s!.a,
      [
        ['upload.target', 'later'],
        ['upload.prefix', ''],
      ],
      'mediaStorage.upload',
      vscode.Uri.file(one),
      [vscode.Uri.file(one), vscode.Uri.file(two)],
    );
    const log = s!.a.logger.since(mark).join('\n');
    assert.match(log, /Upload .*one\.mp4 → s3:\/\/.*one\.mp4 failed[\s\S]*NoSuchBucket/);
    assert.match(log, /Upload .*two\.mp4 → s3:\/\/.*two\.mp4 failed[\s\S]*NoSuchBucket/);
    // One warning that names the failed files, offers the retry and leads to the log, which stays where it is until asked.
    assert.deepStrictEqual(prompter.notifications, [
      {
        level: 'warn',
        message: `Upload to s3://${bucket}/ finished with failures: 0 of 2 files uploaded; 2 failed (one.mp4, two.mp4).`,
        actions: ['Retry', 'Show Log'],
      },
    ]);
    assert.strictEqual(s!.a.logger.revealCount, reveals);

    await s!.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const retried = await runScripted(s!.a, [], 'mediaStorage.retryFailedUploads');
    assert.deepStrictEqual(
      retried.progresses.map((p) => p.title),
      [`Retrying 2 uploads to s3://${bucket}/`],
    );
    assert.deepStrictEqual(retried.notifications, [{ level: 'info', message: `Uploaded 2 files to s3://${bucket}/.`, actions: ['Show in Tree'] }]);
    assert.deepStrictEqual(await keysUnder(s!, bucket, ''), ['one.mp4', 'two.mp4']);
    assert.deepStrictEqual((await get(s!, bucket, 'two.mp4')).body, fs.readFileSync(two));
    const nothing = await runScripted(s!.a, [], 'mediaStorage.retryFailedUploads');
    assert.deepStrictEqual(nothing.notifications, [{ level: 'info', message: 'There are no unfinished uploads to retry.', actions: [] }]);
    assert.deepStrictEqual(nothing.progresses, []);
  });

  it('cancel reports what was and was not uploaded, and the store holds exactly the uploaded ones', async () => {
    await config().update('upload.fileConcurrency', 1, vscode.ConfigurationTarget.Global);
    const files = [1, 2, 3, 4, 5, 6].map((n) => localFile(s!, `big/f${n}.bin`, 6 * 1024 * 1024, n));
    const uris = files.map((f) => vscode.Uri.file(f));
    const mark = s!.a.logger.written;
    // Cancel as the progress says the first file is done, like a user pressing Cancel mid-batch:
    // the notification counts a file the moment it is stored, so f2 has not been sent yet.
    const prompter = new ScriptedPrompter([
      ['upload.target', 'xout'],
      ['upload.prefix', 'cancel/'],
    ]).cancelWhen('upload', (r) => (r.message ?? '').startsWith('1/6 files'));
    await runScripted(s!.a, prompter, 'mediaStorage.upload', uris[0], uris);
    const where = `s3://${s!.outBucket}/cancel/`;
    assert.ok(prompter.progresses[0].cancelled, prompter.describeProgress());
    assert.deepStrictEqual(prompter.notifications, [
      {
        level: 'warn',
        message: `Upload to ${where} cancelled: 1 of 6 files uploaded; 5 not started (cancel/f2.bin, cancel/f3.bin, cancel/f4.bin and 2 more).`,
        actions: ['Retry', 'Show Log'],
      },
    ]);
    // The log names every file, uploaded or not.
    assert.ok(
      s!.a.logger
        .since(mark)
        .includes(
          `[warn] Upload to ${where} cancelled. Uploaded: cancel/f1.bin. Not uploaded: cancel/f2.bin, cancel/f3.bin, cancel/f4.bin, cancel/f5.bin, cancel/f6.bin.`,
        ),
      s!.a.logger.since(mark).join('\n'),
    );
    assert.deepStrictEqual(await keysUnder(s!, s!.outBucket, 'cancel/'), ['cancel/f1.bin']);
    assert.deepStrictEqual((await get(s!, s!.outBucket, 'cancel/f1.bin')).body, fs.readFileSync(files[0]));
  });

  it('uploads files dropped on a tree node into that location', async () => {
    const dropped = localFile(s!, 'drop/dropped.mp4', 1234, 7);
    const node = await xin();
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(dropped).toString()}\r\n`));
    // The workbench does not wait for a drop; the controller's handleDrop resolves once the upload was reported.
    // "Show in Tree" on the result selects the new object in the tree.
    const uploaded = new ScriptedPrompter().click('Uploaded 1 file', 'Show in Tree');
    s!.a.setPrompter(uploaded);
    try {
      await s!.a.transfers.dragAndDrop.handleDrop(node, data);
    } finally {
      s!.a.setPrompter(undefined);
    }
    const where = `s3://${s!.inBucket}/media/`;
    assert.deepStrictEqual(
      uploaded.progresses.map((p) => [p.id, p.title, p.ended]),
      [['upload', `Uploading to ${where}`, true]],
    );
    assert.deepStrictEqual(uploaded.notifications, [
      { level: 'info', message: `Uploaded 1 file to ${where}.`, actions: ['Show in Tree'], chosen: 'Show in Tree' },
    ]);
    assert.deepStrictEqual((await get(s!, s!.inBucket, 'media/dropped.mp4')).body, fs.readFileSync(dropped));
    assert.deepStrictEqual(uploaded.unusedClicks, []);
    await waitFor('the uploaded object selected in the tree', () => {
      const sel = s!.a.view.selection[0];
      return sel?.kind === 'object' && sel.entry.key === 'media/dropped.mp4' && s!.a.explorer.getParent(sel) === node;
    });

    // A drop is no command, but fails the way commands do: a drop on a group is refused with a warning.
    const refused = new ScriptedPrompter();
    s!.a.setPrompter(refused);
    try {
      await s!.a.transfers.dragAndDrop.handleDrop(await treePath(s!.a, 'Inputs'), data);
    } finally {
      s!.a.setPrompter(undefined);
    }
    assert.deepStrictEqual(refused.notifications, [
      { level: 'warn', message: 'Drop files onto an input, output, bucket or folder to upload them there.', actions: [] },
    ]);
    assert.deepStrictEqual(refused.progresses, []);
  });

  it('downloads a selection of objects and a whole prefix, refusing a key that would escape the folder', async () => {
    await put(s!, s!.outBucket, 'pkg/hls/index.m3u8', '#EXTM3U\n');
    await put(s!, s!.outBucket, 'pkg/hls/seg0.ts', Buffer.alloc(4000, 3));
    await put(s!, s!.outBucket, 'pkg/..\\..\\escape.txt', 'evil');
    s!.a.explorer.refresh();
    const pkg = await child(s!.a, await treePath(s!.a, 'Outputs', 'xout'), 'pkg');
    const target = path.join(s!.tmp, 'downloads');
    fs.mkdirSync(target);
    const size = formatBytes(8 + 4000);
    const mark = s!.a.logger.written;
    const whole = await runScripted(s!.a, [['download.folder', target]], 'mediaStorage.download', pkg);
    assert.deepStrictEqual(
      whole.progresses.map((p) => [p.id, p.title, p.messages[0]]),
      [['download', `Downloading to ${target}`, `listing s3://${s!.outBucket}/pkg/…`]],
    );
    assert.deepStrictEqual(whole.notifications, [
      {
        level: 'warn',
        message: `Downloaded 2 files (${size}) to ${target}; 1 key refused: "pkg/..\\..\\escape.txt" contains "..": it would be written outside ${target}.`,
        actions: ['Open Folder', 'Show Log'],
      },
    ]);
    assert.match(s!.a.logger.since(mark).join('\n'), /\[warn\] Refused to download "pkg\/\.\.\\\.\.\\escape\.txt": .*outside/);
    assert.deepStrictEqual(filesUnder(target), ['pkg/hls/index.m3u8', 'pkg/hls/seg0.ts']);
    assert.strictEqual(fs.readFileSync(path.join(target, 'pkg', 'hls', 'index.m3u8'), 'utf8'), '#EXTM3U\n');
    assert.ok(!fs.existsSync(path.join(s!.tmp, 'escape.txt')) && !fs.existsSync(path.join(target, 'escape.txt')));

    const hls = await child(s!.a, pkg, 'hls');
    const objects = [await child(s!.a, hls, 'index.m3u8'), await child(s!.a, hls, 'seg0.ts')];
    const picked = path.join(s!.tmp, 'picked');
    const selection = await runScripted(s!.a, [['download.folder', picked]], 'mediaStorage.download', objects[0], objects);
    // Open Folder is offered on the result (not clicked here: it would open the OS file manager).
    assert.deepStrictEqual(selection.notifications, [{ level: 'info', message: `Downloaded 2 files (${size}) to ${picked}.`, actions: ['Open Folder'] }]);
    assert.deepStrictEqual(filesUnder(picked), ['index.m3u8', 'seg0.ts']);
    assert.deepStrictEqual(fs.readFileSync(path.join(picked, 'seg0.ts')), Buffer.alloc(4000, 3));

    // The same download again finds the files there and asks once.
    fs.writeFileSync(path.join(picked, 'seg0.ts'), 'kept');
    const again = await runScripted(
      s!.a,
      [
        ['download.folder', picked],
        ['download.existing', 'Skip Existing'],
      ],
      'mediaStorage.download',
      objects[0],
      objects,
    );
    assert.strictEqual(again.asked[1].title, `2 files already exist in ${picked}`);
    assert.deepStrictEqual(again.notifications, [
      { level: 'info', message: `Downloaded 0 files (${formatBytes(0)}) to ${picked}; 2 skipped (2 already there).`, actions: ['Open Folder'] },
    ]);
    assert.strictEqual(fs.readFileSync(path.join(picked, 'seg0.ts'), 'utf8'), 'kept');
  });

  it('opens an object read-only in an editor, and a large one only after confirmation', async () => {
    await put(s!, s!.inBucket, 'media/notes.json', '{ "hello": "storage" }\n');
    await put(s!, s!.inBucket, 'media/large.txt', Buffer.alloc(1024 * 1024 + 10, 0x61));
    // Set under the key it had before its rename: until the migration moves it, it still counts.
    await config().update('open.maxSizeMiB', 1, vscode.ConfigurationTarget.Global);
    const node = await xin();
    const opened = (): vscode.Uri | undefined => vscode.window.activeTextEditor?.document.uri;
    await runScripted(s!.a, [], 'mediaStorage.openObject', await child(s!.a, node, 'notes.json'));
    const notes = opened();
    assert.strictEqual(notes?.scheme, 's3media');
    assert.strictEqual(notes.path, `/${s!.inBucket}/media/notes.json`);
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), '{ "hello": "storage" }\n');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(notes, new TextEncoder().encode('changed'))), /read-?only|NoPermissions|permission/i);

    const large = await child(s!.a, node, 'large.txt');
    const declined = await runScripted(s!.a, [['open.large', false]], 'mediaStorage.openObject', large);
    assert.strictEqual(declined.asked[0].title, `media/large.txt is ${formatBytes(1024 * 1024 + 10)}. Open it anyway?`);
    assert.strictEqual(opened()?.toString(), notes.toString(), 'nothing else was opened');
    await runScripted(s!.a, [['open.large', true]], 'mediaStorage.openObject', large);
    assert.strictEqual(opened()?.path, `/${s!.inBucket}/media/large.txt`);
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText().length, 1024 * 1024 + 10);
  });
});
