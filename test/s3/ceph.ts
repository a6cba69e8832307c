import { execFile, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, dirname, join } from 'path';
import { markOwner, reapOrphanDirs, trackForExit } from './cleanup';
import type { S3TestServer } from './types';

const DIR_PREFIX = 'msw-ceph-';
const START_TIMEOUT_MS = 120_000;
const REQUIRED_BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph', 'ss', 'curl', 'setsid', 'bash'];
const INSTALL_HINT = 'apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common';

// Found by walking up rather than a fixed ../.. so it works from test/s3 and out/test/s3.
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

function script(): string {
  return join(repoRoot(), 'scripts', 'ceph-rgw.sh');
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, binary)));
}

export function cephAvailability(): { available: boolean; reason?: string } {
  if (process.platform !== 'linux') {
    return { available: false, reason: `Ceph RGW test cluster needs Linux (this is ${process.platform})` };
  }
  const missing = REQUIRED_BINARIES.filter((b) => !onPath(b));
  if (missing.length > 0) {
    return { available: false, reason: `${missing.join(', ')} not found on PATH; install with: ${INSTALL_HINT}` };
  }
  if (!existsSync(script())) {
    return { available: false, reason: `${script()} is missing` };
  }
  return { available: true };
}

function stopClusterSync(dir: string): void {
  spawnSync('bash', [script(), 'stop', dir], { stdio: 'ignore', timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
}

function runScript(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('bash', [script(), ...args], { timeout: START_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`scripts/ceph-rgw.sh ${args[0]} failed: ${err.message}\n${stderr}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

interface EndpointFile {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  startMs?: number;
}

/** Starts a throwaway one-node Ceph cluster with RADOS Gateway via scripts/ceph-rgw.sh. */
export async function startCeph(): Promise<S3TestServer> {
  const availability = cephAvailability();
  if (!availability.available) {
    throw new Error(`Ceph RGW is not available: ${availability.reason}`);
  }
  // Clusters of runs that died by SIGKILL; the script only signals daemons whose command
  // line names that dir's config, so nothing else can be hit.
  reapOrphanDirs(DIR_PREFIX, stopClusterSync);
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  markOwner(dir);
  // Tracked before starting: a Ctrl-C during the ~1.5 s start must still stop what began.
  const untrack = trackForExit(() => stopClusterSync(dir));

  let info: EndpointFile;
  try {
    await runScript(['start', dir]);
    info = JSON.parse(readFileSync(join(dir, 'endpoint.json'), 'utf8')) as EndpointFile;
  } catch (err) {
    untrack();
    stopClusterSync(dir);
    throw err;
  }
  if (process.env.MSW_S3_VERBOSE) {
    console.log(`    ceph rgw at ${info.endpoint} started in ${info.startMs ?? '?'} ms (${dir})`);
  }

  let stopping: Promise<void> | undefined;
  return {
    kind: 'ceph',
    endpoint: info.endpoint,
    region: info.region,
    accessKeyId: info.accessKeyId,
    secretAccessKey: info.secretAccessKey,
    checksSignatures: true,
    async killGateway(): Promise<void> {
      await runScript(['kill-gateway', dir]);
    },
    async startGateway(): Promise<void> {
      await runScript(['start-gateway', dir]);
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        try {
          await runScript(['stop', dir]);
        } finally {
          untrack();
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}
