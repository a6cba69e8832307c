// Tier 3 (npm run test:ui): what a user sees. Opens the extension in code-server's workbench in
// headless Chromium, clicks the Media Storage activity-bar icon and checks that the view renders
// (its title, and its welcome content or tree), then saves a screenshot.
//   node out/test/launch/ui.js               extension loaded in development mode
//   node out/test/launch/ui.js --vsix FILE   the packaged extension installed from FILE
//   --code-server oldest|newest|VERSION      which release (default MSW_CODE_SERVER_VERSION, else
//        oldest = code-server 4.100.3, VS Code 1.100.3); see scripts/install-code-server.sh
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { writeSummary } from '../support/reporter';
import type { TierSummary } from '../support/reporter';
import { ARTIFACTS_DIR, resultsFileFor, launchChromium, printSummary, runLauncher, writeLauncherFailure } from './browser';
import { artifactSuffix, codeServerInstall, describeInstall, REPO_ROOT, startCodeServer } from './codeServer';
import { startS3rver } from '../s3/servers';
import { prepareDemoWorkspace } from './uiDemo';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
// Runs on a release other than the default one add "-vscode-<version>" before the extension.
const SCREENSHOT = 'ui-media-storage';
const DEMO_SCREENSHOT = 'ui-demo-tree';
const VIEW_TITLE = 'Media Storage';
const UI_TIMEOUT_MS = 30_000;

interface Manifest {
  contributes?: { viewsWelcome?: { view: string; contents: string }[] };
}

/** The first plain sentence of the explorer's welcome content, as package.json declares it (through package.nls.json). */
function expectedWelcomeText(): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const nls = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const welcome = manifest.contributes?.viewsWelcome?.find((w) => w.view === 'mediaStorage.explorer');
  const key = /^%(.+)%$/.exec(welcome?.contents ?? '')?.[1];
  const contents = key === undefined ? welcome?.contents : nls[key];
  // Links render as buttons, so compare with the first line that is not a [label](command:...) link.
  return contents
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('['));
}

type Check = { title: string; run: (page: Page) => Promise<void> };

/** A tree row by its exact label, as the user reads it (aria-labels carry tooltips instead). */
function treeRow(page: Page, label: string): Locator {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
}

/** Expands a collapsed row by clicking it, then waits for a child row to show. */
async function expand(page: Page, label: string, child: string): Promise<void> {
  const row = treeRow(page, label);
  await visible(row, `a "${label}" row in the Media Storage tree`);
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await visible(treeRow(page, child), `"${child}" under "${label}" after expanding it`);
}

// The demo workspace (the registry `npm start` writes, against s3rver with the demo media):
// what a user sees on first opening it.
const DEMO_CHECKS: Check[] = [
  {
    title: 'the demo workspace lists its input and output under Inputs and Outputs',
    run: async (page) => {
      await activityBarIcon(page).click();
      await visible(treeRow(page, 'Inputs'), 'the Inputs group', 60_000);
      await visible(treeRow(page, 'demo-input'), 'the demo-input location');
      await visible(treeRow(page, 'demo-output'), 'the demo-output location');
    },
  },
  {
    title: 'expanding the input asks once to let the workspace connection use the demo profile, then shows its source objects',
    run: async (page) => {
      const row = treeRow(page, 'demo-input');
      await visible(row, 'the demo-input location');
      await row.click();
      // The demo's connection is defined in the workspace and names an AWS profile: the user is
      // asked, once, before anything is sent with it.
      const dialog = page.locator('.monaco-dialog-box');
      await visible(dialog.getByText("The workspace connection 'demo' wants to use your AWS profile", { exact: false }), 'the credential consent question');
      await dialog.getByRole('button', { name: 'Allow', exact: true }).click();
      await expand(page, 'demo-input', 'big-buck-bunny.mp4');
      await visible(treeRow(page, 'audio'), 'the audio/ folder of the input');
    },
  },
  {
    title: 'expanding the output down to the HLS set shows the manifests',
    run: async (page) => {
      await expand(page, 'demo-output', 'big-buck-bunny');
      await expand(page, 'big-buck-bunny', 'hls');
      await expand(page, 'hls', 'master.m3u8');
    },
  },
];

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
      if ((await rows.count()) > 0) return;
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

async function runChecks(page: Page, checks: Check[], summary: TierSummary, screenshot: string): Promise<void> {
  for (const [i, check] of checks.entries()) {
    try {
      await check.run(page);
      summary.passed++;
      console.log(`  ✔ ${check.title}`);
    } catch (err) {
      summary.failed++;
      summary.failures.push({ title: check.title, error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      console.log(`  ✖ ${check.title}`);
      // Later checks build on this one; count them as not run rather than as more failures.
      summary.pending += checks.length - i - 1;
      break;
    }
  }
  // Taken after a failure too: the picture is the quickest way to see what went wrong.
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`  screenshot: ${path.relative(REPO_ROOT, screenshot)}`);
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
  const summary: TierSummary = { tier, passed: 0, failed: 0, pending: 0, failures: [] };
  try {
    const vsix = parseVsix(process.argv.slice(2));
    const install = await codeServerInstall();
    // First line of the results: which VS Code this run is about.
    console.log(`[test:ui] ui tier on ${describeInstall(install)}`);
    summary.info = { vscodeVersion: install.vscodeVersion, codeServerVersion: install.codeServerVersion };
    const suffix = artifactSuffix(install);
    const screenshot = path.join(ARTIFACTS_DIR, `${SCREENSHOT}${suffix}.png`);
    const demoScreenshot = path.join(ARTIFACTS_DIR, `${DEMO_SCREENSHOT}${suffix}.png`);
    fs.rmSync(screenshot, { force: true });
    fs.rmSync(demoScreenshot, { force: true });
    if (!vsix && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing; run npm run build');
    const s3 = await startS3rver();
    onCleanup(() => s3.stop());
    const demo = await prepareDemoWorkspace(s3);
    onCleanup(() => demo.remove());
    const server = await startCodeServer({ install, installVsix: vsix, logFile: path.join(ARTIFACTS_DIR, `code-server-ui${suffix}.log`), env: demo.env });
    onCleanup(() => server.stop());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    const payload: [string, string][] = vsix ? [] : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${REPO_ROOT}`]];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    await runChecks(page, CHECKS, summary, screenshot);

    await page.goto(`${server.url}/?folder=${encodeURIComponent(demo.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await runChecks(page, DEMO_CHECKS, summary, demoScreenshot);
    writeSummary(resultsFile, summary);
  } catch (err) {
    const failure = writeLauncherFailure(resultsFile, tier, 'launcher ui', err);
    if (summary.info) writeSummary(resultsFile, { ...failure, info: summary.info });
  }
  const result = printSummary(resultsFile);
  return result.failed > 0 || result.passed === 0 ? 1 : 0;
});
