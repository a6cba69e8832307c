// Runs a benchmark's child process and times it from spawn to exit, which is what a user of a
// command-line tool waits for (interpreter start included).
import { spawn } from 'child_process';

export interface RunResult {
  ms: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Names the command in errors instead of its arguments (which may hold keys). */
  label?: string;
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // A hung tool must not hang the whole run; its time would be meaningless anyway.
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 10 * 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ ms, stdout, stderr });
      else reject(new Error(`${opts.label ?? `${cmd} ${args.join(' ')}`} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-2000)}${stdout.slice(-1000)}`));
    });
  });
}

/** First line of a version command's output, or "not found". */
export async function versionOf(cmd: string, args: readonly string[] = ['--version']): Promise<string> {
  try {
    const r = await run(cmd, args, { timeoutMs: 30_000 });
    return (r.stdout || r.stderr).trim().split('\n')[0] ?? '';
  } catch {
    return 'not found';
  }
}
