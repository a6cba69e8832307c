// Last-resort cleanup of test servers. Ceph daemons run in their own sessions (setsid), so
// nothing kills them when the test process dies; these hooks stop them on a normal exit,
// on an uncaught error and on Ctrl-C. Only SIGKILL escapes, which reapOrphans() in ceph.ts
// covers on the next run.

import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

type SyncStop = () => void;

const live = new Set<SyncStop>();
let installed = false;

function stopAllSync(): void {
  for (const stop of [...live]) {
    live.delete(stop);
    try {
      stop();
    } catch {
      // Best effort: one failing cleanup must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) {
    return;
  }
  installed = true;
  process.on('exit', stopAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAllSync();
      // Our listener replaced the default "terminate" action; restore it unless someone
      // else (mocha) also listens and decides how to end the run.
      if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
      }
    });
  }
}

/** Registers a synchronous stop to run if the process ends first; returns the unregister. */
export function trackForExit(stop: SyncStop): () => void {
  install();
  live.add(stop);
  return () => {
    live.delete(stop);
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks a temp dir as belonging to this process, for reapOrphanDirs in later runs. */
export function markOwner(dir: string): void {
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
}

/**
 * Calls `reap` for each tmpdir/<prefix>* whose owner process is gone: what a test run
 * killed with SIGKILL (or by the OOM killer) left behind. Dirs of live runs, including
 * other people's parallel runs, are left alone.
 */
export function reapOrphanDirs(prefix: string, reap: (dir: string) => void): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) {
      continue;
    }
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
      try {
        reap(dir);
      } catch {
        // Another run may be reaping the same dir at this moment.
      }
    }
  }
}
