// Tier 3 (npm run test:ui): what a user sees. Opens the extension in code-server's workbench in
// headless Chromium and works it as a user would, in three phases: the fixture workspace (the
// Media Storage icon, its view and welcome content), the demo workspace on s3rver (its tree down to
// the HLS manifests), and a fresh workspace against the Ceph gateway for the everyday operations
// (uiStorage.ts: the Add Connection wizard with keys, Rename, Edit Metadata, Load More, Delete of a
// 1,500-object folder, Go to S3 URI) and the README's pictures of a validated policy and a decoded
// error. Each check that shows something saves test-artifacts/ui-<name>.png once it passes.
//   node out/test/launch/ui.js               extension loaded in development mode
//   node out/test/launch/ui.js --vsix FILE   the packaged extension installed from FILE
//   --code-server oldest|newest|VERSION      which release (default MSW_CODE_SERVER_VERSION, else
//        oldest = code-server 4.100.3, VS Code 1.100.3); see scripts/install-code-server.sh
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { writeSummary } from '../support/reporter';
import type { TierSummary } from '../support/reporter';
import { ARTIFACTS_DIR, resultsFileFor, launchChromium, printSummary, runLauncher, writeLauncherFailure } from './browser';
import { artifactSuffix, codeServerInstall, describeInstall, REPO_ROOT, startCodeServer } from './codeServer';
import { startCeph, startS3rver } from '../s3/servers';
import { prepareDemoWorkspace } from './uiDemo';
import { NotRunnable, prepareStorageWorkspace, storageChecks } from './uiStorage';
import { activityBarIcon, expand, treeRow, visible, VIEW_TITLE, type Check } from './uiWorkbench';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
// Runs on a release other than the default one add "-vscode-<version>" before the extension.
const SCREENSHOT = 'ui-media-storage';
const DEMO_SCREENSHOT = 'ui-demo-tree';
const STORAGE_SCREENSHOT = 'ui-storage';

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

/**
 * Runs `checks` in order; a check that fails ends the phase (later ones build on it and count as
 * not run). A check with a `screenshot` saves ui-<name><suffix>.png once it passes; the phase's
 * own screenshot is taken at its end, after a failure too (the quickest way to see what went wrong).
 */
async function runChecks(page: Page, checks: Check[], summary: TierSummary, screenshot: string, suffix: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const [i, check] of checks.entries()) {
    const started = Date.now();
    try {
      await check.run(page);
      if (check.screenshot) await snap(page, check.screenshot, suffix);
      summary.passed++;
      console.log(`  ✔ ${check.title} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    } catch (err) {
      if (err instanceof NotRunnable) {
        summary.pending++;
        console.log(`  - ${check.title} (not run: ${err.message})`);
        continue;
      }
      summary.failed++;
      summary.failures.push({ title: check.title, error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      console.log(`  ✖ ${check.title}`);
      summary.pending += checks.length - i - 1;
      break;
    }
  }
  await page.screenshot({ path: screenshot });
  console.log(`  screenshot: ${path.relative(REPO_ROOT, screenshot)}`);
}

async function snap(page: Page, name: string, suffix: string): Promise<void> {
  const file = path.join(ARTIFACTS_DIR, `ui-${name}${suffix}.png`);
  await page.screenshot({ path: file });
  console.log(`    screenshot: ${path.relative(REPO_ROOT, file)}`);
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
    const storageScreenshot = path.join(ARTIFACTS_DIR, `${STORAGE_SCREENSHOT}${suffix}.png`);
    // Pictures of an earlier run must not pass for this one's.
    if (fs.existsSync(ARTIFACTS_DIR)) {
      for (const f of fs.readdirSync(ARTIFACTS_DIR)) {
        if (f.startsWith('ui-') && f.endsWith(`${suffix}.png`) && (suffix || !f.includes('-vscode-'))) fs.rmSync(path.join(ARTIFACTS_DIR, f));
      }
    }
    if (!vsix && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing; run npm run build');
    const s3 = await startS3rver();
    onCleanup(() => s3.stop());
    const demo = await prepareDemoWorkspace(s3);
    onCleanup(() => demo.remove());
    // The everyday operations run against the Ceph gateway (signature checks, real paging). A
    // machine without it fails the run, with the packages to install: this tier does not skip it.
    // It starts and is seeded while the first phases run.
    const storageReady = (async () => {
      const started = Date.now();
      const ceph = await startCeph();
      onCleanup(() => ceph.stop());
      const storage = await prepareStorageWorkspace(ceph);
      onCleanup(() => storage.remove());
      console.log(`[test:ui] Ceph gateway at ${ceph.endpoint}, started and seeded in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return { ceph, storage };
    })();
    // Awaited below; until then a failure must not count as unhandled.
    storageReady.catch(() => undefined);
    const server = await startCodeServer({
      install,
      installVsix: vsix,
      logFile: path.join(ARTIFACTS_DIR, `code-server-ui${suffix}.log`),
      env: demo.env,
      // The test servers' ports would each raise a "port forwarded" notification over the pictures.
      settings: { 'remote.autoForwardPorts': false },
    });
    onCleanup(() => server.stop());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    const payload: [string, string][] = vsix ? [] : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${REPO_ROOT}`]];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    await runChecks(page, CHECKS, summary, screenshot, suffix);

    await page.goto(`${server.url}/?folder=${encodeURIComponent(demo.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await runChecks(page, DEMO_CHECKS, summary, demoScreenshot, suffix);

    const { ceph, storage } = await storageReady;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(storage.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    // Newer VS Code in smoke-test-driver mode shows no notification toasts (see codeServer.ts).
    const toasts = install.developmentArgs.length === 0;
    const checks = storageChecks(
      ceph,
      () => storage,
      toasts,
      (p, name) => snap(p, name, suffix),
    );
    await runChecks(page, checks, summary, storageScreenshot, suffix);
    writeSummary(resultsFile, summary);
  } catch (err) {
    const failure = writeLauncherFailure(resultsFile, tier, 'launcher ui', err);
    if (summary.info) writeSummary(resultsFile, { ...failure, info: summary.info });
  }
  const result = printSummary(resultsFile);
  return result.failed > 0 || result.passed === 0 ? 1 : 0;
});
