// `npm test`: every check and every test tier, in the order a failure is cheapest to find,
// then one closing line `N passed, N failed` that sums them. Each tier writes
// test-artifacts/results-<tier>.json; a tier that writes none counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

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

/** A test tier: its own counts come from its results file. */
function tier(name, cmd, args, env = {}) {
  const file = `${artifacts}/results-${name}.json`;
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

check('setup (Debian packages, code-server)', 'bash', ['scripts/setup.sh', '--test']);
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
tier('host', 'node', ['out/test/launch/code-server.js']);
tier('untrusted', 'node', ['out/test/launch/code-server.js', '--untrusted']);
if (check('package (.vsix)', 'npm', ['run', '--silent', 'package'])) {
  tier('vsix', 'node', ['out/test/launch/code-server.js', '--vsix', 'media-storage-workbench.vsix']);
}
tier('ui', 'node', ['out/test/launch/ui.js']);

console.log('\nSummary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
