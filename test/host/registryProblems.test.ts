// The registry file's problems are listed once each. While the file is open as JSON, VS Code's
// JSON service checks it against the registry schema (our jsonValidation entry) and lists the
// schema problems, so the extension lists only the rest; otherwise the extension lists them all.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, workspaceFile, type TestApi } from './support/api';
import { REGISTRY, removeRegistry, writeRegistry } from './support/storage';
import { codeOf, ours, rangeOf, waitForDiagnostics } from './support/validation';

describe('Media Storage registry problems', () => {
  let a: TestApi;
  const uri = (): vscode.Uri => workspaceFile(REGISTRY);

  before(async () => {
    a = await api();
    await writeRegistry(a, {
      connections: [{ id: 'p', label: 'P', kind: 'aws', region: 'eu-west-1', colour: 'red' }],
      inputs: [
        { name: 'cased', connection: 'p', bucket: 'My_Bucket' },
        { name: 'bucketless', connection: 'p' },
      ],
      outputs: [],
    });
  });

  after(async () => {
    // The file was left open as plain text; later suites write it and must not meet that copy.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeRegistry(a);
  });

  const mineOf = (): string[] => ours(uri()).map(codeOf).sort();

  it('lists every problem of a closed file itself', async () => {
    await waitForDiagnostics(uri(), () => mineOf().length === 3, 'the extension lists the closed file');
    assert.deepStrictEqual(mineOf(), ['invalid-bucket', 'missing-field', 'unknown-field']);
    assert.ok(
      a.logger.recent.some((l) => /input "bucketless" is not used: "bucket": required field "bucket" is missing/.test(l)),
      a.logger.recent.slice(-5).join('\n'),
    );
  });

  it('leaves the schema problems of an open file to the JSON service: each problem once', async () => {
    const doc = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(doc);
    const all = await waitForDiagnostics(
      uri(),
      (ds) => ds.some((d) => d.source !== 'Media Storage' && /colour/.test(d.message)) && mineOf().join() === 'invalid-bucket',
      'the JSON service checks the open file and the extension steps back',
    );
    const at = (range: vscode.Range): string[] => all.filter((d) => d.range.start.isEqual(range.start)).map((d) => `${d.source ?? '?'}: ${d.message}`);
    const colour = at(rangeOf(doc, '"colour"'));
    const bucket = at(rangeOf(doc, '"My_Bucket"'));
    const missing = at(new vscode.Range(doc.positionAt(doc.getText().lastIndexOf('{')), doc.positionAt(doc.getText().lastIndexOf('{') + 1)));
    assert.strictEqual(colour.length, 1, colour.join(' | '));
    assert.deepStrictEqual(bucket, ['Media Storage: bucket name "My_Bucket" contains uppercase letters; bucket names are lowercase']);
    assert.strictEqual(missing.length, 1, missing.join(' | '));
    assert.match(missing[0], /bucket/);
  });

  it('lists them all itself when the JSON service does not check the file', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri().toString());
    assert.ok(doc, 'the registry file is open');
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await waitForDiagnostics(uri(), () => mineOf().length === 3, 'the extension lists all problems of a plain-text registry file');
    assert.deepStrictEqual(mineOf(), ['invalid-bucket', 'missing-field', 'unknown-field']);
  });
});
