// Pieces shared by the launchers that drive code-server's web workbench in headless Chromium:
// starting the browser, cleaning up on every exit path, and the results-file conventions.
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { readSummary, writeSummary } from '../support/reporter';
import type { TierSummary } from '../support/reporter';
import { REPO_ROOT } from './codeServer';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.MSW_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath} (apt-get install chromium, or set MSW_CHROMIUM)`);
  }
  // Signals are handled by runLauncher, which also stops code-server; Playwright's own handlers
  // would close the browser first and leave the launcher failing on a dead page.
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

type Cleanup = () => Promise<void> | void;

// Set when a signal stops the run, so the failure it causes (a page closed under the launcher's
// feet) is recorded as the interruption it is.
let interruptedBy: NodeJS.Signals | undefined;

/**
 * Runs `main` so that `cleanups` run exactly once whether it returns, throws, or the process
 * gets SIGINT/SIGTERM (a Ctrl-C must not leave a code-server or Chromium behind). Cleanups run
 * in reverse order of registration. Sets process.exitCode from main's result.
 */
export async function runLauncher(name: string, main: (onCleanup: (fn: Cleanup) => void) => Promise<number>): Promise<void> {
  const cleanups: Cleanup[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          console.error(`[${name}] cleanup failed:`, err);
        }
      }
    })();
    return cleaning;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    interruptedBy = signal;
    console.error(`[${name}] ${signal}: stopping browser and code-server`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    process.exitCode = await main((fn) => cleanups.push(fn));
  } catch (err) {
    console.error(`[${name}] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** test-artifacts/results-<tier>.json, unless the caller (scripts/test-all.mjs) names the file in MSW_RESULTS_FILE. */
export function resultsFileFor(tier: string): string {
  return path.resolve(process.env.MSW_RESULTS_FILE ?? path.join(ARTIFACTS_DIR, `results-${tier}.json`));
}

/** Waits for a results file to appear; throws with `describe()` appended on timeout or early end. */
export async function waitForFile(
  file: string,
  timeoutMs: number,
  stillRunning: () => string | undefined,
  describe: () => string,
  tick?: () => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    tick?.();
    const stopped = stillRunning();
    if (stopped) throw new Error(`${stopped} before the tests wrote their results.\n${describe()}`);
    if (Date.now() > deadline) {
      throw new Error(`no test results after ${Math.round(timeoutMs / 1000)}s (MSW_HOST_TIMEOUT_MS).\n${describe()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Prints what has been appended to `file` since the last call (the host tests' console). */
export function followFile(file: string): () => void {
  let offset = 0;
  return () => {
    if (!fs.existsSync(file)) return;
    const size = fs.statSync(file).size;
    if (size <= offset) return;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    offset = size;
    process.stdout.write(buf);
  };
}

/** Records a run that never produced mocha results (a launcher failure) as one failed test. */
export function writeLauncherFailure(file: string, tier: string, title: string, err: unknown): TierSummary {
  const summary: TierSummary = {
    tier,
    passed: 0,
    failed: 1,
    pending: 0,
    failures: [
      {
        title,
        error: `${interruptedBy ? `interrupted by ${interruptedBy}: ` : ''}${err instanceof Error ? err.message : String(err)}`,
      },
    ],
  };
  writeSummary(file, summary);
  return summary;
}

export function printSummary(file: string): TierSummary {
  const summary = readSummary(file);
  const info = summary.info
    ? Object.entries(summary.info)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '';
  console.log(`\n[${summary.tier}] ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} pending${info ? `  (${info})` : ''}`);
  for (const f of summary.failures) console.log(`  FAILED ${f.title}\n    ${f.error.replace(/\n/g, '\n    ')}`);
  console.log(`  results: ${path.relative(REPO_ROOT, file)}`);
  return summary;
}
