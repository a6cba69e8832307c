// "Decode API Response" end to end in the real host: the command reads the active document,
// the selection or the clipboard, and the decoded block lands in the Media Storage channel, headed
// by one line that says what it was. No notification covers it: a decoded error response is the
// answer the user asked for, not a failure of the command.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, logSince, workspaceFile } from './support/api';
import type { Notified } from './support/notifications';
import { runScripted } from './support/scriptedPrompter';

/** Nothing but the channel: no toast over the decoded block. */
function toldNothing(told: Notified[]): void {
  assert.deepStrictEqual(
    told.map((n) => `${n.level}: ${n.message}`),
    [],
  );
}

describe('Decode API Response', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('decodes a Bitmovin error envelope in the active document into the output channel', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('decode/bitmovin-2202.json'));
    await vscode.window.showTextDocument(doc);
    const mark = a.logger.written;
    const told = await runScripted(a, [], 'mediaStorage.decodeResponse');
    toldNothing(told.notifications);
    const block = logSince(a, mark);
    assert.match(block, /Decoded from the document: Bitmovin 2202 Upload access denied/);
    assert.match(block, /Bitmovin error 2202: Upload access denied/);
    assert.match(block, /6d84e126-d10c-4e52-bbfb-bd4c92bc8333/, 'request id');
    assert.match(block, /outputs\[0\]\.outputId/, 'field path from the details');
    assert.match(block, /https:\/\/bitmovin\.com\/docs\/encoding\/faqs/, 'links as text');
    assert.match(block, /Check Access/, 'the remedy points at the access check');
  });

  it('decodes only the selection when there is one', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content:
        'noise before\n{"requestId":"r-1","status":"ERROR","data":{"code":2101,"message":"Bucket not found","developerMessage":"no bucket"}}\nnoise after',
    });
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.lineAt(1);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const mark = a.logger.written;
    const told = await runScripted(a, [], 'mediaStorage.decodeResponse');
    toldNothing(told.notifications);
    assert.match(logSince(a, mark), /Decoded from the selection: Bitmovin 2101 .*\[request r-1\]/);
  });

  it('decodes a curl -i paste from the clipboard and redacts the signature it echoes', async () => {
    const a = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const paste = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('decode/s3-signature.curl.txt')));
    await vscode.env.clipboard.writeText(paste);
    const mark = a.logger.written;
    const told = await runScripted(a, [], 'mediaStorage.decodeResponse');
    toldNothing(told.notifications);
    const block = logSince(a, mark);
    assert.match(block, /Decoded from the clipboard: S3 SignatureDoesNotMatch \(/);
    assert.match(block, /SignatureDoesNotMatch/);
    assert.match(block, /403/);
    assert.doesNotMatch(block, /0123456789abcdef0123/, 'the presigned signature must not reach the log');
    assert.doesNotMatch(block, /AKIAIOSFODNN7EXAMPLE/, 'the credential must not reach the log');
  });
});
