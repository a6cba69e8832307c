// Runs against the packaged extension (launcher A with --vsix): what a user gets from the .vsix,
// not the development folder, must be present and start.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'media-storage-workbench.media-storage-workbench';

describe('installed extension', () => {
  const vsixMode = process.env.MSW_TEST_MODE === 'vsix';

  it('is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    if (vsixMode) {
      // In development mode the extension is loaded from the repository; a .vsix install must not be.
      const extensionsDir = process.env.MSW_EXTENSIONS_DIR;
      assert.ok(extensionsDir, 'MSW_EXTENSIONS_DIR is not set by the launcher');
      assert.ok(ext.extensionPath.startsWith(extensionsDir),
        `loaded from ${ext.extensionPath}, not from the extensions folder ${extensionsDir}`);
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
