// `npm start` (scripts/demo.mjs) runs on Ceph's gateway with its data kept between runs, and
// stops everything it started when its own pid gets SIGTERM, as a task runner or `kill <pid>`
// sends it: once it is ready, and in the middle of its start-up. The demo runs on loopback ports
// and a temporary MSW_DEMO_DIR (never the checkout's .cache/demo), with MSW_DEMO_SKIP_SETUP=1 so
// that setup.sh and packaging are not part of the test's time.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { cephAvailability } from '../s3/ceph';

const root = resolve(__dirname, '..', '..', '..');
/** The bound: no process of the demo is left this long after the signal. */
const STOP_WITHIN_MS = 5_000;
const READY_WITHIN_MS = 90_000;

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces: state, ppid, pgrp, …
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), ppid: Number(ppid), pgid: Number(pgid), zombie: state === 'Z' });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The demo and everything below it, with their process groups. */
function demoTree(pid: number): Proc[] {
  const all = processes();
  const tree = all.filter((p) => p.pid === pid);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * Live processes that were the demo's, that are in a process group of its own making
 * (code-server's), or whose command line names its directory: the Ceph daemons run in sessions
 * of their own and are no longer below the demo once their start script is done.
 */
function leftOf(seen: Proc[], dir: string): Proc[] {
  const ownGroup = processes().find((p) => p.pid === process.pid)?.pgid;
  const pids = new Set(seen.map((p) => p.pid));
  const groups = new Set(seen.map((p) => p.pgid).filter((g) => g !== ownGroup));
  return processes().filter((p) => !p.zombie && p.pid !== process.pid && (pids.has(p.pid) || groups.has(p.pgid) || commandLine(p.pid).includes(dir)));
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
      .once('error', rej)
      .listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
      });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer()
      .once('error', () => res(false))
      .listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** The folder of more than one listing page that scripts/demo-media.mjs seeds on Ceph. */
const BULK = { bucket: 'demo-output', prefix: 'big-buck-bunny/thumbnails/', count: 1500 };
const KEPT_KEY = 'test/kept-between-runs.txt';

/** The demo profile's keys, as the demo wrote them for the extension. */
function demoKeys(dir: string): { accessKeyId: string; secretAccessKey: string } {
  const text = readFileSync(join(dir, 'aws', 'credentials'), 'utf8');
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  assert.ok(accessKeyId && secretAccessKey, `no demo keys in ${dir}/aws/credentials:\n${text}`);
  return { accessKeyId, secretAccessKey };
}

function client(s3Port: number, credentials: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

describe('npm start (scripts/demo.mjs) and SIGTERM', function () {
  this.timeout(READY_WITHIN_MS + 30_000);
  const dirs: string[] = [];
  const started: { tree: Proc[]; dir: string }[] = [];
  const ceph = cephAvailability();

  before(function () {
    const check = spawnSync('bash', [join(root, 'scripts', 'install-code-server.sh'), '--check'], { encoding: 'utf8' });
    if (check.status !== 0 || process.platform !== 'linux') {
      console.log(`SKIPPING the demo's stop test: ${process.platform !== 'linux' ? 'it reads /proc' : 'code-server is not installed (scripts/setup.sh)'}`);
      this.skip();
    }
  });

  afterEach(() => {
    // A failed test must not leave a demo behind for the next one.
    for (const p of started.flatMap((s) => leftOf(s.tree, s.dir))) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    started.length = 0;
  });

  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function newDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'msw-demo-'));
    dirs.push(dir);
    return dir;
  }

  interface Demo {
    child: ChildProcess;
    dir: string;
    s3Port: number;
    editorPort: number;
    output: () => string;
  }

  /** Starts the demo on `dir` and resolves once its output has a line matching `until`. */
  async function startDemo(until: RegExp, dir = newDir(), env: Record<string, string> = {}): Promise<Demo> {
    const [s3Port, editorPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs')], {
      cwd: root,
      env: { ...process.env, MSW_DEMO_DIR: dir, MSW_DEMO_S3_PORT: String(s3Port), MSW_DEMO_PORT: String(editorPort), MSW_DEMO_SKIP_SETUP: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    const deadline = Date.now() + READY_WITHIN_MS;
    while (!until.test(out)) {
      if (child.exitCode !== null) assert.fail(`the demo exited (${child.exitCode}) before ${until}:\n${out}`);
      if (Date.now() > deadline) assert.fail(`no ${until} within ${READY_WITHIN_MS / 1000} s:\n${out}`);
      await sleep(50);
    }
    return { child, dir, s3Port, editorPort, output: () => out };
  }

  async function signalAndExpectNothingLeft(
    { child, dir, s3Port, editorPort, output }: Demo,
    serversRan = true,
    sig: 'SIGTERM' | 'SIGINT' = 'SIGTERM',
  ): Promise<void> {
    const pid = child.pid;
    assert.ok(pid);
    const ports = [s3Port, editorPort];
    const tree = demoTree(pid);
    started.push({ tree, dir });
    const exited = new Promise<void>((res) => (child.exitCode !== null ? res() : child.once('exit', () => res())));
    const signalled = Date.now();
    process.kill(pid, sig);
    let left = leftOf(tree, dir);
    while (left.length && Date.now() - signalled < STOP_WITHIN_MS) {
      await sleep(100);
      left = leftOf(tree, dir);
    }
    const describe = (ps: Proc[]): string => ps.map((p) => `${p.pid} ${commandLine(p.pid).slice(0, 160)}`).join('\n');
    assert.deepStrictEqual(left, [], `still running ${STOP_WITHIN_MS / 1000} s after ${sig}:\n${describe(left)}\n--- demo output:\n${output()}`);
    await exited;
    for (const port of ports) assert.ok(await portFree(port), `port ${port} is still taken`);
    if (serversRan) assert.ok(tree.length > 1, `code-server was running below the demo: ${tree.length} processes`);
  }

  // The first run creates the gateway's store and seeds it; the second finds both.
  let persistent: string | undefined;

  it('runs on the Ceph gateway: the 1,500-object folder pages, a wrong secret is refused; SIGTERM stops everything within 5 s', async function () {
    if (!ceph.available) {
      // As for the other Ceph-backed tests: in CI its absence is a failure, elsewhere a skip.
      if (process.env.CI === 'true') assert.fail(`Ceph RGW is required when CI=true: ${ceph.reason ?? ''}`);
      console.log(`SKIPPING the demo's Ceph checks: ${ceph.reason ?? ''}`);
      this.skip();
    }
    const demo = await startDemo(/demo: ready/);
    persistent = demo.dir;
    assert.match(demo.output(), /demo: S3 \(Ceph RADOS Gateway\)/);
    assert.match(demo.output(), /seeded with \d+ objects/);
    // The page answers before the signal: the servers really ran.
    const page = await fetch(`http://127.0.0.1:${demo.editorPort}/healthz`);
    assert.strictEqual(page.status, 200);

    const keys = demoKeys(demo.dir);
    const s3 = client(demo.s3Port, keys);
    try {
      const first = await s3.send(new ListObjectsV2Command({ Bucket: BULK.bucket, Prefix: BULK.prefix, MaxKeys: 1000 }));
      assert.strictEqual(first.IsTruncated, true, 'a listing of 1,000 keys of the 1,500-object folder is truncated');
      assert.strictEqual(first.KeyCount, 1000);
      const second = await s3.send(
        new ListObjectsV2Command({ Bucket: BULK.bucket, Prefix: BULK.prefix, MaxKeys: 1000, ContinuationToken: first.NextContinuationToken }),
      );
      assert.strictEqual(second.IsTruncated, false);
      assert.strictEqual(second.KeyCount, BULK.count - 1000);
      await s3.send(new PutObjectCommand({ Bucket: 'demo-input', Key: KEPT_KEY, Body: `written by the test ${randomUUID()}`, ContentType: 'text/plain' }));
    } finally {
      s3.destroy();
    }
    const wrong = client(demo.s3Port, { accessKeyId: keys.accessKeyId, secretAccessKey: `${keys.secretAccessKey}x` });
    try {
      await assert.rejects(
        wrong.send(new ListObjectsV2Command({ Bucket: 'demo-input', MaxKeys: 1 })),
        (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.strictEqual(err.name, 'SignatureDoesNotMatch');
          assert.strictEqual(err.$metadata?.httpStatusCode, 403);
          return true;
        },
      );
    } finally {
      wrong.destroy();
    }

    await signalAndExpectNothingLeft(demo);
    assert.match(demo.output(), /demo: stopping/);
    assert.strictEqual(demo.child.exitCode, 143, 'exit code of a process ended by SIGTERM');
  });

  it("finds the earlier run's data (and seeds nothing) when started again on the same directory; SIGINT stops it", async function () {
    if (!persistent) this.skip();
    const dir = persistent;
    const kept = await (async () => {
      const demo = await startDemo(/demo: ready/, dir);
      assert.match(demo.output(), /its data from the last run/);
      assert.match(demo.output(), /hold the demo media/, 'the second run writes no demo object');
      const s3 = client(demo.s3Port, demoKeys(dir));
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'demo-input', Key: KEPT_KEY }));
        return { body: await got.Body?.transformToString(), demo };
      } finally {
        s3.destroy();
      }
    })();
    assert.match(kept.body ?? '', /^written by the test /);
    // SIGINT here, as a terminal's Ctrl-C or a task runner sends it to the demo's pid alone.
    await signalAndExpectNothingLeft(kept.demo, true, 'SIGINT');
    assert.strictEqual(kept.demo.child.exitCode, 130, 'exit code of a process ended by SIGINT');
  });

  it('falls back to s3rver (MSW_DEMO_S3=s3rver), says what it cannot show, and stops within 5 s of SIGTERM once it is ready', async () => {
    const demo = await startDemo(/demo: ready/, newDir(), { MSW_DEMO_S3: 's3rver' });
    assert.match(demo.output(), /demo: S3 \(s3rver\)/);
    assert.match(demo.output(), /no signature checks/);
    const page = await fetch(`http://127.0.0.1:${demo.editorPort}/healthz`);
    assert.strictEqual(page.status, 200);
    await signalAndExpectNothingLeft(demo);
    assert.match(demo.output(), /demo: stopping/);
    assert.strictEqual(demo.child.exitCode, 143, 'exit code of a process ended by SIGTERM');
  });

  it('leaves nothing running when SIGTERM comes while code-server is still starting', async () => {
    // On the seeded store when there is one: a start-up that is quicker, and one more restart of it.
    const demo = await startDemo(/demo: starting code-server/, persistent ?? newDir());
    await signalAndExpectNothingLeft(demo);
    assert.doesNotMatch(demo.output(), /demo: ready/);
  });

  it('leaves nothing running when SIGTERM comes during a start-up step', async () => {
    // Finding code-server is the one step the test does not skip: the demo waits on a child then.
    const demo = await startDemo(/demo: finding code-server/);
    await signalAndExpectNothingLeft(demo, false);
  });

  it("leaves no Ceph daemon when SIGTERM comes while the gateway's store is being made, and starts over cleanly next time", async function () {
    this.timeout(2 * READY_WITHIN_MS + 30_000);
    if (!ceph.available) this.skip();
    const demo = await startDemo(/demo: starting the Ceph gateway/);
    // Signalled once the monitor runs, in the middle of making the OSD's store.
    const monPid = join(demo.dir, 'ceph', 'pids', 'mon.pid');
    const deadline = Date.now() + READY_WITHIN_MS;
    while (!existsSync(monPid) && demo.child.exitCode === null && Date.now() < deadline) await sleep(20);
    assert.ok(existsSync(monPid), `the monitor did not start:\n${demo.output()}`);
    await signalAndExpectNothingLeft(demo, false);
    assert.doesNotMatch(demo.output(), /demo: S3 \(/);

    // Signalled again while the demo media is being written.
    const again = await startDemo(/demo: S3 \(Ceph RADOS Gateway\)/, demo.dir);
    assert.match(again.output(), /first run: creating its store/);
    await signalAndExpectNothingLeft(again, false);
  });
});
