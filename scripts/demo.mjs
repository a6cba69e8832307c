// `npm start`: the extension in a browser VS Code against a local S3 with demo media.
// Everything it keeps lives in .cache/demo/ (s3/ objects, workspace/, user-data/, extensions/,
// aws/ a credentials file for the demo profile). Ctrl-C, or SIGINT/SIGTERM/SIGHUP to this
// process alone (a task runner, `kill <pid>`), stops everything it started, at any point of
// the start-up too: no code-server, S3 server, setup or packaging step is left running.
//
// MSW_DEMO_SKIP_SETUP=1 skips setup.sh and `npm run package` (and installs the .vsix only if one
// was built), for the test that starts and stops the demo (test/integration/demo.test.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { seedDemo } from './demo-media.mjs';

// ---- stopping: installed before anything starts, so a signal during start-up is handled too ----

let stopping = false;
/** the S3 server once it runs, and code-server once it is spawned */
let s3;
let editor;
const GRACE_MS = 3000;

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
  const groups = editor?.pid ? [-editor.pid] : [];
  const tree = () => [...new Set([...descendants(process.pid), ...(editor?.pid ? descendants(editor.pid) : [])])];
  signal(groups, 'SIGTERM');
  signal(tree(), 'SIGTERM');
  if (s3) {
    // A browser or the extension keeps connections open, and close() waits for every one of them.
    s3.httpServer?.closeAllConnections?.();
    await Promise.race([s3.close().catch(() => {}), sleep(GRACE_MS)]);
  }
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && (tree().length || (editor?.pid && alive(editor.pid) && editor.exitCode === null))) await sleep(100);
  signal(groups, 'SIGKILL');
  signal(tree(), 'SIGKILL');
  process.exit(code);
}

// 128 + the signal's number, as a shell reports a process ended by it.
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
process.on('SIGHUP', () => void stop(129));

/** Runs a step as a child and resolves with its stdout when it is captured; a signal meanwhile ends it. */
function run(cmd, args, { capture = false, env = process.env } = {}) {
  if (stopping) throw new Stopping();
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'] });
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

function check() {
  if (stopping) throw new Stopping();
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = resolve(process.env.MSW_DEMO_DIR ?? join(root, '.cache', 'demo'));
const s3Port = Number(process.env.MSW_DEMO_S3_PORT ?? 4568);
const editorPort = Number(process.env.MSW_DEMO_PORT ?? 8080);
// s3rver's fixed key pair; it does not check signatures, so these are not secrets.
const DEMO_KEY = 'S3RVER';

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

  const s3Dir = join(demoDir, 's3');
  mkdirSync(s3Dir, { recursive: true });
  check();
  s3 = new S3rver({ address: '127.0.0.1', port: s3Port, directory: s3Dir, silent: true, allowMismatchedSignatures: true });
  await s3.run();
  check();
  const endpoint = `http://127.0.0.1:${s3Port}`;
  await seedDemo({ endpoint, accessKeyId: DEMO_KEY, secretAccessKey: DEMO_KEY });
  check();
  step(`S3 (s3rver) on ${endpoint}, buckets demo-input and demo-output, data in ${s3Dir}`);

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
              label: 'Demo S3 (s3rver)',
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
  writeFileSync(join(awsDir, 'credentials'), `[media-storage-demo]\naws_access_key_id = ${DEMO_KEY}\naws_secret_access_key = ${DEMO_KEY}\n`);
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
