// `npm start`: the extension in a browser VS Code against a local S3 with demo media.
// Everything it keeps lives in .cache/demo/ (s3/ objects, workspace/, user-data/, extensions/,
// aws/ a credentials file for the demo profile). Ctrl-C stops the servers.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { seedDemo } from './demo-media.mjs';

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

step('setting up (Debian packages, code-server) …');
execFileSync('bash', [join(root, 'scripts', 'setup.sh')], { stdio: 'inherit', cwd: root });
step('building and packaging the extension …');
execFileSync('npm', ['run', '--silent', 'package'], { stdio: 'inherit', cwd: root });
const codeServer = execFileSync('bash', [join(root, 'scripts', 'install-code-server.sh')], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();

const s3Dir = join(demoDir, 's3');
mkdirSync(s3Dir, { recursive: true });
const s3 = new S3rver({ address: '127.0.0.1', port: s3Port, directory: s3Dir, silent: true, allowMismatchedSignatures: true });
await s3.run();
const endpoint = `http://127.0.0.1:${s3Port}`;
await seedDemo({ endpoint, accessKeyId: DEMO_KEY, secretAccessKey: DEMO_KEY });
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
execFileSync(codeServer, [...dirArgs, '--install-extension', join(root, 'media-storage-workbench.vsix'), '--force'], { stdio: 'ignore', env });

const editor = spawn(
  codeServer,
  ['--auth', 'none', '--bind-addr', `127.0.0.1:${editorPort}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...dirArgs],
  { env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
);

const url = `http://127.0.0.1:${editorPort}/?folder=${encodeURIComponent(workspace)}`;
step(`VS Code (code-server) with Media Storage Workbench: ${url}`);
step('press Ctrl-C to stop');

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  step('stopping …');
  try {
    process.kill(-editor.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  await s3.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
editor.on('exit', (code) => {
  if (!stopping) {
    console.error(`demo: code-server exited (${code}); stopping the S3 server.`);
    void stop(1);
  }
});
