// The registry file in the editor: a secret pasted into it is an error in the Problems view,
// and the quick fix moves it to SecretStorage and out of the file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, workspaceFile } from './support/api';
import { CredentialStore } from '../../src/storage/credentialStore';
import type { ConnectionEntry } from '../../src/storage/storageModel';
import { ENTER, runScripted } from './support/scriptedPrompter';
import { diagnosticsOf, path as treePath, readRegistryText, REGISTRY, removeRegistry, writeRegistry } from './support/storage';

describe('Media Storage registry file', () => {
  // A made-up key of the shape of an AWS secret access key (40 base64 characters).
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9Example';

  after(async () => {
    const a = await api();
    a.setPrompter(undefined);
    await a.credentials.clear('team');
    await removeRegistry(a);
  });

  it('flags a secret in the file and the quick fix moves it into SecretStorage', async () => {
    const a = await api();
    await writeRegistry(a, {
      connections: [{ id: 'team', label: 'Team', kind: 'aws', region: 'eu-west-1', secretAccessKey: secret }],
      inputs: [],
      outputs: [],
    });
    const uri = workspaceFile(REGISTRY);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'secret-in-registry'));
    const diag = diags.find((x) => x.code === 'secret-in-registry');
    assert.ok(diag, `diagnostics: ${diags.map((d) => d.message).join(' | ')}`);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((x) => /secret storage/i.test(x.title));
    assert.ok(
      fix?.command,
      `code actions: ${actions.map((x) => x.title).join(', ')}; diagnostics: ${vscode.languages
        .getDiagnostics(uri)
        .map((d) => `${String(d.code)} ${d.message}`)
        .join(' | ')}`,
    );

    await runScripted(a, [['secret.accessKeyId', 'AKIDTEAMEXAMPLE']], fix.command.command, ...(fix.command.arguments ?? []));
    assert.deepStrictEqual(await a.credentials.get('team'), { accessKeyId: 'AKIDTEAMEXAMPLE', secretAccessKey: secret });
    const text = await readRegistryText();
    assert.ok(!text.includes(secret), text);
    assert.match(text, /"id": "team"/, 'the rest of the entry stays');
    await diagnosticsOf(uri, (d) => !d.some((x) => x.code === 'secret-in-registry'));
    assert.ok(!vscode.languages.getDiagnostics(uri).some((x) => x.code === 'secret-in-registry'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Enter on "move secret" keeps the keys the connection has; Edit takes its keys along to a new endpoint', async () => {
    const a = await api();
    const team = { id: 'team', label: 'Team', kind: 's3-compatible', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true };
    await writeRegistry(a, { connections: [{ ...team, secretAccessKey: secret }], inputs: [], outputs: [] });
    const entry = (): ConnectionEntry => {
      const found = a.registry.model.connections.find((c) => c.connection.id === 'team');
      assert.ok(found, 'the connection is registered');
      return found;
    };
    const working = { accessKeyId: 'AKIDWORKING0000000', secretAccessKey: 'working-secret-000000000000' };
    await a.credentials.set(entry(), working);
    const uri = workspaceFile(REGISTRY);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = (await diagnosticsOf(uri, (d) => d.some((x) => x.code === 'secret-in-registry'))).find((x) => x.code === 'secret-in-registry');
    assert.ok(diag);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((x) => /secret storage/i.test(x.title));
    assert.ok(fix?.command);

    const kept = await runScripted(a, [['secret.replace', ENTER]], fix.command.command, ...(fix.command.arguments ?? []));
    const question = kept.asked.find((q) => q.id === 'secret.replace');
    assert.strictEqual(question?.preselected, `Keep access key ID ${working.accessKeyId}`);
    // No key id beside the secret: it would go with the stored one, and the question says so.
    assert.ok(question?.items?.includes(`Replace the secret of access key ID ${working.accessKeyId}`), question?.items?.join(' | '));
    assert.deepStrictEqual(await a.credentials.get(entry()), working, 'the working keys stay');
    assert.ok((await readRegistryText()).includes(secret), 'the file is untouched');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await writeRegistry(a, { connections: [team], inputs: [], outputs: [] });
    // The file is still open from the quick fix; the wizard edits that copy, so it has to have
    // caught up with the disk first (VS Code reloads an unmodified document on its own).
    const onDisk = await readRegistryText();
    for (let i = 0; i < 200 && vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.getText() !== onDisk); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = entry();
    await runScripted(
      a,
      [
        ['connection.field', 'Endpoint, region and addressing'],
        ['connection.endpoint', 'http://127.0.0.1:10'],
        ['connection.region', 'us-east-1'],
        ['connection.addressing', ENTER],
        // Nothing listens there: the test fails, and the edit is saved all the same.
        ['connection.test', 'Save without a working connection'],
      ],
      'mediaStorage.edit',
      await treePath(a, 'Buckets', 'Team'),
    );
    assert.strictEqual(entry().connection.endpoint, 'http://127.0.0.1:10', a.logger.recent.slice(-8).join('\n'));
    assert.match(await readRegistryText(), /"endpoint": "http:\/\/127\.0\.0\.1:10"/, 'written to the registry file');
    assert.deepStrictEqual(await a.credentials.get(entry()), working, 'the keys went along');
    assert.strictEqual(await a.credentials.get(before), undefined, 'and are not left for the old destination');
    assert.notStrictEqual(CredentialStore.storageKeyOf(before), CredentialStore.storageKeyOf(entry()));
    assert.ok(a.logger.recent.some((l) => l.includes('The stored keys of "Team" now go with it to') && l.includes('http://127.0.0.1:10')));
  });
});
