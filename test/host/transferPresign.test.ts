// Presign end to end in the real host: the commands' questions are answered by a scripted
// prompter, the URL lands on the clipboard (or in the editor), and the test then uses it
// against a real server: GET returns the object, PUT with the signed content type stores it.
// Ceph checks SigV4 like AWS, so there a PUT with another content type must be refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/nodes';
import { formatExpiry } from '../../src/core/transfer/expiry';
import { cephAvailability, startCeph, startS3rver, type S3TestServer } from '../s3/servers';
import type { Notified } from './support/notifications';
import { runScripted } from './support/scriptedPrompter';
import { path as treePath, child } from './support/storage';
import { get, localFile, put, dumpLogOnFailure, registerXfer, unregisterXfer, type XferStorage } from './support/transferFixture';

/** The one notification a presign shows: "{method} URL for {s3 uri}, valid {lifetime} (until …): {what was done}." and what follows. */
function toldPresigned(told: Notified[], level: 'info' | 'warn', head: string, done: string): string {
  assert.strictEqual(told.length, 1, told.map((n) => `${n.level}: ${n.message}`).join('\n'));
  const [only] = told;
  assert.strictEqual(only.level, level, only.message);
  assert.deepStrictEqual(only.actions, []);
  assert.ok(only.message.startsWith(`${head} (until `), only.message);
  const rest = only.message.slice(only.message.indexOf('): ') + 3);
  assert.ok(rest.startsWith(done), only.message);
  return rest.slice(done.length).trim();
}

/** A quick pick or input box without a title shows a blank bar: every presign question names the flow. */
function assertTitled(asked: ReadonlyArray<{ id: string; title?: string | undefined }>): void {
  assert.deepStrictEqual(
    asked.filter((q) => q.title !== 'Presigned URL').map((q) => q.id),
    [],
    'questions without the "Presigned URL" title',
  );
}

describe('Presign (transfers)', function () {
  this.timeout(120_000);
  let s: XferStorage | undefined;
  let server: S3TestServer | undefined;
  const clip = Buffer.from('not really a video, but bytes that must come back exactly\n'.repeat(50));

  before(async function () {
    this.timeout(180_000);
    const ceph = cephAvailability();
    server = ceph.available ? await startCeph() : await startS3rver();
    if (!ceph.available) console.log(`      presign tests on s3rver (no signature checks): ${ceph.reason ?? ''}`);
    s = await registerXfer(server);
    await put(s, s.inBucket, 'media/clip.mp4', clip, 'video/mp4');
  });

  after(async () => {
    await unregisterXfer(s);
    await server?.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(function () {
    dumpLogOnFailure(this.currentTest, s);
  });

  async function clipNode(): Promise<TreeNode> {
    s!.a.explorer.refresh();
    return child(s!.a, await treePath(s!.a, 'Inputs', 'xin'), 'clip.mp4');
  }

  it('presigns a GET of an object, refuses more than 7 days with the reason, and the copied URL returns the object', async () => {
    const prompter = await runScripted(
      s!.a,
      [
        ['presign.method', 'GET — for an input'],
        ['presign.expiry', '8d'],
        ['presign.expiry', '90m'],
        ['presign.action', 'Copy URL'],
      ],
      'mediaStorage.presign',
      await clipNode(),
    );
    const expiry = prompter.asked.find((q) => q.id === 'presign.expiry');
    assert.strictEqual(expiry?.rejected.length, 1);
    assertTitled(prompter.asked);
    assert.match(expiry.rejected[0].message, /longer than 7 days/);
    const uri = `s3://${s!.inBucket}/media/clip.mp4`;
    const rest = toldPresigned(prompter.notifications, 'info', `GET URL for ${uri}, valid ${formatExpiry(5400)}`, 'copied to the clipboard.');
    assert.strictEqual(rest, '', 'no content type to send for a GET');
    const url = await vscode.env.clipboard.readText();
    assert.match(url, /\/media\/clip\.mp4\?.*X-Amz-Expires=5400/);
    const response = await fetch(url);
    assert.strictEqual(response.status, 200);
    assert.deepStrictEqual(Buffer.from(await response.arrayBuffer()), clip);
  });

  it('presigns a PUT into an output with the signed content type; an upload with that type is stored', async () => {
    const out = await treePath(s!.a, 'Outputs', 'xout');
    const prompter = await runScripted(
      s!.a,
      [
        ['presign.method', 'PUT — for an output'],
        ['presign.key', 'renditions/put.mp4'],
        ['presign.contentType', 'video/mp4'],
        ['presign.expiry', '30m'],
        ['presign.action', 'Copy URL'],
      ],
      'mediaStorage.presign',
      out,
    );
    assertTitled(prompter.asked);
    // A warning, not an info: a 30-minute output URL may expire before the job writes.
    const rest = toldPresigned(
      prompter.notifications,
      'warn',
      `PUT URL for s3://${s!.outBucket}/renditions/put.mp4, valid ${formatExpiry(1800)}`,
      'copied to the clipboard. The uploader must send Content-Type: video/mp4.',
    );
    assert.match(rest, /may expire before the job writes its output/);
    const url = await vscode.env.clipboard.readText();
    assert.match(url, /\/renditions\/put\.mp4\?.*X-Amz-Expires=1800/);
    const body = Buffer.from('rendition bytes');
    if (server!.checksSignatures) {
      const wrong = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body });
      assert.strictEqual(wrong.status, 403, 'another content type breaks the signature');
    }
    const ok = await fetch(url, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body });
    assert.strictEqual(ok.status, 200, await ok.text());
    const stored = await get(s!, s!.outBucket, 'renditions/put.mp4');
    assert.deepStrictEqual(stored.body, body);
    assert.strictEqual(stored.contentType, 'video/mp4');
  });

  it('copies a Dolby.io { input, output } request pair whose URLs work', async () => {
    const prompter = await runScripted(
      s!.a,
      [
        ['presign.method', 'GET — for an input'],
        ['presign.expiry', '2h'],
        ['presign.action', 'Copy Dolby.io Request Pair'],
        ['presign.pair.output', 'xout'],
        ['presign.pair.outputKey', 'dolby/out.mp4'],
      ],
      'mediaStorage.presign',
      await clipNode(),
    );
    toldPresigned(
      prompter.notifications,
      'info',
      `GET URL for s3://${s!.inBucket}/media/clip.mp4, valid ${formatExpiry(7200)}`,
      'request pair copied to the clipboard.',
    );
    const pair = JSON.parse(await vscode.env.clipboard.readText()) as { input: string; output: string };
    assert.deepStrictEqual(Object.keys(pair), ['input', 'output']);
    assert.match(pair.input, /\/media\/clip\.mp4\?.*X-Amz-Expires=7200/);
    assert.match(pair.output, /\/dolby\/out\.mp4\?.*X-Amz-Expires=7200/, 'the same lifetime');
    assert.deepStrictEqual(Buffer.from(await (await fetch(pair.input)).arrayBuffer()), clip);
    // The service sends its own (or no) content type, so none is signed into the output.
    const written = await fetch(pair.output, { method: 'PUT', body: Buffer.from('encoded') });
    assert.strictEqual(written.status, 200, await written.text());
    assert.strictEqual((await get(s!, s!.outBucket, 'dolby/out.mp4')).body.toString(), 'encoded');
  });

  it('inserts the URL at the cursor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "input": "" }' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 12, 0, 12);
    await vscode.env.clipboard.writeText('untouched');
    const prompter = await runScripted(
      s!.a,
      [
        ['presign.method', 'GET — for an input'],
        ['presign.expiry', '1h'],
        ['presign.action', 'Insert at Cursor'],
      ],
      'mediaStorage.presign',
      await clipNode(),
    );
    toldPresigned(prompter.notifications, 'info', `GET URL for s3://${s!.inBucket}/media/clip.mp4, valid ${formatExpiry(3600)}`, 'inserted at the cursor.');
    const inserted = /^\{ "input": "([^"]+)" \}$/.exec(doc.getText());
    assert.ok(inserted, doc.getText());
    assert.match(inserted[1], /\/media\/clip\.mp4\?.*X-Amz-Expires=3600/);
    assert.deepStrictEqual(Buffer.from(await (await fetch(inserted[1])).arrayBuffer()), clip, 'the inserted URL returns the object');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'untouched', 'inserted, not copied');
  });

  it('presigns an upload of a local file to an output with the file’s type, as a curl command', async () => {
    const file = localFile(s!, 'upload me.webm', 4096);
    const prompter = await runScripted(
      s!.a,
      [
        ['presign.location', 'xout'],
        ['presign.key', 'from-disk/upload me.webm'],
        ['presign.contentType', 'video/webm'],
        ['presign.expiry', '3h'],
        ['presign.action', 'Copy curl Command'],
      ],
      'mediaStorage.presignUploadOfFile',
      vscode.Uri.file(file),
    );
    toldPresigned(
      prompter.notifications,
      'info',
      `PUT URL for s3://${s!.outBucket}/from-disk/upload me.webm, valid ${formatExpiry(3 * 3600)}`,
      'curl command copied to the clipboard. The uploader must send Content-Type: video/webm.',
    );
    const curl = await vscode.env.clipboard.readText();
    const parts = /^curl --fail -X PUT -H 'content-type: video\/webm' --upload-file '.*upload me\.webm' '([^']+)'$/.exec(curl);
    assert.ok(parts, curl);
    // What a user's shell would send: the headers and the URL of the copied command.
    const ok = await fetch(parts[1], { method: 'PUT', headers: { 'content-type': 'video/webm' }, body: fs.readFileSync(file) });
    assert.strictEqual(ok.status, 200, await ok.text());
    const stored = await get(s!, s!.outBucket, 'from-disk/upload me.webm');
    assert.strictEqual(stored.contentType, 'video/webm');
    assert.deepStrictEqual(stored.body, fs.readFileSync(file));
  });

  it('copies the { url, auth } form only after the secret warning is confirmed, and never logs the secret', async () => {
    await vscode.env.clipboard.writeText('untouched');
    const declined = await runScripted(s!.a, [['presign.authWarning', false]], 'mediaStorage.copyDolbyAuthLocation', await clipNode());
    assert.deepStrictEqual(declined.notifications, []);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'untouched');

    const mark = s!.a.logger.written;
    const confirmed = await runScripted(s!.a, [['presign.authWarning', true]], 'mediaStorage.copyDolbyAuthLocation', await clipNode());
    const uri = `s3://${s!.inBucket}/media/clip.mp4`;
    assert.deepStrictEqual(confirmed.notifications, [
      { level: 'warn', message: `Copied ${uri} with your secret key. Clear the clipboard once it is pasted.`, actions: [] },
    ]);
    const copied = JSON.parse(await vscode.env.clipboard.readText()) as { url: string; auth: { key: string; secret: string } };
    assert.strictEqual(copied.url, uri);
    assert.deepStrictEqual(copied.auth, { key: server!.accessKeyId, secret: server!.secretAccessKey });
    const log = s!.a.logger.since(mark).join('\n');
    assert.ok(!log.includes(server!.secretAccessKey), 'the secret key must not reach the log');
  });
});
