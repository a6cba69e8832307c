import { fork, type ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { markOwner, reapOrphanDirs, trackForExit } from './cleanup';
import type { S3TestServer } from './types';

// s3rver accepts only the access key of its built-in dummy account (it refuses unknown
// keys but never checks the secret).
const S3RVER_KEY = 'S3RVER';
const START_TIMEOUT_MS = 30_000;
const DIR_PREFIX = 'msw-s3rver-';
const STOP_TIMEOUT_MS = 5_000;

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`s3rver did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onMessage = (message: unknown): void => {
      const m = message as { port?: number; error?: string };
      done(m.port !== undefined ? undefined : new Error(`s3rver failed to start: ${m.error ?? 'no port'}`), m.port);
    };
    const onExit = (code: number | null): void => done(new Error(`s3rver exited with code ${code} before listening`));
    function done(err: Error | undefined, port?: number): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) {
        reject(err);
      } else {
        resolve(port!);
      }
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Starts s3rver in a child process on a free loopback port. With `dataDir` the data stays
 * there after stop (the demo keeps its buckets); otherwise a temp dir is used and removed.
 */
export async function startS3rver(opts: { dataDir?: string } = {}): Promise<S3TestServer> {
  const ownsDir = opts.dataDir === undefined;
  let tempDir: string | undefined;
  if (ownsDir) {
    reapOrphanDirs(DIR_PREFIX, (dir) => rmSync(dir, { recursive: true, force: true }));
    // The owner mark sits beside the data, not in it: s3rver treats every entry of its
    // directory as a bucket.
    tempDir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
    markOwner(tempDir);
    mkdirSync(join(tempDir, 'data'));
  }
  const directory = opts.dataDir ?? join(tempDir!, 'data');
  const child = fork(join(__dirname, 's3rverChild.js'), [JSON.stringify({ directory })], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cleanupSync = (): void => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    if (tempDir) {
      rmSync(tempDir, { recursive: true, force: true });
    }
  };
  const untrack = trackForExit(cleanupSync);

  let port: number;
  try {
    port = await waitForPort(child);
  } catch (err) {
    untrack();
    cleanupSync();
    throw err;
  }
  // An idle server must not keep a script (the demo, a benchmark) from exiting.
  child.unref();
  child.channel?.unref();

  let stopping: Promise<void> | undefined;
  return {
    kind: 's3rver',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    checksSignatures: false,
    stop(): Promise<void> {
      stopping ??= (async () => {
        try {
          if (child.connected) {
            child.send('stop');
          }
          await waitForExit(child);
        } finally {
          untrack();
          cleanupSync();
        }
      })();
      return stopping;
    },
  };
}
