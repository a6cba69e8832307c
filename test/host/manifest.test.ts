// package.json against what the extension does at run time: every contributed command is
// registered through the one command runner (and nothing else is), every menu's `viewItem`
// pattern selects items the tree really produces, and every command reads well in the palette.
// Also the runner's one error path: what a failing, a refused and a cancelled command tell the user.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands, ViewIds } from '../../src/commandIds';
import { readManifestNls, resolveManifestText } from '../../src/manifestNls';
import { ALL_CONTEXT_VALUES } from '../../src/tree/contextValues';
import type { TreeNode } from '../../src/tree/nodes';
import { api, EXTENSION_ID, logSince, type TestApi } from './support/api';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { allChildren } from './support/storage';
import { startLocalStorage, stopLocalStorage, type LocalStorage } from './support/storageFixture';

interface ManifestCommand {
  command: string;
  title?: string;
  category?: string;
}
interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: ManifestCommand[];
    menus: Record<string, MenuEntry[]>;
    views: Record<string, { id: string }[]>;
  };
}

/**
 * Commands registered through the runner on purpose without a manifest entry (none today): each
 * must be listed here, so a command forgotten in package.json is a failure, not a silent extra.
 */
const INTERNAL_COMMANDS: readonly string[] = [];

const manifest = (): Manifest => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.packageJSON as Manifest;
};
/** A manifest string as the user reads it: `%key%` references are package.nls.json's text. */
const shown = (value: string | undefined): string | undefined => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return value === undefined ? undefined : resolveManifestText(value, readManifestNls(ext.extensionPath, vscode.env.language));
};

// Every contextValue the tree hands out during the whole run (every test file, not only this
// one), checked against the list in src/tree/contextValues.ts after the last test: the list
// the menu patterns are checked against must be the one the tree uses.
const produced = new Map<string, string>();
before(async () => {
  const a = await api();
  const explorer = a.explorer as { getTreeItem(node: TreeNode): vscode.TreeItem };
  const original = explorer.getTreeItem.bind(explorer);
  explorer.getTreeItem = (node: TreeNode): vscode.TreeItem => {
    const item = original(node);
    if (item.contextValue !== undefined && !produced.has(item.contextValue)) {
      produced.set(item.contextValue, `${node.kind} "${String(typeof item.label === 'string' ? item.label : item.label?.label)}"`);
    }
    return item;
  };
});
after(() => {
  const unlisted = [...produced].filter(([value]) => !ALL_CONTEXT_VALUES.includes(value)).map(([value, where]) => `${value} (${where})`);
  assert.deepStrictEqual(unlisted, [], 'contextValues the tree produced that src/tree/contextValues.ts does not list');
});

/** The `viewItem` tests of a when clause: `viewItem =~ /re/` and `viewItem == value`. */
function viewItemTests(when: string): { text: string; test: (value: string) => boolean }[] {
  const tests: { text: string; test: (value: string) => boolean }[] = [];
  for (const m of when.matchAll(/viewItem\s*=~\s*\/((?:\\.|[^/\\])+)\/([a-z]*)/g)) {
    const re = new RegExp(m[1], m[2]);
    tests.push({ text: m[0], test: (v) => re.test(v) });
  }
  for (const m of when.matchAll(/viewItem\s*==\s*([\w.-]+)/g)) tests.push({ text: m[0], test: (v) => v === m[1] });
  return tests;
}

describe('package.json and the running extension', function () {
  let a: TestApi;
  before(async () => {
    a = await api();
  });

  it('registers every contributed command through the runner, and no other command', async () => {
    const contributed = manifest()
      .contributes.commands.map((c) => c.command)
      .sort();
    const registered = [...a.commands.registered].sort();
    assert.deepStrictEqual(
      contributed.filter((id) => !registered.includes(id)),
      [],
      'in package.json but not registered through the runner',
    );
    assert.deepStrictEqual(
      registered.filter((id) => !contributed.includes(id) && !INTERNAL_COMMANDS.includes(id)),
      [],
      'registered but not in package.json (nor listed as internal)',
    );
    assert.deepStrictEqual(
      Object.values(Commands).filter((id) => !contributed.includes(id)),
      [],
      'in src/commandIds.ts but not in package.json',
    );
    // VS Code itself registers commands named after the view (focus, reset location, …).
    const ours = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('mediaStorage.') && !id.startsWith(`${ViewIds.explorer}.`));
    assert.deepStrictEqual(ours.filter((id) => !registered.includes(id)).sort(), [], 'registered without the runner');
  });

  it('gives every command a title, and the "Media Storage" category wherever it shows in the palette', () => {
    const m = manifest().contributes;
    const hidden = new Set((m.menus.commandPalette ?? []).filter((e) => e.when === 'false').map((e) => e.command));
    for (const c of m.commands) {
      const title = shown(c.title);
      assert.ok(title?.trim(), `${c.command} has no title`);
      assert.doesNotMatch(title ?? '', /^%.*%$/, `${c.command}: package.nls.json has no text for its title`);
      if (!hidden.has(c.command)) assert.strictEqual(shown(c.category), 'Media Storage', `${c.command} shows in the palette`);
    }
    const ids = new Set(m.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(m.menus)) {
      for (const e of entries) assert.ok(ids.has(e.command), `${menu} names ${e.command}, which package.json does not contribute`);
    }
  });

  it('matches each view menu’s viewItem pattern against contextValues the tree produces', () => {
    const m = manifest().contributes;
    const views = new Set(
      Object.values(m.views)
        .flat()
        .map((v) => v.id),
    );
    const problems: string[] = [];
    for (const menu of ['view/item/context', 'view/title']) {
      for (const e of m.menus[menu] ?? []) {
        const when = e.when ?? '';
        const where = `${menu} ${e.command} (${when})`;
        for (const v of when.matchAll(/\bview\s*==\s*([\w.-]+)/g)) if (!views.has(v[1])) problems.push(`${where}: no view ${v[1]}`);
        const tests = viewItemTests(when);
        if (menu === 'view/title') {
          if (/viewItem/.test(when)) problems.push(`${where}: a title menu has no item to test`);
          continue;
        }
        // An item menu without a viewItem test shows on every item, group and error node alike.
        if (tests.length === 0) problems.push(`${where}: no viewItem test`);
        for (const t of tests) if (!ALL_CONTEXT_VALUES.some(t.test)) problems.push(`${where}: ${t.text} matches no contextValue the tree produces`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  describe('the tree of a registry [s3rver]', function () {
    let s: LocalStorage | undefined;
    before(async function () {
      this.timeout(120_000);
      s = await startLocalStorage();
    });
    after(async () => {
      await stopLocalStorage(s);
    });

    it('gives its items only listed contextValues', async () => {
      assert.ok(s, 'fixture not started');
      const fx = s;
      const seen: string[] = [];
      const walk = async (node: TreeNode | undefined, depth: number): Promise<void> => {
        for (const kid of await allChildren(fx.a, node)) {
          const value = fx.a.explorer.getTreeItem(kid).contextValue;
          if (value !== undefined) seen.push(value);
          if (depth < 4 && kid.kind !== 'error' && kid.kind !== 'loadMore' && kid.kind !== 'message') await walk(kid, depth + 1);
        }
      };
      await walk(undefined, 0);
      const unlisted = [...new Set(seen)].filter((v) => !ALL_CONTEXT_VALUES.includes(v));
      assert.deepStrictEqual(unlisted, []);
      // The walk reached groups, entries, listings and errors, so the check above means something.
      for (const prefix of [
        'msw.group.',
        'msw.connection.',
        'msw.location.',
        'msw.bucket',
        'msw.folder',
        'msw.object.',
        'msw.error.',
        'msw.incompleteUploads',
      ]) {
        assert.ok(
          seen.some((v) => v.startsWith(prefix)),
          `no ${prefix}* item in the walk: ${[...new Set(seen)].join(', ')}`,
        );
      }
    });
  });
});

describe('The command runner: one error path', function () {
  let a: TestApi;
  let prompter: ScriptedPrompter;
  before(async () => {
    a = await api();
  });
  beforeEach(() => {
    prompter = new ScriptedPrompter();
    a.setPrompter(prompter);
  });
  afterEach(() => a.setPrompter(undefined));

  /** A command registered through the runner for one test: what a handler throws is the point. */
  const withCommand = async (id: string, handler: (...args: unknown[]) => void | Promise<void>, run: () => Promise<void>): Promise<void> => {
    const registration = a.commands.register(id, handler);
    try {
      await run();
    } finally {
      registration.dispose();
    }
    assert.ok(!a.commands.registered.includes(id), 'disposed with its registration');
  };

  it('a failing command logs the decoded error and shows exactly one error notification with "Show Log", without revealing the log', async () => {
    const mark = a.logger.written;
    const reveals = a.logger.revealCount;
    const missing = vscode.Uri.file('/nonexistent/msw-manifest-test/.vscode/media-storage.json');
    const result = await vscode.commands.executeCommand(Commands.moveSecretToSecretStorage, missing, 0);
    assert.strictEqual(result, undefined, 'resolves: a failure is reported, not rethrown');
    assert.strictEqual(prompter.notifications.length, 1, prompter.describe());
    const [shown] = prompter.notifications;
    assert.strictEqual(shown.level, 'error');
    assert.deepStrictEqual(shown.actions, ['Show Log']);
    assert.match(shown.message, /^Move Secret to Secret Storage: /, 'named after the command as the menu shows it');
    assert.strictEqual(a.logger.revealCount, reveals, 'the log is not revealed unless the user asks');
    assert.match(logSince(a, mark), /\[error\] \nMove Secret to Secret Storage\n/);
  });

  it('"Show Log" on the notification reveals the log', async () => {
    const reveals = a.logger.revealCount;
    prompter.click('Move Secret to Secret Storage', 'Show Log');
    await vscode.commands.executeCommand(Commands.moveSecretToSecretStorage, vscode.Uri.file('/nonexistent/msw-manifest-test/a.json'), 0);
    assert.deepStrictEqual(prompter.unusedClicks, []);
    // The click is answered after the command resolved (a notification does not hold it up).
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(a.logger.revealCount, reveals + 1);
  });

  it('a refused command (UserFacingError) shows its message as a warning, and no log', async () => {
    const mark = a.logger.written;
    const reveals = a.logger.revealCount;
    assert.strictEqual(await vscode.commands.executeCommand(Commands.openObject), undefined);
    assert.deepStrictEqual(prompter.notifications, [{ level: 'warn', message: 'Choose an object in the Media Storage view to open.', actions: [] }]);
    assert.strictEqual(a.logger.revealCount, reveals);
    assert.match(logSince(a, mark), /\[warn\] Open Object \(Read-Only\): Choose an object/);
  });

  it('a cancelled command (CancellationError, AbortError) shows nothing', async () => {
    const reveals = a.logger.revealCount;
    const mark = a.logger.written;
    const abort = Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' });
    for (const [id, thrown] of [
      ['mediaStorage.test.cancelled', new vscode.CancellationError()],
      ['mediaStorage.test.aborted', abort],
    ] as const) {
      await withCommand(
        id,
        () => Promise.reject(thrown),
        async () => {
          assert.strictEqual(await vscode.commands.executeCommand(id), undefined);
        },
      );
    }
    assert.deepStrictEqual(prompter.notifications, [], prompter.describe());
    assert.strictEqual(a.logger.revealCount, reveals);
    assert.doesNotMatch(logSince(a, mark), /\[error\]/);
  });

  it('hands the arguments to the handler, resolves to nothing, and reports what it throws once', async () => {
    const seen: unknown[][] = [];
    await withCommand(
      'mediaStorage.test.args',
      (...args: unknown[]) => {
        seen.push(args);
      },
      async () => {
        assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.test.args', 1, 2), undefined);
      },
    );
    assert.deepStrictEqual(seen, [[1, 2]]);
    // Commands hand no values to their callers (tests observe what the user sees): a handler that
    // returns one anyway, past the type, is not passed through.
    const returnsValue = (() => 'a value') as unknown as () => void;
    await withCommand('mediaStorage.test.result', returnsValue, async () => {
      assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.test.result'), undefined);
    });
    await withCommand(
      'mediaStorage.test.throws',
      () => {
        throw new Error('synchronous failure');
      },
      async () => {
        assert.strictEqual(await vscode.commands.executeCommand('mediaStorage.test.throws'), undefined);
      },
    );
    assert.strictEqual(prompter.notifications.length, 1, prompter.describe());
    assert.strictEqual(prompter.notifications[0].level, 'error');
    assert.match(prompter.notifications[0].message, /^mediaStorage\.test\.throws: .*synchronous failure/);
  });
});
