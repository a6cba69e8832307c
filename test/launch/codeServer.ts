// Starts code-server (the VS Code server plus web workbench) on loopback for the test launchers.
// Desktop VS Code cannot be downloaded on these machines; code-server comes from npm and its
// remote extension host is a normal Node extension host, so it is the real VS Code we test in.
import { execFile, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CodeServerOptions {
  /** A .vsix to install into the temporary extensions folder before the server starts. */
  installVsix?: string | undefined;
  /** Extra environment for the server; the remote extension host inherits it. */
  env?: Record<string, string>;
  /** User settings merged over the quiet defaults below. */
  settings?: Record<string, unknown>;
  /** Copy of the server's output, kept after stop() (the temp folders are not). */
  logFile?: string;
  /** How long to wait for the server to answer HTTP. */
  startTimeoutMs?: number;
  /** The release to run, from codeServerInstall(); by default the one requestedCodeServer() names. */
  install?: CodeServerInstall;
  /**
   * Leaves workspace trust on, as a user has it, so a folder opens in restricted mode until
   * trusted. Off by default: every other run would otherwise start behind the trust prompt.
   */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  /** The release running, with its code-server and VS Code versions. */
  install: CodeServerInstall;
  port: number;
  extensionsDir: string;
  /** The last lines the server printed, for error messages. */
  logTail(lines?: number): string;
  /** Whether any of the server's recent output lines contains `text`. */
  logIncludes(text: string): boolean;
  /** Kills the server and everything it started, removes its temp folders; safe to call twice. */
  stop(): Promise<void>;
}

// Settings that keep the workbench from opening tabs or notifications over what the tests look at,
// and from reaching for a network these machines do not have.
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  // Newer VS Code opens a Chat side bar over the editor and starts its AI extensions, which reach
  // for the network (settings a release does not know are ignored).
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const LOG_LINES_KEPT = 400;

/**
 * Which code-server release to run: `oldest` (the engines.vscode minimum), `newest`, or an exact
 * version such as 4.139.1; scripts/install-code-server.sh keeps the table. From the launcher's
 * `--code-server X` argument, else MSW_CODE_SERVER_VERSION, else `oldest`.
 */
export function requestedCodeServer(argv: string[] = process.argv.slice(2)): string {
  const i = argv.indexOf('--code-server');
  if (i !== -1) {
    const value = argv[i + 1];
    if (!value || value.startsWith('--')) throw new Error('--code-server needs oldest, newest or a version such as 4.139.1');
    return value;
  }
  const eq = argv.find((a) => a.startsWith('--code-server='));
  if (eq) return eq.slice('--code-server='.length);
  return process.env.MSW_CODE_SERVER_VERSION || 'oldest';
}

export interface CodeServerInstall {
  /** What was asked for: oldest, newest, or a version. */
  requested: string;
  /** The program to start: the installer's launcher, which runs code-server on its own Node. */
  bin: string;
  /** code-server's version, e.g. 4.100.3 ("unknown" if MSW_CODE_SERVER names an unusual layout). */
  codeServerVersion: string;
  /** The VS Code it ships, from lib/vscode/package.json, e.g. 1.100.3. */
  vscodeVersion: string;
  /**
   * Arguments that make the web workbench honour the development options of the `payload` query
   * parameter (extensionDevelopmentPath, extensionTestsPath). VS Code 1.100 honours them always;
   * 1.139 only in a development build or with the server's --enable-smoke-test-driver, which
   * code-server passes through with --vscode-option (a code-server that lacks that option gets
   * none). That mode also keeps notification toasts from showing; no check here looks at toasts.
   */
  developmentArgs: string[];
}

/** "VS Code 1.100.3 (code-server 4.100.3)", how launchers and test-all name a run. */
export function describeInstall(install: CodeServerInstall): string {
  return `VS Code ${install.vscodeVersion} (code-server ${install.codeServerVersion})`;
}

/**
 * Suffix for artifact names (logs, screenshots) of a run that is not on the default release, so
 * that the runs on both releases in one `npm test` keep their own files: "" or "-vscode-1.139.1".
 */
export function artifactSuffix(install: CodeServerInstall): string {
  return install.requested === 'oldest' ? '' : `-vscode-${install.vscodeVersion}`;
}

/**
 * The code-server to run and its versions; runs the (idempotent, instant once done) installer
 * for the requested release. MSW_CODE_SERVER names a binary to use instead.
 */
export async function codeServerInstall(requested = requestedCodeServer()): Promise<CodeServerInstall> {
  const fromEnv = process.env.MSW_CODE_SERVER;
  const bin = fromEnv || (await runInstaller(requested));
  return { requested: fromEnv ? 'custom' : requested, bin, ...inspect(bin) };
}

async function runInstaller(requested: string): Promise<string> {
  const script = path.join(REPO_ROOT, 'scripts', 'install-code-server.sh');
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile('bash', [script, requested], { maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
      if (err) reject(new Error(`${script} ${requested} failed: ${err.message}\n${errOut.slice(-4000)}`));
      else resolve(out);
    });
    // The first install takes minutes; show its progress rather than seeming to hang.
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  });
  const bin = stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(bin)) throw new Error(`${script} printed "${bin}", which does not exist`);
  return bin;
}

/**
 * What the launchers need to know of the install behind `bin`, from code-server's own files: the
 * installer's launcher sits beside node_modules/code-server; node_modules/.bin/code-server links
 * to code-server's out/node/entry.js.
 */
function inspect(bin: string): Pick<CodeServerInstall, 'codeServerVersion' | 'vscodeVersion' | 'developmentArgs'> {
  const candidates = [path.join(path.dirname(bin), 'node_modules', 'code-server')];
  try {
    candidates.push(path.resolve(path.dirname(fs.realpathSync(bin)), '..', '..'));
  } catch {
    /* no such file */
  }
  for (const root of candidates) {
    try {
      const version = (file: string): string => String((JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { version: unknown }).version);
      const cli = fs.readFileSync(path.join(root, 'out', 'node', 'cli.js'), 'utf8');
      return {
        codeServerVersion: version('package.json'),
        vscodeVersion: version(path.join('lib', 'vscode', 'package.json')),
        developmentArgs: cli.includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [],
      };
    } catch {
      /* try the next layout */
    }
  }
  return { codeServerVersion: 'unknown', vscodeVersion: 'unknown', developmentArgs: [] };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const install = options.install ?? (await codeServerInstall());
  const bin = install.bin;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-code-server-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Without --config, code-server reads and writes ~/.config/code-server/config.yaml.
  const configFile = path.join(tmp, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        ...QUIET_SETTINGS,
        ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}),
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const env = { ...process.env, ...options.env };
  // An outer VS Code's variables would make code-server think it is nested in another session.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  const dirArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const logLines: string[] = [];
  const logStream = options.logFile ? openLog(options.logFile) : undefined;
  const record = (chunk: Buffer): void => {
    logStream?.write(chunk);
    logLines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    if (logLines.length > LOG_LINES_KEPT) logLines.splice(0, logLines.length - LOG_LINES_KEPT);
  };
  const logTail = (lines = 40): string => logLines.slice(-lines).join('\n');

  let child: ChildProcess | undefined;
  let stopped = false;
  const killGroup = (signal: NodeJS.Signals): void => {
    // Negative pid: the whole process group, so extension hosts and pty hosts go too.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    }
  };
  // If the launcher exits without calling stop() (an uncaught error), do not leave a server behind.
  const onExit = (): void => killGroup('SIGKILL');
  process.on('exit', onExit);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // The leader can exit before its children; make sure the rest of the group is gone.
      killGroup('SIGKILL');
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* none left */
      }
    }
    await new Promise<void>((resolve) => (logStream ? logStream.end(resolve) : resolve()));
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    if (options.installVsix) {
      const vsix = path.resolve(options.installVsix);
      if (!fs.existsSync(vsix)) throw new Error(`no such .vsix: ${vsix}`);
      await runToEnd(bin, [...dirArgs, '--install-extension', vsix], env, record);
    }
    const port = await freePort();
    child = spawn(
      bin,
      [
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
        ...install.developmentArgs,
        ...dirArgs,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilAnswers(`${url}/healthz`, child, options.startTimeoutMs ?? 60_000, logTail);
    const logIncludes = (text: string): boolean => logLines.some((l) => l.includes(text));
    return { url, port, install, extensionsDir, logTail, logIncludes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function openLog(file: string): fs.WriteStream {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return fs.createWriteStream(file);
}

function runToEnd(bin: string, args: string[], env: NodeJS.ProcessEnv, record: (c: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const keep = (c: Buffer): void => {
      out.push(c);
      record(c);
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${Buffer.concat(out).toString()}`));
    });
  });
}

async function waitUntilAnswers(url: string, child: ChildProcess, timeoutMs: number, logTail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitNote = '';
  child.once('exit', (code, signal) => {
    exitNote = `code-server exited early (code ${code}, signal ${signal})`;
  });
  while (Date.now() < deadline) {
    if (exitNote) throw new Error(`${exitNote}. Log:\n${logTail()}`);
    if (await answers(url)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000}s. Log:\n${logTail()}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
