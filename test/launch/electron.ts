// Launcher B (npm run test:electron): the same tier-2 tests module under desktop VS Code through
// @vscode/test-electron. Uses VSCODE_EXECUTABLE when set; otherwise test-electron downloads a
// VS Code build, which fails on machines that reach only npm and Debian (use launcher A there).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { resultsFileFor, printSummary, runLauncher, writeLauncherFailure } from './browser';
import { REPO_ROOT } from './codeServer';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const TESTS_MODULE = path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js');
// The version the project targets (engines.vscode ^1.100.0) and tier 2 runs under code-server.
const VSCODE_VERSION = process.env.MSW_VSCODE_VERSION ?? '1.100.3';

void runLauncher('test:electron', async (onCleanup) => {
  const tier = 'electron';
  const resultsFile = resultsFileFor(tier);
  fs.rmSync(resultsFile, { force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-electron-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const executable = process.env.VSCODE_EXECUTABLE;
  try {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing; run npm run build');
    if (executable && !fs.existsSync(executable)) throw new Error(`VSCODE_EXECUTABLE=${executable} does not exist`);
    console.log(
      executable
        ? `[test:electron] VS Code from VSCODE_EXECUTABLE=${executable}`
        : `[test:electron] VSCODE_EXECUTABLE not set; @vscode/test-electron will download VS Code ${VSCODE_VERSION}`,
    );
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: VSCODE_VERSION, cachePath: path.join(REPO_ROOT, '.vscode-test') }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_MODULE,
      extensionTestsEnv: { MSW_RESULTS_FILE: resultsFile, MSW_TIER: tier, MSW_TEST_MODE: 'development' },
      launchArgs: [
        WORKSPACE,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(tmp, 'user-data'),
        '--extensions-dir',
        path.join(tmp, 'extensions'),
      ],
    });
  } catch (err) {
    // A non-zero exit after the tests ran is already in the results file; anything else
    // (no VS Code, a failed download, a crash at start) is recorded here.
    if (!fs.existsSync(resultsFile)) {
      const hint = executable
        ? ''
        : ' (no VS Code could be downloaded: set VSCODE_EXECUTABLE to a desktop VS Code, or run npm run test:host, which uses code-server)';
      writeLauncherFailure(resultsFile, tier, 'launcher electron', new Error(`${err instanceof Error ? err.message : String(err)}${hint}`));
    }
  }
  const summary = printSummary(resultsFile);
  return summary.failed > 0 || summary.passed === 0 ? 1 : 0;
});
