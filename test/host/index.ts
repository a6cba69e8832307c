// Tests module for tier 2: the extension host loads this file (extensionTestsPath) and awaits
// run(), under code-server (launcher A) or desktop VS Code via @vscode/test-electron (launcher B).
// The launcher lives in another process and cannot see mocha's results, so the reporter writes
// them to a JSON file named by MSW_RESULTS_FILE. That variable is set on the code-server (or
// VS Code) process and reaches this extension host by inheritance; if it is missing we fail loudly
// rather than guess a path the launcher is not watching.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import Mocha = require('mocha');
import SummaryReporter, { describeError, summaryInfo, writeSummary } from '../support/reporter';

/** Which tests to run: all of them, or only the ones about a packaged (.vsix) install. */
export type HostTestMode = 'development' | 'vsix';

export async function run(): Promise<void> {
  const output = process.env.MSW_RESULTS_FILE;
  const tier = process.env.MSW_TIER ?? 'host';
  const mode: HostTestMode = process.env.MSW_TEST_MODE === 'vsix' ? 'vsix' : 'development';
  if (!output) {
    throw new Error('MSW_RESULTS_FILE is not set in the extension host; start it through test/launch/*.ts');
  }

  summaryInfo.vscodeVersion = vscode.version;
  summaryInfo.remoteName = vscode.env.remoteName ?? '(local)';
  summaryInfo.appName = vscode.env.appName;
  summaryInfo.mode = mode;
  console.log(`[host tests] vscode.version=${vscode.version} remoteName=${summaryInfo.remoteName} mode=${mode}`);

  const root = mode === 'vsix' ? path.join(__dirname, 'installed') : __dirname;
  const files = mode === 'vsix' ? testFilesIn(root, false) : testFilesIn(root, true);
  if (files.length === 0) {
    // An empty run would report "0 failed" and look green.
    writeSummary(output, { tier, passed: 0, failed: 1, pending: 0, info: { ...summaryInfo },
      failures: [{ title: 'host test discovery', error: `no *.test.js under ${root}` }] });
    throw new Error(`no host tests found under ${root}`);
  }

  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: true,
    reporter: SummaryReporter,
    reporterOptions: { output, tier },
  });
  files.forEach((f) => mocha.addFile(f));

  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (err) {
    // A test file that throws while loading never reaches the reporter; record it so the
    // launcher reports the cause instead of waiting for a file that will not come.
    writeSummary(output, { tier, passed: 0, failed: 1, pending: 0, info: { ...summaryInfo },
      failures: [{ title: 'loading host tests', error: describeError(err) }] });
    throw err;
  }
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}

function testFilesIn(dir: string, recursive: boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && recursive) found.push(...testFilesIn(full, true));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}
