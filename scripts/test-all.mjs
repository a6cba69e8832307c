// `npm test`: every check and every test tier, in the order a failure is cheapest to find,
// then one closing line `N passed, N failed` that sums them. Each tier writes
// test-artifacts/results-<tier>.json; a tier that writes none counts as one failure.
// The extension-host and UI tiers run twice: on the oldest VS Code the extension claims
// (engines.vscode) and on the newest code-server release (scripts/install-code-server.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const artifacts = 'test-artifacts';
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

// No step may take CI's whole budget: a hung step is killed and counted as a failure.
const STEP_TIMEOUT_MS = 25 * 60_000;

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL' });
  if (r.error?.code === 'ETIMEDOUT') console.log(`$ ${cmd} ${args.join(' ')}: still running after ${STEP_TIMEOUT_MS / 60_000} min, killed`);
  return r.status === 0;
}

/** A step that is one check (build, lint, types): counts as one pass or one failure. */
function check(name, cmd, args) {
  const ok = run(cmd, args);
  if (ok) passed++;
  else failed++;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  return ok;
}

/** A test tier: its own counts come from its results file (by default results-<name>.json). */
function tier(name, cmd, args, env = {}, file = `${artifacts}/results-${name}.json`) {
  const started = Date.now();
  const ok = run(cmd, args, { MSW_RESULTS_FILE: file, MSW_TIER: name, ...env });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (!existsSync(file)) {
    failed++;
    lines.push(`FAIL ${name}: no results (exit ${ok ? 0 : 'non-zero'}, ${secs} s)`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  if (!ok && r.failed === 0) failed++; // a crash after the last test is still a failure
  lines.push(`${r.failed === 0 && ok ? 'ok  ' : 'FAIL'} ${name}: ${r.passed} passed, ${r.failed} failed, ${r.pending ?? 0} skipped (${secs} s)`);
  for (const f of r.failures ?? []) lines.push(`       ✗ ${f.title}`);
}

/**
 * The code-server release `which` (oldest, newest) as setup installed it, with the VS Code it
 * ships: { which, vscode, codeServer }, or { which, missing } when setup could not install it.
 */
function release(which) {
  const r = spawnSync('bash', ['scripts/install-code-server.sh', '--check', which], { encoding: 'utf8' });
  const bin = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  try {
    const root = join(dirname(bin), 'node_modules', 'code-server');
    const version = (file) => JSON.parse(readFileSync(join(root, file), 'utf8')).version;
    return { which, vscode: version('lib/vscode/package.json'), codeServer: version('package.json') };
  } catch {
    return { which, missing: (r.stderr || '').trim() || `no code-server install for ${which}` };
  }
}

/** A tier of the VS Code tiers, on one release; a release setup could not install is one failure. */
function vscodeTier(name, rel, args) {
  if (rel.missing) {
    failed++;
    lines.push(`FAIL ${name} (${rel.which} code-server): not installed: ${rel.missing}`);
    return;
  }
  tier(
    `${name} (VS Code ${rel.vscode})`,
    'node',
    [...args, '--code-server', rel.which],
    { MSW_TIER: name },
    `${artifacts}/results-${name}-vscode-${rel.vscode}.json`,
  );
}

check('setup (Debian packages, both code-servers)', 'bash', ['scripts/setup.sh', '--test']);
check('build', 'npm', ['run', '--silent', 'build']);
check('types (src and tests)', 'npm', ['run', '--silent', 'compile-tests']);
check('lint', 'npm', ['run', '--silent', 'lint']);
// Pure: no server, no network, and no --exit, so a timer or handle left behind hangs the tier.
tier('unit', 'npx', ['mocha', '--config', '.mocharc.unit.json', '--reporter', 'out/test/support/reporter.js']);
// The gateway, transfers and decoder against the real Ceph gateway and s3rver the tests start.
tier('integration', 'npx', ['mocha', '--config', '.mocharc.integration.json', '--reporter', 'out/test/support/reporter.js']);
// Loopback faults against the real servers (a TCP fault proxy, SIGKILL and resume, files changing
// under an upload); no --exit, so a request or timer left pending fails the tier by hanging it.
tier('fault', 'npx', ['mocha', '--config', '.mocharc.fault.json', '--reporter', 'out/test/support/reporter.js']);
// Oldest first: it is the version the extension is written against, so a failure there is ours;
// one only on the newest is a VS Code change to look at.
const releases = [release('oldest'), release('newest')];
for (const r of releases) console.log(r.missing ? `\ncode-server ${r.which}: ${r.missing}` : `\ncode-server ${r.which}: ${r.codeServer} = VS Code ${r.vscode}`);
for (const r of releases) vscodeTier('host', r, ['out/test/launch/code-server.js']);
for (const r of releases) vscodeTier('untrusted', r, ['out/test/launch/code-server.js', '--untrusted']);
if (check('package (.vsix)', 'npm', ['run', '--silent', 'package'])) {
  for (const r of releases) vscodeTier('vsix', r, ['out/test/launch/code-server.js', '--vsix', 'media-storage-workbench.vsix']);
}
for (const r of releases) vscodeTier('ui', r, ['out/test/launch/ui.js']);

console.log('\nSummary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
