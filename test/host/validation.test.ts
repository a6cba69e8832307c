// Payload and policy validation in the real extension host: diagnostics with codes and ranges
// in the Problems view, quick fixes applied through VS Code's own commands, completion from the
// registered storage, "Set Payload Kind…", and generated payloads that validate clean.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './support/api';
import type { ConnectionEntry } from '../../src/storage/storageModel';
import { ENTER, runScripted } from './support/scriptedPrompter';
import { removeRegistry, writeRegistry } from './support/storage';
import { at, codeOf, completionLabels, ours, rangeOf, summary, validationApi, waitForDiagnostics, type ValidationTestApi } from './support/validation';

const SECRET = 'q8Zr5Lw1Xv/T3mN0pK7sB2cD4eF6gH9jQ1rS5tU';
const KEY_ID = 'AKIAZ7Q4M2XN5PLR3KTB';

/** The document the command left in the active editor: a generated payload is opened (or inserted) there. */
function activeDocument(): vscode.TextDocument {
  const doc = vscode.window.activeTextEditor?.document;
  assert.ok(doc, 'no active editor');
  return doc;
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('Payload validation', function () {
  this.timeout(60_000);
  let a: ValidationTestApi;

  before(async () => {
    a = await validationApi();
    // No network is needed: the connection only has to exist (completion, secret storage, presign).
    await writeRegistry(a, {
      connections: [{ id: 'enc', label: 'Encoder storage', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true }],
      inputs: [{ name: 'mezzanine', connection: 'enc', bucket: 'media-in', prefix: 'sources/' }],
      outputs: [{ name: 'renditions', connection: 'enc', bucket: 'media-out', prefix: 'hls/' }],
    });
    // Keys belong to a registered connection (its identity), so they are set once it exists.
    await a.credentials.set('enc', { accessKeyId: 'ENCODERKEYID', secretAccessKey: 'stored-secret-0000000000' });
  });

  after(async () => {
    a.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.credentials.clear('enc');
    await removeRegistry(a);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The extension host hears of the closed editors a moment later; Insert Payload asks where
    // to put the text while it still sees an active editor.
    await waitFor('no active editor after closing all', () => vscode.window.activeTextEditor === undefined);
  });

  it('reports policy checks with exact ranges, and leaves schema problems to the JSON service where its schema applies', async () => {
    const doc = await open('validation/media-in.bucket-policy.json');
    const diags = await waitForDiagnostics(doc.uri, () => ours(doc.uri).length >= 2, 'our policy diagnostics');
    const mine = diags.filter((d) => d.source === 'Media Storage');
    assert.deepStrictEqual(
      summary(mine),
      [
        at(rangeOf(doc, '"arn:aws:s3:::media-in"'), 'policy/object-action-on-bucket-arn'),
        at(rangeOf(doc, '"arn:aws:s3:::someone-elses-bucket/*"'), 'policy/foreign-bucket'),
      ].sort(),
    );
    assert.ok(mine.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(mine.find((d) => codeOf(d) === 'policy/foreign-bucket')?.message ?? '', /media-in/, 'the bucket comes from the file name');
    // The unknown "Comment" property is the JSON service's to report (from our jsonValidation schema), once.
    const all = await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => d.source !== 'Media Storage' && /Comment/.test(d.message)),
      'the JSON service reports the unknown property',
    );
    assert.strictEqual(all.filter((d) => /Comment/.test(d.message) || codeOf(d).startsWith('schema/')).length, 1, 'reported once, not twice');
  });

  it('checks a content-detected payload against its schema too, since no fileMatch reaches it', async () => {
    const doc = await open('validation/encoder-output.json');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).length >= 4, 'our payload diagnostics');
    const acl = rangeOf(doc, '[{ "permission"').start;
    assert.deepStrictEqual(
      summary(ours(doc.uri)),
      [
        at(rangeOf(doc, `"${KEY_ID}"`), 'payload/plaintext-secret'),
        at(rangeOf(doc, `"${SECRET}"`), 'payload/plaintext-secret'),
        at(rangeOf(doc, '"eu-west-1"'), 'schema/enum'),
        // An object or array is marked by its opening bracket only.
        at(new vscode.Range(acl, acl.translate(0, 1)), 'payload/bitmovin-output-acl-ignored'),
      ].sort(),
    );
    assert.strictEqual(a.validation.diagnostics.resolvedKind(doc.uri)?.source, 'content');
  });

  it('applies a quick fix through executeCodeActionProvider and workspace.applyEdit', async () => {
    const doc = await open('validation/playback.bucket-policy.json');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'policy/old-version'), 'old-version diagnostic');
    const diag = ours(doc.uri).find((d) => codeOf(d) === 'policy/old-version');
    assert.ok(diag);
    assert.deepStrictEqual(diag.range, rangeOf(doc, '"2008-10-17"'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((x) => x.title === 'Set Version to 2012-10-17');
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((x) => x.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"Version": "2012-10-17",/);
    await waitForDiagnostics(doc.uri, () => !ours(doc.uri).some((d) => codeOf(d) === 'policy/old-version'), 'the fixed problem goes away');
    assert.deepStrictEqual(ours(doc.uri).map(codeOf), ['policy/invalid-arn'], 'the other problem stays');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('fixes a schema problem it reported itself (content-detected file)', async () => {
    const doc = await open('validation/encoder-output.json');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'schema/enum'), 'schema/enum');
    const diag = ours(doc.uri).find((d) => codeOf(d) === 'schema/enum') as vscode.Diagnostic;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((x) => x.title === 'Change to "EU_WEST_1"');
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((x) => x.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"cloudRegion": "EU_WEST_1"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('moves a plaintext secret to SecretStorage and leaves placeholders in the file', async () => {
    const rel = 'validation/tmp-secret.json';
    const source = await vscode.workspace.fs.readFile(workspaceFile('validation/encoder-output.json'));
    await vscode.workspace.fs.writeFile(workspaceFile(rel), source);
    try {
      const doc = await open(rel);
      await waitForDiagnostics(doc.uri, () => ours(doc.uri).filter((d) => codeOf(d) === 'payload/plaintext-secret').length === 2, 'secret diagnostics');
      const diag = ours(doc.uri).find((d) => codeOf(d) === 'payload/plaintext-secret' && d.range.isEqual(rangeOf(doc, `"${SECRET}"`))) as vscode.Diagnostic;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const move = actions.find((x) => x.title === 'Move secret to Media Storage secret storage');
      assert.ok(move?.command, `quick fixes offered: ${actions.map((x) => x.title).join(', ')}`);
      const isEnc = (v: unknown): boolean => (v as ConnectionEntry).connection.id === 'enc';
      const args = move.command.arguments ?? [];
      // The connection already has keys: Enter on the question keeps them, and nothing changes.
      const kept = await runScripted(
        a,
        [
          ['payloadSecret.connection', isEnc],
          ['payloadSecret.replace', ENTER],
        ],
        move.command.command,
        ...args,
      );
      const question = kept.asked.find((q) => q.id === 'payloadSecret.replace');
      assert.strictEqual(question?.preselected, 'Keep access key ID ENCODERKEYID');
      assert.deepStrictEqual(question?.items, ['Keep access key ID ENCODERKEYID', `Replace access key ID ENCODERKEYID with ${KEY_ID}`]);
      assert.deepStrictEqual(kept.asked[0]?.items, ['Encoder storage'], 'one item per connection, named by its label');
      assert.deepStrictEqual(await a.credentials.get('enc'), { accessKeyId: 'ENCODERKEYID', secretAccessKey: 'stored-secret-0000000000' });
      assert.ok(doc.getText().includes(SECRET), 'the file is untouched when the keys are kept');
      await runScripted(
        a,
        [
          ['payloadSecret.connection', isEnc],
          ['payloadSecret.replace', (v) => v === true],
        ],
        move.command.command,
        ...args,
      );
      assert.deepStrictEqual(await a.credentials.get('enc'), { accessKeyId: KEY_ID, secretAccessKey: SECRET });
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(rel)));
      assert.ok(!onDisk.includes(SECRET) && !onDisk.includes(KEY_ID), 'neither key is left on disk');
      assert.match(onDisk, /"secretKey": "<AWS_SECRET_KEY>"/);
      assert.match(onDisk, /"accessKey": "<AWS_ACCESS_KEY>"/);
      await waitForDiagnostics(doc.uri, () => !ours(doc.uri).some((d) => codeOf(d) === 'payload/plaintext-secret'), 'no more secret warnings');
      assert.ok(!a.logger.recent.join('\n').includes(SECRET), 'the secret is not in the log');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceFile(rel));
      await a.credentials.set('enc', { accessKeyId: 'ENCODERKEYID', secretAccessKey: 'stored-secret-0000000000' });
    }
  });

  it('offers the bundled schema for a $schema naming our https id, which the JSON service then applies offline', async () => {
    const content = {
      $schema: 'https://media-storage-workbench.dev/schemas/s3-cors.schema.json',
      CORSRules: [{ AllowedMethods: ['FETCH'], AllowedOrigins: ['*'] }],
    };
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(content, null, 2) });
    await vscode.window.showTextDocument(doc);
    // VS Code cannot apply a schema it cannot download, so this one is ours to check.
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d).startsWith('schema/')), 'our schema check');
    const ref = rangeOf(doc, '"https://media-storage-workbench.dev/schemas/s3-cors.schema.json"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      ref,
      vscode.CodeActionKind.QuickFix.value,
    );
    const use = actions.find((x) => x.title.startsWith('Use the schema bundled'));
    assert.ok(use?.edit, `actions: ${actions.map((x) => x.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(use.edit));
    assert.match(doc.getText(), /"\$schema": "media-storage-schema:\/s3-cors\.schema\.json"/);
    // Now the JSON service validates with the bundled schema, and ours steps back: one report.
    const all = await waitForDiagnostics(
      doc.uri,
      (ds) =>
        ds.some((d) => d.source !== 'Media Storage' && /FETCH|Value is not accepted/i.test(d.message)) &&
        !ours(doc.uri).some((d) => codeOf(d).startsWith('schema/')),
      'the JSON service applies the bundled schema',
    );
    assert.strictEqual(all.filter((d) => /FETCH|Value is not accepted/i.test(d.message) || codeOf(d).startsWith('schema/')).length, 1);
  });

  it('completes bucket names, location names and regions from the registered storage', async () => {
    const doc = await open('validation/completion.bitmovin-s3-input.json');
    const inside = (literal: string): vscode.Position => rangeOf(doc, literal).end.translate(0, -1);
    const buckets = completionLabels(
      await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, inside('"bucketName": ""')),
    );
    assert.ok(buckets.includes('media-in') && buckets.includes('media-out'), `bucketName items: ${buckets.join(', ')}`);
    const names = completionLabels(
      await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, inside('"name": ""')),
    );
    assert.ok(names.includes('mezzanine'), `name items: ${names.join(', ')}`);
    assert.ok(!names.includes('renditions'), 'an input payload is offered input names only');

    // Content-detected: the JSON service has no schema for it, so the Bitmovin region enum is ours.
    const detected = await open('validation/detected-input.json');
    const region = completionLabels(
      await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        detected.uri,
        rangeOf(detected, '"cloudRegion": ""').end.translate(0, -1),
      ),
    );
    assert.ok(region.includes('EU_WEST_1') && region.includes('US_EAST_1'), `cloudRegion items: ${region.join(', ')}`);
  });

  it('completes bucket ARNs in a policy Resource', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Resource": "" }]\n}\n',
    });
    const pos = rangeOf(doc, '"Resource": ""').end.translate(0, -1);
    const items = completionLabels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos));
    assert.ok(items.includes('arn:aws:s3:::media-out/*') && items.includes('arn:aws:s3:::media-in'), `Resource items: ${items.join(', ')}`);
  });

  it('"Set Payload Kind…" validates a document as the chosen kind, and "Automatic" undoes it', async () => {
    const doc = await open('validation/detected-input.json');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'schema/enum'), 'detected as a Bitmovin input');
    await runScripted(a, [['payloadKind.kind', 'S3 CORS configuration']], 'mediaStorage.setPayloadKind');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'schema/required'), 'validated as CORS');
    assert.deepStrictEqual(a.validation.diagnostics.resolvedKind(doc.uri), { kind: 's3-cors', source: 'explicit', coveredByJsonService: false });
    await runScripted(a, [['payloadKind.kind', 'Automatic']], 'mediaStorage.setPayloadKind');
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'schema/enum'), 'detected again');
  });

  it('inserts a generated Bitmovin generic S3 output that validates clean (and the check is live)', async () => {
    const told = await runScripted(
      a,
      [
        ['payload.location', 'renditions'],
        ['payload.kind', 'Bitmovin generic S3 output'],
      ],
      'mediaStorage.insertPayload',
    );
    // Questions that name no title of their own carry the command's, so no quick pick floats untitled.
    assert.deepStrictEqual(
      told.asked.map((q) => [q.id, q.title]),
      [
        ['payload.location', 'Insert Payload for Location'],
        ['payload.kind', 'Insert Payload for Location'],
      ],
    );
    // No editor was open, so the payload went into a new untitled document, which is now active.
    const doc = activeDocument();
    assert.strictEqual(doc.isUntitled, true);
    // Named after the location, so the tab says what it is, and never a reused "Untitled-N".
    assert.strictEqual(doc.uri.path, 'renditions 1.json');
    assert.deepStrictEqual(JSON.parse(doc.getText()), {
      name: 'renditions',
      bucketName: 'media-out',
      host: '127.0.0.1',
      port: 9,
      ssl: false,
      signatureVersion: 'S3_V4',
      accessStyle: 'PATH',
      accessKey: '<AWS_ACCESS_KEY>',
      secretKey: '<AWS_SECRET_KEY>',
    });
    const until = Date.now() + 10_000;
    while (!a.validation.diagnostics.resolvedKind(doc.uri) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(a.validation.diagnostics.resolvedKind(doc.uri), {
      kind: 'bitmovin-generic-s3-output',
      source: 'explicit',
      coveredByJsonService: false,
    });
    // The kind is known before the check of the inserted text has finished (the rules load
    // lazily, and the document was first checked before its kind was set): wait for that check.
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).length === 0, `no problems; now: ${JSON.stringify(summary(ours(doc.uri)))}`);
    // The same document with a broken field is reported: the clean result above was a real check.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, rangeOf(doc, '"port": 9'), '"port": "9"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).some((d) => codeOf(d) === 'schema/type'), 'a wrong type is reported');
  });

  it('generates a Dolby.io job with fresh presigned URLs that validates clean', async () => {
    await runScripted(
      a,
      [
        ['payload.location', 'mezzanine'],
        ['payload.kind', 'Dolby.io job (presigned input and output URLs)'],
        ['payload.dolby.otherLocation', 'renditions'],
        ['payload.dolby.inputKey', 'sources/clip.mp4'],
        ['payload.dolby.outputKey', 'hls/clip.mp4'],
      ],
      'mediaStorage.insertPayload',
    );
    const doc = activeDocument();
    const job = JSON.parse(doc.getText()) as { input: string; output: string };
    assert.match(job.input, /^http:\/\/127\.0\.0\.1:9\/media-in\/sources\/clip\.mp4\?.*X-Amz-Signature=/);
    assert.match(job.output, /^http:\/\/127\.0\.0\.1:9\/media-out\/hls\/clip\.mp4\?.*X-Amz-Signature=/);
    const until = Date.now() + 10_000;
    while (!a.validation.diagnostics.resolvedKind(doc.uri) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(a.validation.diagnostics.resolvedKind(doc.uri)?.kind, 'dolby-job');
    // As above: the kind is set right after the buffer opens, and the check of the text with that
    // kind may still be running.
    try {
      await waitForDiagnostics(doc.uri, () => ours(doc.uri).length === 0, 'no problems in the generated job');
    } catch (e) {
      const open = vscode.workspace.textDocuments.map((d) => `${d.uri.toString()} v${d.version} ${d.getText().slice(0, 60)}`).join(' || ');
      throw new Error(
        `${String(e)}; doc v${doc.version} closed=${doc.isClosed} text=${doc.getText().slice(0, 120)}; resolved=${JSON.stringify(a.validation.diagnostics.resolvedKind(doc.uri))}; open: ${open}`,
      );
    }
    // Swapped URLs are the classic mistake: each is then signed for the wrong method.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
      JSON.stringify({ input: job.output, output: job.input }, null, 2),
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc.uri, () => ours(doc.uri).filter((d) => codeOf(d) === 'payload/presigned-wrong-method').length === 2, 'wrong methods reported');
  });
});
