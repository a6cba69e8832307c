// Runs against the packaged extension (launcher A with --vsix): what a user gets from the .vsix,
// not the development folder, must be present and start.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/commandIds';

describe('installed extension', () => {
  const vsixMode = process.env.MSW_TEST_MODE === 'vsix';

  it('is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    if (vsixMode) {
      // A .vsix install lives in the extensions folder; loaded from the repository would mean the
      // development copy is being tested instead of the package.
      const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
      assert.ok(
        !path.resolve(ext.extensionPath).startsWith(repoRoot + path.sep) && path.resolve(ext.extensionPath) !== repoRoot,
        `loaded from ${ext.extensionPath}, the repository, not from the installed .vsix`,
      );
    }
  });

  it('activates from its bundled entry point', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const main = (ext.packageJSON as { main?: string }).main;
    assert.ok(main, 'package.json has no "main"');
    assert.ok(fs.existsSync(path.join(ext.extensionPath, main)), `${main} is missing from the installed extension`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    // activate() resolves even when the extension caught its own start-up error; the API is
    // returned only on success.
    assert.ok(ext.exports, 'activate() returned no API, so start-up failed (see the Media Storage log)');
  });
});
