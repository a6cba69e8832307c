// Tests module that the benchmark loads into a real VS Code extension host (code-server) in
// place of the test suite: it times `activate()` of our not-yet-active extension and checks
// that the SDK bundle was not read. The workspace has nothing that triggers activation, so
// this module runs before the extension does. The time includes what the host does for a
// first activation: reading and compiling dist/extension.js, then our activate().
import * as fs from 'fs';
import { sep } from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/commandIds';

export interface ActivationSample {
  activateMs: number;
  /** Part of activateMs spent in require() of dist/extension.js (read and compile). */
  loadMs?: number | undefined;
  alreadyActive: boolean;
  sdkLoaded: boolean;
  mainModuleLoaded: boolean;
  vscodeVersion: string;
  error?: string | undefined;
}

export async function run(): Promise<void> {
  const out = process.env.MSW_BENCH_RESULT;
  if (!out) throw new Error('MSW_BENCH_RESULT is not set; start this through out/test/bench/main.js');
  const sample: ActivationSample = { activateMs: Number.NaN, alreadyActive: false, sdkLoaded: false, mainModuleLoaded: false, vscodeVersion: vscode.version };
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    sample.alreadyActive = ext.isActive;
    const started = performance.now();
    await ext.activate();
    sample.activateMs = performance.now() - started;
    sample.loadMs = codeLoadMs();
    const loaded = Object.keys(require.cache);
    sample.sdkLoaded = loaded.some((f) => f.endsWith(`${sep}dist${sep}deps.js`) || f.includes(`${sep}@aws-sdk${sep}`));
    // Proves the host loaded our bundle through require, so require.cache is the place to look.
    sample.mainModuleLoaded = loaded.some((f) => f.endsWith(`${sep}dist${sep}extension.js`));
  } catch (err) {
    sample.error = err instanceof Error ? err.message : String(err);
  }
  fs.writeFileSync(out, JSON.stringify(sample));
}

/**
 * The host marks the start and end of loading an extension's code (code/extHost/
 * willLoadExtensionCode/<id>, didLoadExtensionCode/<id>) in VS Code's own mark list on
 * globalThis; their distance is the read and compile of dist/extension.js, the rest of
 * activateMs is our activate() and the host's bookkeeping. Undefined if VS Code changes this.
 */
function codeLoadMs(): number | undefined {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks;
  const marks = perf?.getMarks() ?? [];
  const at = (name: string): number | undefined => marks.find((m) => m.name === `code/extHost/${name}/${EXTENSION_ID}`)?.startTime;
  const will = at('willLoadExtensionCode');
  const did = at('didLoadExtensionCode');
  return will !== undefined && did !== undefined ? did - will : undefined;
}
