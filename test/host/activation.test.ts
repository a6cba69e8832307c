// First in-host tests: the extension starts in a real VS Code, its view container and view
// exist, and package.json's contributed commands and the registered commands are the same set
// (a contributed but unregistered command shows "command not found" to the user; a registered
// but uncontributed one is invisible in the palette).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/commandIds';

export { EXTENSION_ID };

interface Manifest {
  contributes?: {
    commands?: { command: string }[];
    views?: Record<string, { id: string }[]>;
    viewsContainers?: Record<string, { id: string }[]>;
  };
}

// Commands the workbench itself creates for every contributed view; they are not ours to contribute.
const VIEW_COMMAND_SUFFIXES = ['focus', 'resetViewLocation', 'toggleVisibility', 'removeView', 'open'];

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  return ext;
}

describe('activation', () => {
  before(async () => {
    console.log(`    running in VS Code ${vscode.version} (${vscode.env.appName}, remote: ${vscode.env.remoteName ?? 'none'})`);
    await extension().activate();
  });

  it('activates', () => {
    assert.strictEqual(extension().isActive, true);
  });

  it('contributes the Media Storage view container and explorer view', async () => {
    const manifest = extension().packageJSON as Manifest;
    const containers = manifest.contributes?.viewsContainers?.activitybar?.map((c) => c.id) ?? [];
    assert.ok(containers.includes('mediaStorage'), `activity bar containers: ${containers.join(', ')}`);
    const views = manifest.contributes?.views?.mediaStorage?.map((v) => v.id) ?? [];
    assert.ok(views.includes('mediaStorage.explorer'), `views in mediaStorage: ${views.join(', ')}`);
    // The workbench registers these commands only for a container and view it actually created.
    await vscode.commands.executeCommand('workbench.view.extension.mediaStorage');
    await vscode.commands.executeCommand('mediaStorage.explorer.focus');
  });

  it('registers every command it contributes, and contributes every command it registers', async () => {
    const manifest = extension().packageJSON as Manifest;
    const contributed = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
    assert.ok(contributed.size > 0, 'package.json contributes no commands');
    const viewIds = Object.values(manifest.contributes?.views ?? {})
      .flat()
      .map((v) => v.id);
    const generated = new Set(viewIds.flatMap((id) => VIEW_COMMAND_SUFFIXES.map((s) => `${id}.${s}`)));

    const registered = new Set((await vscode.commands.getCommands(true)).filter((id) => id.startsWith('mediaStorage.') && !generated.has(id)));

    const notRegistered = [...contributed].filter((id) => !registered.has(id));
    const notContributed = [...registered].filter((id) => !contributed.has(id));
    assert.deepStrictEqual(notRegistered, [], `contributed in package.json but not registered: ${notRegistered.join(', ')}`);
    assert.deepStrictEqual(notContributed, [], `registered but not contributed in package.json: ${notContributed.join(', ')}`);
  });
});
