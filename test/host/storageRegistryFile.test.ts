// The registry file in the editor: a secret pasted into it is an error in the Problems view,
// and the quick fix moves it to SecretStorage and out of the file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, workspaceFile } from './support/api';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { readRegistryText, REGISTRY, removeRegistry, writeRegistry } from './support/storage';

async function diagnosticsOf(uri: vscode.Uri, has: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 100; i++) {
    const d = vscode.languages.getDiagnostics(uri);
    if (has(d)) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  return vscode.languages.getDiagnostics(uri);
}

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
    assert.ok(fix?.command, `code actions: ${actions.map((x) => x.title).join(', ')}`);

    a.setPrompter(new ScriptedPrompter([['secret.accessKeyId', 'AKIDTEAMEXAMPLE']]));
    const moved = await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.strictEqual(moved, 'team');
    assert.deepStrictEqual(await a.credentials.get('team'), { accessKeyId: 'AKIDTEAMEXAMPLE', secretAccessKey: secret });
    const text = await readRegistryText();
    assert.ok(!text.includes(secret), text);
    assert.match(text, /"id": "team"/, 'the rest of the entry stays');
    await diagnosticsOf(uri, (d) => !d.some((x) => x.code === 'secret-in-registry'));
    assert.ok(!vscode.languages.getDiagnostics(uri).some((x) => x.code === 'secret-in-registry'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
