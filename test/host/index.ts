// Tests module for tier 2: the extension host loads this file (extensionTestsPath) and awaits
// run(), under code-server (launcher A) or desktop VS Code via @vscode/test-electron (launcher B).
// The launcher lives in another process and cannot see mocha's results, so the reporter writes
// them to a JSON file named by MSW_RESULTS_FILE. That variable is set on the code-server (or
// VS Code) process and reaches this extension host by inheritance; if it is missing we fail loudly
// rather than guess a path the launcher is not watching.
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import * as vscode from 'vscode';
import MochaRuntime from 'mocha';
import SummaryReporter, { describeError, summaryInfo, writeSummary } from '../support/reporter';

export async function run(): Promise<void> {
  const output = process.env.MSW_RESULTS_FILE;
  if (!output) {
    throw new Error('MSW_RESULTS_FILE is not set in the extension host; start it through test/launch/*.ts');
  }
  const tier = process.env.MSW_TIER ?? 'host';
  const out = teeOutput(process.env.MSW_HOST_LOG);
  try {
    await runMocha(output, tier, out.log);
  } catch (err) {
    // Whatever stopped the run before the reporter wrote its file (a test file that throws while
    // loading, no tests found) is recorded, so the launcher reports the cause instead of waiting.
    if (!fs.existsSync(output)) {
      writeSummary(output, {
        tier,
        passed: 0,
        failed: 1,
        pending: 0,
        info: { ...summaryInfo },
        failures: [{ title: 'running host tests', error: describeError(err) }],
      });
    }
    out.log(`[host tests] ${describeError(err)}`);
    throw err;
  } finally {
    out.restore();
  }
}

async function runMocha(output: string, tier: string, log: (...args: unknown[]) => void): Promise<void> {
  const mode = process.env.MSW_TEST_MODE === 'vsix' || process.env.MSW_TEST_MODE === 'untrusted' ? process.env.MSW_TEST_MODE : 'development';
  summaryInfo.vscodeVersion = vscode.version;
  summaryInfo.remoteName = vscode.env.remoteName ?? '(local)';
  summaryInfo.appName = vscode.env.appName;
  summaryInfo.mode = mode;
  log(`[host tests] vscode.version=${vscode.version} remoteName=${summaryInfo.remoteName} mode=${mode}`);

  // In vsix mode only the tests about the packaged extension apply; the rest need the sources.
  // The untrusted tests need a workspace in restricted mode, which only their own run opens, and
  // they would fail in the trusted fixture workspace of the development run.
  const root = mode === 'vsix' ? path.join(__dirname, 'installed') : mode === 'untrusted' ? path.join(__dirname, 'untrusted') : __dirname;
  // MSW_HOST_FILES=storageTimeouts,storageTree runs only the test files whose names contain one
  // of the words: the machine is shared, and a whole tier takes minutes.
  const only = (process.env.MSW_HOST_FILES ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  const files = testFilesIn(root)
    .filter((f) => mode === 'untrusted' || !f.startsWith(path.join(__dirname, 'untrusted') + path.sep))
    .filter((f) => !only.length || only.some((w) => path.basename(f).includes(w)));
  // An empty run would report "0 failed" and look green.
  if (files.length === 0) throw new Error(`no *.test.js under ${root}${only.length ? ` matching MSW_HOST_FILES=${only.join(',')}` : ''}`);

  const mocha = new MochaRuntime({
    ui: 'bdd',
    timeout: 60_000,
    color: true,
    reporter: SummaryReporter,
    reporterOptions: { output, tier },
  });
  files.forEach((f) => mocha.addFile(f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}

function testFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFilesIn(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/**
 * Copies mocha's output, and this module's own lines, to `file`. The remote extension host's
 * stdout goes nowhere a launcher can read (code-server relays it only to the browser's devtools
 * console, mixed with the workbench's logging), so the launcher tails this file. `console`
 * itself cannot be wrapped: the extension host pins its methods with no-op setters.
 */
function teeOutput(file: string | undefined): { log: (...args: unknown[]) => void; restore: () => void } {
  const base = MochaRuntime.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  if (!file) return { log: (...args) => console.log(...args), restore: () => undefined };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  const log = (...args: unknown[]): void => {
    console.log(...args);
    try {
      fs.writeSync(fd, format(...args) + '\n');
    } catch {
      /* the copy is a convenience */
    }
  };
  base.consoleLog = log;
  return {
    log,
    restore: () => {
      base.consoleLog = original;
      fs.closeSync(fd);
    },
  };
}
