// Fixture API for tests, the demo and benchmarks (contract in docs/layout.md): real S3
// servers on loopback and a mocha helper that runs a block once per server kind.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { cephAvailability, startCeph } from './ceph';
import { startS3rver } from './s3rverServer';
import type { S3TestServer } from './types';

export type { S3TestServer } from './types';
export { cephAvailability, startCeph } from './ceph';
export { startS3rver } from './s3rverServer';

type Kind = S3TestServer['kind'];

/** Path-style, and checksums only when an operation needs them: Ceph refuses the SDK's
 *  default aws-chunked streaming bodies with 411 MissingContentLength. */
export function makeClient(server: S3TestServer, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

let bucketCounter = 0;

/** A fresh bucket name valid on AWS, Ceph and s3rver: 3–63 chars of [a-z0-9-]. */
export function uniqueBucket(prefix = 'msw'): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'msw';
  bucketCounter += 1;
  const suffix = `${Date.now().toString(36)}-${process.pid.toString(36)}-${bucketCounter}-${Math.random().toString(36).slice(2, 8)}`;
  return `${clean}-${suffix}`.slice(0, 63).replace(/-+$/, '');
}

// One server of each kind per mocha run, started on first use and shared by every block.
const shared = new Map<Kind, Promise<S3TestServer>>();

function sharedServer(kind: Kind): Promise<S3TestServer> {
  let server = shared.get(kind);
  if (!server) {
    server = kind === 'ceph' ? startCeph() : startS3rver();
    shared.set(kind, server);
  }
  return server;
}

/** Stops every shared server; the root after-all hook (test/s3/hooks.ts) calls it. */
export async function stopSharedServers(): Promise<void> {
  const started = [...shared.values()];
  shared.clear();
  const results = await Promise.allSettled(
    started.map(async (p) => {
      const server = await p.catch(() => undefined);
      await server?.stop();
    }),
  );
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(`stopping S3 test servers failed: ${failed.map((f) => String(f.reason)).join('; ')}`);
  }
}

let cephSkipReported = false;

/**
 * Declares `title [s3rver]` and `title [ceph]` blocks; `get()` returns the running server
 * inside hooks and tests. Without Ceph the ceph block is declared skipped (its hooks never
 * run) with a printed reason, except in CI (CI=true) where it is one failing test.
 */
export function describeEachServer(title: string, fn: (get: () => S3TestServer) => void, opts: { only?: Kind } = {}): void {
  const kinds: Kind[] = opts.only ? [opts.only] : ['s3rver', 'ceph'];
  for (const kind of kinds) {
    const blockTitle = `${title} [${kind}]`;
    const availability = kind === 'ceph' ? cephAvailability() : { available: true };
    if (!availability.available) {
      if (process.env.CI === 'true') {
        describe(blockTitle, () => {
          it('needs Ceph RADOS Gateway (CI=true makes its absence a failure)', () => {
            throw new Error(`Ceph RGW is required when CI=true: ${availability.reason}`);
          });
        });
        continue;
      }
      if (!cephSkipReported) {
        cephSkipReported = true;
        console.log(`\n    SKIPPING ceph-backed tests: ${availability.reason}\n`);
      }
      describe.skip(`${blockTitle} (skipped: Ceph RGW unavailable)`, () => fn(notStarted(kind)));
      continue;
    }
    describe(blockTitle, function () {
      let server: S3TestServer | undefined;
      before(async function () {
        // Starting is a one-time cost of the run, not of the test that happens to be first.
        this.timeout(180_000);
        server = await sharedServer(kind);
      });
      fn(() => server ?? notStarted(kind)());
    });
  }
}

function notStarted(kind: Kind): () => never {
  return () => {
    throw new Error(`the ${kind} server is not started yet: call get() inside a hook or test, not while declaring`);
  };
}
