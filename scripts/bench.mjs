// `npm run bench [-- --quick | --tune | --servers=ceph,s3rver | --only=uploads,listing,micro,activation | --rounds=N]`
// Set-up first: the competitors (aws-cli, rclone), the Ceph gateway and code-server are
// installed when missing, then the extension and the harness are built, then
// out/test/bench/main.js runs the benchmarks (method in test/bench/main.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function sh(cmd, cmdArgs, { mayFail = false } = {}) {
  console.log(`bench set-up: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0 && !mayFail) {
    console.error(`bench set-up: ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
  return r.status === 0;
}

// Debian packages for what is missing; aws-cli may also come from pip/pyenv (any `aws` will do).
const wanted = [];
if (!has('rclone')) wanted.push('rclone');
if (!has('aws')) wanted.push('awscli');
if (!has('curl')) wanted.push('curl');
if (!has('radosgw')) wanted.push('ceph-mon', 'ceph-osd', 'radosgw', 'ceph-common');
const needsBrowser = !args.includes('--tune') && !has('chromium') && !existsSync('/usr/bin/chromium');
if (needsBrowser) wanted.push('chromium');
if (wanted.length > 0) {
  if (!has('apt-get')) {
    console.error(`bench set-up: missing ${wanted.join(', ')} and no apt-get to install them`);
    process.exit(1);
  }
  sh('apt-get', ['update', '-qq']);
  sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...wanted]);
}

// The shipped build (minified, no source maps): bundle size and activation are measured on what
// users install. The tests rebuild the development bundle.
sh('node', ['scripts/build.mjs', '--production']);
// Type errors elsewhere in a tree under work should not stop a benchmark: tsc still emits.
if (!sh('npm', ['run', '--silent', 'compile-tests'], { mayFail: true })) {
  if (!existsSync('out/test/bench/main.js')) process.exit(1);
  console.warn('bench set-up: compile-tests reported type errors (above); running the emitted JavaScript anyway');
}

const run = spawnSync(process.execPath, ['out/test/bench/main.js', ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
