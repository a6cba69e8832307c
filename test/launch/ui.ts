// Tier 3 (npm run test:ui): what a user sees. Opens the extension in code-server's workbench in
// headless Chromium, clicks the Media Storage activity-bar icon and checks that the view renders
// (its title, and its welcome content or tree), then saves a screenshot.
//   node out/test/launch/ui.js               extension loaded in development mode
//   node out/test/launch/ui.js --vsix FILE   the packaged extension installed from FILE
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { TierSummary, writeSummary } from '../support/reporter';
import { ARTIFACTS_DIR, resultsFileFor, launchChromium, printSummary, runLauncher, writeLauncherFailure } from './browser';
import { REPO_ROOT, startCodeServer } from './codeServer';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const SCREENSHOT = path.join(ARTIFACTS_DIR, 'ui-media-storage.png');
const VIEW_TITLE = 'Media Storage';
const UI_TIMEOUT_MS = 30_000;

interface Manifest {
  contributes?: { viewsWelcome?: { view: string; contents: string }[] };
}

/** The first plain sentence of the explorer's welcome content, as package.json declares it. */
function expectedWelcomeText(): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const welcome = manifest.contributes?.viewsWelcome?.find((w) => w.view === 'mediaStorage.explorer');
  // Links render as buttons, so compare with the first line that is not a [label](command:...) link.
  return welcome?.contents.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('['));
}

type Check = { title: string; run: (page: Page) => Promise<void> };

const CHECKS: Check[] = [
  {
    title: 'the workbench loads with the Media Storage activity-bar icon',
    run: async (page) => {
      await visible(page.locator('.monaco-workbench .part.activitybar'), 'the workbench activity bar', 60_000);
      await visible(activityBarIcon(page), `a "${VIEW_TITLE}" icon in the activity bar`);
    },
  },
  {
    title: 'clicking the icon shows the Media Storage side bar',
    run: async (page) => {
      await activityBarIcon(page).click();
      const title = page.locator('.part.sidebar .composite.title .title-label h2');
      await visible(title, 'a side bar title after clicking the icon');
      const text = (await title.textContent())?.trim() ?? '';
      if (!text.toLowerCase().startsWith(VIEW_TITLE.toLowerCase())) {
        throw new Error(`side bar title is "${text}", expected "${VIEW_TITLE}"`);
      }
    },
  },
  {
    title: 'the explorer view renders its welcome content or its tree',
    run: async (page) => {
      const sidebar = page.locator('.part.sidebar');
      const welcome = sidebar.locator('.welcome-view-content');
      const rows = sidebar.locator('.monaco-list-row');
      await visible(welcome.or(rows.first()).first(), 'welcome content or tree rows in the side bar');
      if (await rows.count() > 0) return;
      const expected = expectedWelcomeText();
      const shown = (await welcome.innerText()).replace(/\s+/g, ' ');
      if (expected && !shown.includes(expected)) {
        throw new Error(`welcome view shows "${shown.slice(0, 200)}", expected it to contain "${expected}"`);
      }
      if (!expected && shown.trim() === '') throw new Error('the welcome view is empty');
    },
  },
];

/** Waits for `locator` to show; the error names what a user would have missed, not a selector. */
async function visible(locator: Locator, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`no ${what} within ${timeout / 1000}s`);
  }
}

function activityBarIcon(page: Page) {
  // The label may carry a keybinding suffix, hence the prefix match.
  return page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${VIEW_TITLE}"]`);
}

function parseVsix(argv: string[]): string | undefined {
  const i = argv.indexOf('--vsix');
  if (i === -1) return undefined;
  const vsix = argv[i + 1];
  if (!vsix || vsix.startsWith('--')) throw new Error('--vsix needs the path of a .vsix file');
  return path.resolve(vsix);
}

void runLauncher('test:ui', async (onCleanup) => {
  const tier = 'ui';
  const resultsFile = resultsFileFor(tier);
  fs.rmSync(resultsFile, { force: true });
  fs.rmSync(SCREENSHOT, { force: true });
  const summary: TierSummary = { tier, passed: 0, failed: 0, pending: 0, failures: [] };
  try {
    const vsix = parseVsix(process.argv.slice(2));
    if (!vsix && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing; run npm run build');
    const server = await startCodeServer({ installVsix: vsix, logFile: path.join(ARTIFACTS_DIR, 'code-server-ui.log') });
    onCleanup(() => server.stop());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    const payload: [string, string][] = vsix ? [] : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${REPO_ROOT}`]];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    for (const [i, check] of CHECKS.entries()) {
      try {
        await check.run(page);
        summary.passed++;
        console.log(`  ✔ ${check.title}`);
      } catch (err) {
        summary.failed++;
        summary.failures.push({ title: check.title, error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
        console.log(`  ✖ ${check.title}`);
        // Later checks build on this one; count them as not run rather than as more failures.
        summary.pending += CHECKS.length - i - 1;
        break;
      }
    }
    // Taken after a failure too: the picture is the quickest way to see what went wrong.
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`  screenshot: ${path.relative(REPO_ROOT, SCREENSHOT)}`);
    writeSummary(resultsFile, summary);
  } catch (err) {
    writeLauncherFailure(resultsFile, tier, 'launcher ui', err);
  }
  const result = printSummary(resultsFile);
  return result.failed > 0 || result.passed === 0 ? 1 : 0;
});
