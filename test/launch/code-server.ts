// Launcher A (npm run test:host): runs the tier-2 tests module inside the extension host of a
// real VS Code (code-server), driven by headless Chromium.
//   node out/test/launch/code-server.js               development mode, out/test/host/**/*.test.js
//   node out/test/launch/code-server.js --vsix FILE   installs FILE, runs out/test/host/installed/
//   node out/test/launch/code-server.js --untrusted   workspace trust on, a fresh folder the user
//        declines to trust at the startup prompt (restricted mode), runs out/test/host/untrusted/
//   --code-server oldest|newest|VERSION   which release (default MSW_CODE_SERVER_VERSION, else
//        oldest = code-server 4.100.3, VS Code 1.100.3); see scripts/install-code-server.sh
// The workbench takes development options from the `payload` query parameter, which is how
// @vscode/test-electron's extensionDevelopmentPath/extensionTestsPath reach a web workbench.
// Results come back through a JSON file (see test/host/index.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ARTIFACTS_DIR, resultsFileFor, followFile, launchChromium, printSummary, runLauncher, waitForFile, writeLauncherFailure } from './browser';
import type { Page } from 'playwright-core';
import { artifactSuffix, codeServerInstall, describeInstall, REPO_ROOT, startCodeServer } from './codeServer';
import type { CodeServerInstall } from './codeServer';
import { readSummary, writeSummary } from '../support/reporter';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const TESTS_MODULE = path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js');
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
// code-server ends the tests' extension host when run() settles, whether or not it succeeded
// (the exit code is 0 either way), so this line means "no results are coming".
const HOST_EXITED = 'Extension Host Process exited';
const HOST_EXIT_GRACE_MS = 3000;
// run() creates the host log first thing; without it by then, the tests module never started.
const TESTS_START_TIMEOUT_MS = 90_000;

// The button of the startup trust prompt that keeps the folder in restricted mode.
// Not anchored: the button's accessible name also holds its detail line ("Browse folder in restricted mode").
const DECLINE_TRUST = /No, I don't trust the authors/;
// code-server 4.100.3 opened the folder straight in restricted mode with no prompt (page focused),
// so this is how long a run waits for a prompt that may never come before the tests go on.
const TRUST_PROMPT_TIMEOUT_MS = Number(process.env.MSW_TRUST_PROMPT_TIMEOUT_MS) || 20_000;

function parseArgs(argv: string[]): { vsix?: string; untrusted: boolean } {
  const untrusted = argv.includes('--untrusted');
  const i = argv.indexOf('--vsix');
  if (i === -1) return { untrusted };
  if (untrusted) throw new Error('--vsix and --untrusted are separate runs');
  const vsix = argv[i + 1];
  if (!vsix || vsix.startsWith('--')) throw new Error('--vsix needs the path of a .vsix file');
  return { vsix: path.resolve(vsix), untrusted };
}

void runLauncher('test:host', async (onCleanup) => {
  const { vsix, untrusted } = parseArgs(process.argv.slice(2));
  const tier = vsix ? 'vsix' : untrusted ? 'untrusted' : 'host';
  const resultsFile = resultsFileFor(tier);
  fs.rmSync(resultsFile, { force: true });
  let install: CodeServerInstall;
  try {
    install = await codeServerInstall();
  } catch (err) {
    writeLauncherFailure(resultsFile, tier, `launcher ${tier}: installing code-server`, err);
    printSummary(resultsFile);
    return 1;
  }
  // First line of the results: which VS Code this run is about.
  console.log(`[test:host] ${tier} tier on ${describeInstall(install)}`);
  const suffix = artifactSuffix(install);
  const serverLog = path.join(ARTIFACTS_DIR, `code-server-${tier}${suffix}.log`);
  // The host writes into a folder of this run's own: several people run tests in one tree at
  // once, and another run's results in test-artifacts/ must not be taken for this one's.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `msw-${tier}-run-`));
  onCleanup(() => fs.rmSync(runDir, { recursive: true, force: true }));
  const hostResults = path.join(runDir, 'results.json');
  const hostLog = path.join(runDir, 'host.log');
  // The tests wait for this file to know the user has answered the trust prompt (see below).
  const trustPromptFile = path.join(runDir, 'trust-prompt.txt');
  // A folder of this run's own: never trusted before, and the tests write its registry freely.
  const workspace = untrusted ? fs.mkdtempSync(path.join(os.tmpdir(), 'msw-untrusted-ws-')) : WORKSPACE;
  if (untrusted) onCleanup(() => fs.rmSync(workspace, { recursive: true, force: true }));
  const timeoutMs = Number(process.env.MSW_HOST_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;

  try {
    if (!fs.existsSync(TESTS_MODULE)) throw new Error(`${TESTS_MODULE} is missing; run npm run compile-tests`);
    if (!vsix && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
      throw new Error('dist/extension.js is missing; run npm run build');
    }

    const started = Date.now();
    const server = await startCodeServer({
      install,
      installVsix: vsix,
      logFile: serverLog,
      // Inherited by the remote extension host, where the tests module reads them.
      env: {
        MSW_RESULTS_FILE: hostResults,
        MSW_HOST_LOG: hostLog,
        MSW_TIER: tier,
        MSW_TEST_MODE: vsix ? 'vsix' : untrusted ? 'untrusted' : 'development',
        ...(untrusted ? { MSW_TRUST_PROMPT_FILE: trustPromptFile } : {}),
      },
      workspaceTrust: untrusted,
    });
    onCleanup(() => server.stop());
    const serverUp = Date.now();
    console.log(`[test:host] code-server ${server.url} up in ${seconds(serverUp - started)}`);

    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage();
    // Errors the workbench logs (an extension host that failed to start, a tests module that
    // threw before mocha ran) are shown if no results arrive.
    const pageErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text().replace(/%c\s*ERR color: #\w+ /, ''));
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    let pageClosed = false;
    page.on('close', () => {
      pageClosed = true;
    });

    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    // The workbench runs extensionTestsPath only in extension-development mode, so a .vsix run
    // develops an empty stub extension instead of the repository.
    const developed = vsix ? stubExtension(onCleanup) : REPO_ROOT;
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remote(developed)],
      ['extensionTestsPath', remote(TESTS_MODULE)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const opened = Date.now();
    if (untrusted) void declineTrust(page, trustPromptFile, suffix);

    let hostExitedAt: number | undefined;
    const printHostOutput = followFile(hostLog);
    await waitForFile(
      hostResults,
      timeoutMs,
      () => {
        if (pageClosed) return 'the workbench page closed';
        if (!fs.existsSync(hostLog) && Date.now() - opened > TESTS_START_TIMEOUT_MS) {
          return `the tests module did not start within ${TESTS_START_TIMEOUT_MS / 1000}s of opening the workbench`;
        }
        if (hostExitedAt === undefined && server.logIncludes(HOST_EXITED)) hostExitedAt = Date.now();
        return hostExitedAt !== undefined && Date.now() - hostExitedAt > HOST_EXIT_GRACE_MS ? 'the extension host exited' : undefined;
      },
      () =>
        [
          `workbench errors (last 10):\n${pageErrors.slice(-10).join('\n') || '(none)'}`,
          `code-server log (${path.relative(REPO_ROOT, serverLog)}), last lines:\n${server.logTail(30)}`,
        ].join('\n'),
      printHostOutput,
    );
    printHostOutput();
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.copyFileSync(hostResults, resultsFile);
    fs.copyFileSync(hostLog, path.join(ARTIFACTS_DIR, `host-${tier}${suffix}.log`));
    console.log(`[test:host] tests finished ${seconds(Date.now() - serverUp)} after the server was up`);
  } catch (err) {
    writeLauncherFailure(resultsFile, tier, `launcher ${tier}`, err);
  }
  // The host tests record vscode.version themselves; a launcher failure has only what we know here.
  const recorded = readSummary(resultsFile);
  recorded.info = { vscodeVersion: install.vscodeVersion, ...recorded.info, codeServerVersion: install.codeServerVersion };
  writeSummary(resultsFile, recorded);
  const summary = printSummary(resultsFile);
  return summary.failed > 0 || summary.passed === 0 ? 1 : 0;
});

/**
 * Answers the workbench's startup trust prompt (a modal dialog) the way a cautious user does,
 * choosing restricted mode, and writes what happened to `file` for the tests: "declined", or
 * why not. Never rejects: the tests report a missing prompt as their failure.
 */
async function declineTrust(page: Page, file: string, suffix: string): Promise<void> {
  let outcome: string;
  try {
    // The workbench asks only once its window has focus, which a headless page has only after
    // a user-like interaction; a click on the empty editor area gives it that and does nothing else.
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: TRUST_PROMPT_TIMEOUT_MS });
    await page.bringToFront();
    await page.locator('.monaco-workbench .part.editor').click();
    const button = page.getByRole('button', { name: DECLINE_TRUST });
    await button.waitFor({ state: 'visible', timeout: TRUST_PROMPT_TIMEOUT_MS });
    const dialog = await page
      .locator('.monaco-dialog-box')
      .innerText()
      .catch(() => '(dialog text unavailable)');
    console.log(`[test:host] trust prompt: ${dialog.replace(/\s+/g, ' ').trim()}`);
    await button.click();
    await button.waitFor({ state: 'hidden', timeout: 10_000 });
    outcome = 'declined';
  } catch (err) {
    // The prompt waits for window focus, so whether the page had it is part of the answer.
    const focused = await page.evaluate(() => document.hasFocus()).catch(() => 'unknown');
    outcome = `not answered (page focused: ${String(focused)}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    // What the workbench showed instead is the first thing to look at.
    const shot = path.join(ARTIFACTS_DIR, `untrusted-trust-prompt${suffix}.png`);
    if (
      await page.screenshot({ path: shot }).then(
        () => true,
        () => false,
      )
    ) {
      outcome += ` (screenshot: ${path.relative(REPO_ROOT, shot)})`;
    }
  }
  console.log(`[test:host] trust prompt ${outcome}`);
  try {
    fs.writeFileSync(file, outcome);
  } catch {
    /* the run is over and its folder gone */
  }
}

/** A do-nothing extension to develop, so that the installed one is what the tests see. */
function stubExtension(onCleanup: (fn: () => void) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-vsix-stub-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'vsix-test-stub',
      publisher: 'media-storage-workbench-tests',
      version: '0.0.0',
      engines: { vscode: '^1.100.0' },
    }),
  );
  return dir;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
