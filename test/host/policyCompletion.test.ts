// Completion and hover where a user needs them most: S3 actions in a policy (the validator knows
// every one, so the editor must offer them), and the registered buckets on an empty bucket value.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { workspaceFile } from './support/api';
import { removeRegistry, writeRegistry } from './support/storage';
import { completionLabels, rangeOf, validationApi, type ValidationTestApi } from './support/validation';

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function complete(doc: vscode.TextDocument, at: vscode.Position): Promise<vscode.CompletionItem[]> {
  return (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at)).items;
}

describe('Policy and payload completion, and hovers', function () {
  this.timeout(60_000);
  let a: ValidationTestApi;

  before(async () => {
    a = await validationApi();
    await writeRegistry(a, {
      connections: [{ id: 'enc', label: 'Encoder storage', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true }],
      inputs: [{ name: 'mezzanine', connection: 'enc', bucket: 'media-in', prefix: 'sources/' }],
      outputs: [{ name: 'renditions', connection: 'enc', bucket: 'media-out', prefix: 'hls/' }],
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeRegistry(a);
  });

  it('"s3:Li|" in a policy’s Action offers s3:ListBucket with its description, replacing what was typed', async () => {
    const doc = await open('validation/assist.bucket-policy.json');
    const items = await complete(doc, rangeOf(doc, '"s3:Li"').end.translate(0, -1));
    const list = items.find((i) => i.label === 's3:ListBucket');
    assert.ok(list, `Action items: ${completionLabels({ items }).slice(0, 20).join(', ')}`);
    assert.match(String(list.detail), /\w{4}/, 'a one-line description');
    const range = list.range as vscode.Range;
    assert.strictEqual(doc.getText(range), '"s3:Li"', 'the typed string is replaced, quotes included');
    assert.strictEqual(list.insertText, '"s3:ListBucket"');
  });

  it('offers condition operators and keys, principals and the ARNs of registered buckets and prefixes', async () => {
    const doc = await open('validation/assist.bucket-policy.json');
    const labels = async (literal: string, back = 1): Promise<string[]> =>
      completionLabels({ items: await complete(doc, rangeOf(doc, literal).end.translate(0, -back)) });
    const resources = await labels('"Resource": ""');
    for (const arn of ['arn:aws:s3:::media-out/*', 'arn:aws:s3:::media-in', 'arn:aws:s3:::media-out/hls/*', 'arn:aws:s3:::media-in/sources/*']) {
      assert.ok(resources.includes(arn), `${arn} in ${resources.join(', ')}`);
    }
    assert.ok((await labels('"AWS": ""')).includes('arn:aws:iam::630681592166:user/bitmovinCustomerS3Access'), 'Bitmovin’s principal');
    const keys = await labels('"aws:SecureTransport"', 3);
    assert.ok(keys.includes('aws:SourceIp') && keys.includes('s3:prefix'), `condition keys: ${keys.slice(0, 20).join(', ')}`);
    const operators = await labels('"Bool"', 2);
    assert.ok(operators.includes('StringEquals') && operators.includes('IpAddress'), `operators: ${operators.slice(0, 20).join(', ')}`);
  });

  it('explains an action and a condition key on hover', async () => {
    const doc = await open('validation/assist.bucket-policy.json');
    const hover = async (literal: string): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, rangeOf(doc, literal).start.translate(0, 3));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    assert.match(await hover('"aws:SecureTransport"'), /aws:SecureTransport\*\* \(Bool\)/);
  });

  it('an empty bucket value in a Bitmovin payload offers the registered buckets, with or without the quotes typed', async () => {
    const doc = await open('validation/empty-bucket.bitmovin-s3-output.json');
    const inQuotes = completionLabels({ items: await complete(doc, rangeOf(doc, '"bucketName": ""').end.translate(0, -1)) });
    assert.ok(inQuotes.includes('media-out') && inQuotes.includes('media-in'), `items: ${inQuotes.join(', ')}`);
    // Right after the colon, before a quote is typed: the items bring their quotes.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, rangeOf(doc, '""'), '');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const items = await complete(doc, rangeOf(doc, '"bucketName": ').end);
    const out = items.find((i) => i.label === 'media-out');
    assert.ok(out, `items: ${items.map((i) => String(typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.strictEqual(out.insertText, '"media-out"');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
