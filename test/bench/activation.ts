// Activation inside the real extension host: code-server + headless Chromium (the tier-2 test
// launcher's parts), one workbench page per run, each page a fresh extension host.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { launchChromium } from '../launch/browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../launch/codeServer';
import { median } from './stats';
import type { ActivationSample } from './activationHost';

export interface ActivationFigures {
  samples: ActivationSample[];
  medianActivateMs: number;
  medianLoadMs: number;
  sdkLoadedOnActivation: boolean;
  mainBundleBytes: number;
  sdkBundleBytes: number;
  vscodeVersion?: string;
}

const RUN_TIMEOUT_MS = 120_000;

export async function activationFigures(runs: number, log: (l: string) => void): Promise<ActivationFigures> {
  // A snapshot of the built extension: other work in this tree may rebuild dist/ mid-run.
  const extension = mkdtempSync(join(tmpdir(), 'msw-bench-ext-'));
  for (const part of ['package.json', 'dist', 'media', 'schemas']) {
    if (existsSync(join(REPO_ROOT, part))) cpSync(join(REPO_ROOT, part), join(extension, part), { recursive: true });
  }
  const mainBundle = join(extension, 'dist', 'extension.js');
  const sdkBundle = join(extension, 'dist', 'deps.js');
  const figures: ActivationFigures = {
    samples: [],
    medianActivateMs: Number.NaN,
    medianLoadMs: Number.NaN,
    sdkLoadedOnActivation: false,
    mainBundleBytes: existsSync(mainBundle) ? statSync(mainBundle).size : Number.NaN,
    sdkBundleBytes: existsSync(sdkBundle) ? statSync(sdkBundle).size : Number.NaN,
  };
  // Empty, so that nothing (workspaceContains:.vscode/media-storage.json) activates us first.
  const workspace = mkdtempSync(join(tmpdir(), 'msw-bench-ws-'));
  const resultDir = mkdtempSync(join(tmpdir(), 'msw-bench-act-'));
  const resultFile = join(resultDir, 'sample.json');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    server = await startCodeServer({ env: { MSW_BENCH_RESULT: resultFile } });
    browser = await launchChromium();
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(join(__dirname, 'activationHost.js'))],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    for (let i = 0; i < runs; i++) {
      rmSync(resultFile, { force: true });
      const page = await browser.newPage();
      try {
        await page.goto(url);
        const deadline = Date.now() + RUN_TIMEOUT_MS;
        while (!existsSync(resultFile)) {
          if (Date.now() > deadline) throw new Error(`no activation sample after ${RUN_TIMEOUT_MS / 1000}s; code-server log:\n${server.logTail(20)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        const sample = JSON.parse(readFileSync(resultFile, 'utf8')) as ActivationSample;
        figures.samples.push(sample);
        log(
          `  activation ${i + 1}/${runs}: ${sample.error ? `FAILED ${sample.error}` : `${sample.activateMs.toFixed(1)} ms (require ${sample.loadMs?.toFixed(1) ?? '?'} ms)${sample.alreadyActive ? ' (was already active: not a first activation)' : ''}, SDK loaded: ${sample.sdkLoaded}`}`,
        );
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
    rmSync(resultDir, { recursive: true, force: true });
  }
  const valid = figures.samples.filter((s) => !s.error && !s.alreadyActive);
  figures.medianActivateMs = median(valid.map((s) => s.activateMs));
  figures.medianLoadMs = median(valid.flatMap((s) => (s.loadMs === undefined ? [] : [s.loadMs])));
  figures.sdkLoadedOnActivation = figures.samples.some((s) => s.sdkLoaded);
  figures.vscodeVersion = figures.samples[0]?.vscodeVersion;
  return figures;
}
