// `npm start`: the extension in a browser VS Code against a local S3 with demo media.
// The S3 is Ceph's RADOS Gateway (scripts/ceph-rgw.sh with CEPH_RGW_PERSIST=1: it checks
// signatures and pages as AWS does), and s3rver only where Ceph is not installed or does not
// start. Everything it keeps lives in .cache/demo/ (ceph/ the gateway's cluster and data, or s3/
// s3rver's objects; workspace/, user-data/, extensions/, aws/ a credentials file for the demo
// profile). Ctrl-C, or SIGINT/SIGTERM/SIGHUP to this process alone (a task runner, `kill <pid>`),
// stops everything it started, at any point of the start-up too: no code-server, Ceph daemon,
// S3 server, setup or packaging step is left running.
//
// MSW_DEMO_DIR replaces .cache/demo; MSW_DEMO_S3=s3rver skips Ceph. MSW_DEMO_SKIP_SETUP=1 skips
// setup.sh and `npm run package` (and installs the .vsix only if one was built), for the test
// that starts and stops the demo (test/integration/demo.test.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { seedDemo } from './demo-media.mjs';

// ---- stopping: installed before anything starts, so a signal during start-up is handled too ----

let stopping = false;
/** s3rver once it runs, the Ceph cluster's directory once its start began, its start script, and code-server once it is spawned */
let s3;
let cephStarted;
let cephStarter;
let editor;
const GRACE_MS = 3000;
/** How long the Ceph daemons get to stop before they are killed; with the rest, within the 5 s a stop may take. */
const CEPH_STOP_MS = 3500;

class Stopping extends Error {}

/** Every process below `pid` (Linux /proc; elsewhere none, and only direct handles are killed). */
function descendants(pid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const children = new Map();
  for (const d of entries) {
    try {
      // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' do not.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** The Ceph daemons and tools of the cluster in `dir`: they name its config on their command line. */
function cephProcesses(dir) {
  const conf = join(dir, 'ceph.conf');
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    try {
      return pid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(conf);
    } catch {
      return false;
    }
  });
}

/** Processes in process group `pgid` (Linux /proc; elsewhere none). */
function groupMembers(pgid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return entries.filter((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return state !== 'Z' && Number(group) === pgid;
    } catch {
      return false;
    }
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function stop(code) {
  if (stopping) return;
  stopping = true;
  step('stopping …');
  // code-server runs in its own process group (so a terminal's Ctrl-C does not reach it before
  // we stop the rest); its group is signalled, and every process below this one by pid.
  const groups = [editor?.pid, cephStarter?.pid].filter(Boolean).map((pid) => -pid);
  const tree = () => [...new Set([...descendants(process.pid), ...(editor?.pid ? descendants(editor.pid) : [])])];
  signal(groups, 'SIGTERM');
  signal(tree(), 'SIGTERM');
  // The Ceph daemons run in sessions of their own, outside this process's tree; ceph-rgw.sh stops
  // them by their pid files, gateway first, so that the OSD closes its store cleanly for the next
  // run. While their start script runs it has a process group of its own, so that a fork it makes
  // meanwhile is signalled too, and the daemons are stopped once that group is gone and can start
  // no other one. A daemon that ignores TERM for a second (one busy starting can) is killed, and so
  // is whatever is left when the time is up: BlueStore and the monitor's store survive that as
  // they survive a crash.
  const cephStopped = cephStarted
    ? (async () => {
        const until = Date.now() + 500;
        while (cephStarter?.pid && groupMembers(cephStarter.pid).length && Date.now() < until) await sleep(20);
        if (cephStarter?.pid) signal([-cephStarter.pid], 'SIGKILL');
        const stopper = runQuietly('bash', [cephScript, 'stop', cephStarted], { CEPH_RGW_STOP_TIMEOUT: '1' });
        await Promise.race([stopper.done, sleep(CEPH_STOP_MS)]);
        if (stopper.child.exitCode === null) signal([stopper.child.pid], 'SIGKILL');
        signal(cephProcesses(cephStarted), 'SIGKILL');
      })()
    : Promise.resolve();
  if (s3) {
    // A browser or the extension keeps connections open, and close() waits for every one of them.
    s3.httpServer?.closeAllConnections?.();
    await Promise.race([s3.close().catch(() => {}), sleep(GRACE_MS)]);
  }
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && (tree().length || (editor?.pid && alive(editor.pid) && editor.exitCode === null))) await sleep(100);
  await cephStopped;
  signal(groups, 'SIGKILL');
  signal(tree(), 'SIGKILL');
  process.exit(code);
}

// 128 + the signal's number, as a shell reports a process ended by it.
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
process.on('SIGHUP', () => void stop(129));

/** Runs a step as a child and resolves with its stdout when it is captured; a signal meanwhile ends it. */
function run(cmd, args, { capture = false, env = process.env, detached = false, onSpawn = () => {} } = {}) {
  if (stopping) throw new Stopping();
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: root, env, detached, stdio: [detached ? 'ignore' : 'inherit', capture ? 'pipe' : 'inherit', 'inherit'] });
    onSpawn(child);
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    child.once('error', rej);
    child.once('exit', (code, sig) => {
      if (stopping) rej(new Stopping());
      else if (code === 0) res(out);
      else rej(new Error(`${cmd} ${args.join(' ')} ${sig ? `was ended by ${sig}` : `exited with ${code}`}`));
    });
  });
}

/** Runs a command without output; `done` resolves when it ends, whatever it exits with. */
function runQuietly(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
  const done = new Promise((res) => {
    child.once('error', () => res());
    child.once('exit', () => res());
  });
  return { child, done };
}

function check() {
  if (stopping) throw new Stopping();
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = resolve(process.env.MSW_DEMO_DIR ?? join(root, '.cache', 'demo'));
const s3Port = Number(process.env.MSW_DEMO_S3_PORT ?? 4568);
const editorPort = Number(process.env.MSW_DEMO_PORT ?? 8080);
// s3rver's fixed key pair; it does not check signatures, so these are not secrets.
const S3RVER_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
// The gateway's demo user, made with the cluster on its first run. The gateway listens on
// loopback only and holds nothing but demo media, so the pair is fixed rather than secret.
const CEPH_KEYS = { accessKeyId: 'MSWDEMOACCESSKEY0001', secretAccessKey: 'msw-demo-secret-key-0000000000000000000001' };
const cephScript = join(root, 'scripts', 'ceph-rgw.sh');
const CEPH_BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph', 'ss', 'curl', 'setsid'];
const CEPH_INSTALL = 'sudo apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common';
const S3RVER_LIMITS =
  's3rver accepts any secret key and any tampered presigned URL (no signature checks), and its listings fail past the first page, so a wrong secret, signature errors and Load More cannot be seen';

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function step(msg) {
  console.log(`demo: ${msg}`);
}

function portFree(port) {
  return new Promise((res) => {
    const srv = createServer()
      .once('error', () => res(false))
      .listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

for (const [what, port, env] of [
  ['S3', s3Port, 'MSW_DEMO_S3_PORT'],
  ['editor', editorPort, 'MSW_DEMO_PORT'],
]) {
  if (!(await portFree(port))) {
    console.error(`demo: port ${port} for the ${what} server is taken; free it or set ${env}=<port>.`);
    process.exit(1);
  }
}

function cephMissing() {
  if (process.platform !== 'linux') return `Ceph's gateway runs on Linux only (this is ${process.platform})`;
  const onPath = (b) => (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, b)));
  const missing = CEPH_BINARIES.filter((b) => !onPath(b));
  return missing.length ? `${missing.join(', ')} not found; install with: ${CEPH_INSTALL}` : undefined;
}

/** The gateway on s3Port with its data in demoDir/ceph/, or undefined (and why) when it is not installed or does not start. */
async function startCeph() {
  if (process.env.MSW_DEMO_S3 === 's3rver') {
    step(`MSW_DEMO_S3=s3rver: using s3rver, not Ceph; ${S3RVER_LIMITS}.`);
    return undefined;
  }
  const missing = cephMissing();
  if (missing) {
    step(`Ceph's gateway is not available (${missing}); falling back to s3rver. ${S3RVER_LIMITS}.`);
    return undefined;
  }
  const dir = join(demoDir, 'ceph');
  const created = existsSync(join(dir, 'created'));
  step(`starting the Ceph gateway (${created ? 'its data from the last run' : 'first run: creating its store'}) …`);
  mkdirSync(dir, { recursive: true });
  cephStarted = dir;
  try {
    // Daemons of a run that was killed outright (SIGKILL) still hold the store: stop them first.
    await run('bash', [cephScript, 'stop', dir]);
    await run('bash', [cephScript, 'start', dir, String(s3Port)], {
      capture: true,
      detached: true,
      onSpawn: (child) => (cephStarter = child),
      env: { ...process.env, CEPH_RGW_PERSIST: '1', CEPH_RGW_ACCESS_KEY: CEPH_KEYS.accessKeyId, CEPH_RGW_SECRET_KEY: CEPH_KEYS.secretAccessKey },
    });
    // Its process group is gone: its id must not be signalled later, when it may be another's.
    cephStarter = undefined;
  } catch (err) {
    if (err instanceof Stopping || stopping) throw err;
    cephStarter = undefined;
    step(
      `the Ceph gateway did not start (${err instanceof Error ? err.message : String(err)}; its logs are in ${join(dir, 'log')}); falling back to s3rver. ${S3RVER_LIMITS}.`,
    );
    await runQuietly('bash', [cephScript, 'stop', dir]).done;
    cephStarted = undefined;
    return undefined;
  }
  return { kind: 'ceph', name: 'Ceph RADOS Gateway', dir, keys: CEPH_KEYS };
}

async function startS3rver() {
  const dir = join(demoDir, 's3');
  mkdirSync(dir, { recursive: true });
  check();
  s3 = new S3rver({ address: '127.0.0.1', port: s3Port, directory: dir, silent: true, allowMismatchedSignatures: true });
  await s3.run();
  return { kind: 's3rver', name: 's3rver', dir, keys: S3RVER_KEYS };
}

async function main() {
  const skipSetup = process.env.MSW_DEMO_SKIP_SETUP === '1';
  if (!skipSetup) {
    step('setting up (Debian packages, code-server) …');
    await run('bash', [join(root, 'scripts', 'setup.sh')]);
    step('building and packaging the extension …');
    await run('npm', ['run', '--silent', 'package']);
  }
  step('finding code-server …');
  const codeServer = (await run('bash', [join(root, 'scripts', 'install-code-server.sh')], { capture: true })).trim().split('\n').pop();

  const endpoint = `http://127.0.0.1:${s3Port}`;
  let t0 = Date.now();
  const server = (await startCeph()) ?? (await startS3rver());
  check();
  step(`S3 (${server.name}) on ${endpoint} started in ${seconds(t0)}, data in ${server.dir}`);
  t0 = Date.now();
  const written = await seedDemo({ endpoint, ...server.keys, bulk: server.kind === 'ceph' });
  check();
  step(`buckets demo-input and demo-output ${written > 0 ? `seeded with ${written} objects` : 'hold the demo media'} (${seconds(t0)})`);

  // The workspace is copied once; later runs keep the user's edits.
  const workspace = join(demoDir, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  for (const name of readdirSync(join(root, 'demo', 'workspace'))) {
    if (!existsSync(join(workspace, name))) cpSync(join(root, 'demo', 'workspace', name), join(workspace, name), { recursive: true });
  }
  // The registry the team would commit: one connection, one input, one output. It holds no
  // secret: the connection takes its keys from the demo's AWS profile.
  const registryFile = join(workspace, '.vscode', 'media-storage.json');
  if (!existsSync(registryFile)) {
    writeFileSync(
      registryFile,
      JSON.stringify(
        {
          connections: [
            {
              id: 'demo',
              label: 'Demo S3',
              kind: 's3-compatible',
              region: 'us-east-1',
              endpoint,
              forcePathStyle: true,
              profile: 'media-storage-demo',
            },
          ],
          inputs: [{ name: 'demo-input', connection: 'demo', bucket: 'demo-input', prefix: 'sources/' }],
          outputs: [{ name: 'demo-output', connection: 'demo', bucket: 'demo-output' }],
        },
        null,
        2,
      ) + '\n',
    );
  }
  const awsDir = join(demoDir, 'aws');
  mkdirSync(awsDir, { recursive: true });
  // Written each run: the keys are those of the server this run started.
  writeFileSync(
    join(awsDir, 'credentials'),
    `[media-storage-demo]\naws_access_key_id = ${server.keys.accessKeyId}\naws_secret_access_key = ${server.keys.secretAccessKey}\n`,
  );
  writeFileSync(join(awsDir, 'config'), '[profile media-storage-demo]\nregion = us-east-1\n');

  const extensionsDir = join(demoDir, 'extensions');
  const userDataDir = join(demoDir, 'user-data');
  // Quiet first start: no welcome walkthrough over the demo, no git prompt for the checkout
  // the demo folder lives in. Written once; later runs keep the user's own settings.
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'git.openRepositoryInParentFolders': 'never',
          'telemetry.telemetryLevel': 'off',
        },
        null,
        2,
      ) + '\n',
    );
  }
  const configFile = join(demoDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const dirArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = {
    ...process.env,
    AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
    AWS_CONFIG_FILE: join(awsDir, 'config'),
  };
  const vsix = join(root, 'media-storage-workbench.vsix');
  const withExtension = existsSync(vsix);
  if (withExtension) await run(codeServer, [...dirArgs, '--install-extension', vsix, '--force'], { capture: true, env });
  else step(`no ${vsix}: code-server starts without the extension (run \`npm run package\` first)`);
  check();

  step('starting code-server …');
  editor = spawn(
    codeServer,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${editorPort}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...dirArgs],
    { env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  editor.on('exit', (code) => {
    if (!stopping) {
      console.error(`demo: code-server exited (${code}); stopping the S3 server.`);
      void stop(1);
    }
  });

  // Ready once code-server answers, so whoever waits for the line can open the page at once.
  const url = `http://127.0.0.1:${editorPort}/?folder=${encodeURIComponent(workspace)}`;
  for (;;) {
    check();
    const ok = await fetch(`http://127.0.0.1:${editorPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  step(`VS Code (code-server)${withExtension ? ' with Media Storage Workbench' : ''}: ${url}`);
  step('ready; press Ctrl-C to stop');
}

main().catch((err) => {
  // A step ended by our own stop is no failure; anything else stops what did start.
  if (err instanceof Stopping || stopping) return;
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  void stop(1);
});
