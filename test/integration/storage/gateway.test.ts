// The S3 gateway (src/core/storage/client.ts, retry.ts, proxy.ts) against the faults a user
// meets: an endpoint that takes the connection and never answers, a reset in the middle of a
// PUT, throttling, a Cancel, a corporate proxy. Real servers on loopback; faults from the fault
// proxy (test/support/faultProxy.ts). Timings are measured and bounded, and printed for the record.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, INTERACTIVE_RETRY, sendOptions, type NetworkOptions } from '../../../src/core/storage/client';
import type { Connection } from '../../../src/core/storage/connection';
import { bypassesProxy, proxyFor } from '../../../src/core/storage/proxy';
import { backoffDelay, DEFAULT_RETRY_POLICY, withRetries, type RetryEvent, type RetryPolicy } from '../../../src/core/storage/retry';
import { decodeError } from '../../../src/core/errors';
import { classifyError, notAnsweringText } from '../../../src/core/errors/classify';
import { describeEachServer, makeClient, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { startConnectProxy, type ConnectProxy } from '../../support/connectProxy';
import { resetSocket, startFaultProxy, type FaultProxy } from '../../support/faultProxy';

const ROOT = join(__dirname, '..', '..', '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const IDLE_MS = 1500;
const RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 };
// `env: {}`: the machine's HTTPS_PROXY/NO_PROXY must not decide where a loopback test connects.
const FAST: Partial<NetworkOptions> = { idleTimeoutMs: IDLE_MS, connectTimeoutMs: 1000, retry: RETRY, proxy: { env: {} } };

type Failure = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

function connectionTo(endpoint: string): Connection {
  return { id: 'gw', label: 'Gateway test', kind: 's3-compatible', region: 'us-east-1', endpoint, forcePathStyle: true };
}

function failureOf(p: Promise<unknown>): Promise<Failure> {
  return p.then(
    () => assert.fail('expected the request to fail'),
    (e: unknown) => e as Failure,
  );
}

async function waitFor(what: string, ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`still not true after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function note(text: string): void {
  console.log(`      ↳ ${text}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function tcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

describe('gateway: an endpoint that never answers', () => {
  // The black hole never forwards, so no server is needed behind it.
  let proxy: FaultProxy;
  const clients: S3Client[] = [];
  const client = async (network: Partial<NetworkOptions> = {}): Promise<S3Client> => {
    const c = await createS3Client(connectionTo(proxy.endpoint), KEYS, { ...FAST, ...network });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    proxy = await startFaultProxy('http://127.0.0.1:9');
    proxy.setMode({ kind: 'blackhole' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await proxy.close();
  });

  it('fails with TimeoutError after the idle timeout of each attempt, not a hang', async () => {
    const retries: RetryEvent[] = [];
    const s3 = await client({ onRetry: (e) => retries.push(e) });
    const t0 = performance.now();
    const err = await failureOf(s3.send(new ListObjectsV2Command({ Bucket: 'media' })));
    const ms = performance.now() - t0;
    note(`black hole: ${err.name} after ${seconds(ms)} (${proxy.connections} attempts, idle timeout ${IDLE_MS} ms)`);
    assert.strictEqual(err.name, 'TimeoutError', err.message);
    assert.match(err.message, /1500 ms of inactivity/);
    // Each attempt waited out the idle timeout, and the whole stayed within attempts × idle + backoff + 1 s.
    assert.ok(ms >= RETRY.maxAttempts * IDLE_MS - 50, `failed after ${ms} ms, before ${RETRY.maxAttempts} idle timeouts`);
    assert.ok(ms <= RETRY.maxAttempts * IDLE_MS + RETRY.maxDelayMs + 1000, `failed after ${ms} ms`);
    assert.strictEqual(proxy.connections, 2, 'one connection per attempt');
    assert.deepStrictEqual(
      retries.map((r) => [r.attempt, r.maxAttempts, r.reason]),
      [[1, 2, 'transient']],
    );
    // What the tree shows for it.
    const decoded = decodeError(err);
    assert.strictEqual(classifyError(decoded, err), 'not-answering');
    assert.strictEqual(
      notAnsweringText(err, { connectTimeoutMs: 1000, idleTimeoutMs: IDLE_MS }, connectionTo(proxy.endpoint)),
      `Not answering after 1.5 s: ${proxy.endpoint}`,
    );
    await waitFor('the timed-out sockets are closed', () => proxy.openConnections === 0);
  });

  it('with INTERACTIVE_RETRY reports after one idle timeout: a timeout is not tried again', async () => {
    const s3 = await client({ retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 100 } });
    const t0 = performance.now();
    const err = await failureOf(s3.send(new ListBucketsCommand({}), sendOptions({ retry: INTERACTIVE_RETRY })));
    const ms = performance.now() - t0;
    note(`interactive listing of a black hole: ${err.name} after ${seconds(ms)}`);
    assert.strictEqual(err.name, 'TimeoutError');
    assert.ok(ms >= IDLE_MS - 50 && ms <= IDLE_MS + 1000, `failed after ${ms} ms`);
    assert.strictEqual(proxy.connections, 1);
  });

  it('an idle timeout of 9 s is 9 s, not 12: the HTTP handler starts watching 3 s late from 6 s up', async function () {
    this.timeout(20_000);
    const s3 = await client({ idleTimeoutMs: 9000, retry: { maxAttempts: 1, baseDelayMs: 50, maxDelayMs: 100 } });
    const t0 = performance.now();
    const err = await failureOf(s3.send(new ListBucketsCommand({})));
    const ms = performance.now() - t0;
    note(`idle timeout 9 s: ${err.name} after ${seconds(ms)}`);
    assert.strictEqual(err.name, 'TimeoutError');
    assert.ok(ms >= 8900 && ms <= 9900, `failed after ${ms} ms`);
  });

  it('Cancel 200 ms into the request rejects with AbortError at once and leaves no socket open', async () => {
    const before = tcpSockets();
    const retries: RetryEvent[] = [];
    const s3 = await client({ onRetry: (e) => retries.push(e) });
    const cancel = new AbortController();
    const timer = setTimeout(() => cancel.abort(), 200);
    const t0 = performance.now();
    const err = await failureOf(s3.send(new ListObjectsV2Command({ Bucket: 'media' }), { abortSignal: cancel.signal }));
    const ms = performance.now() - t0;
    clearTimeout(timer);
    note(`cancel: ${err.name} ${seconds(ms)} after the request started (cancelled at 0.20 s)`);
    assert.strictEqual(err.name, 'AbortError');
    assert.ok(ms < 2000, `rejected after ${ms} ms`);
    // The SDK destroyed the request's socket, not just stopped waiting for it.
    await waitFor('the proxy sees the cancelled connection closed', () => proxy.openConnections === 0, 1000);
    // Nothing runs on after the cancel: no retry, no second connection.
    await new Promise((r) => setTimeout(r, IDLE_MS + 200));
    assert.strictEqual(proxy.connections, 1);
    assert.deepStrictEqual(retries, []);
    s3.destroy();
    // Both ends of the connection live in this process (the proxy is in-process): none is left.
    await waitFor('no TCP socket of this test is left in the process', () => tcpSockets() <= before, 1000);
  });
});

/** A loopback HTTP server that answers from a script: for the S3 answers no test server gives on demand (503 SlowDown). */
interface Scripted {
  endpoint: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

type Answer = 'reset' | { status: number; body: string };

const LIST_BUCKETS_XML =
  '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID><DisplayName>o</DisplayName></Owner>' +
  '<Buckets><Bucket><Name>media</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';
const ok: Answer = { status: 200, body: LIST_BUCKETS_XML };
const s3Error = (status: number, code: string): Answer => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} from the scripted server</Message><RequestId>req-1</RequestId></Error>`,
});

async function scriptedServer(script: Answer[]): Promise<Scripted> {
  const requests: Scripted['requests'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const answer = script[Math.min(requests.length, script.length) - 1];
    req.resume();
    if (answer === 'reset') {
      resetSocket(req.socket);
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'req-1' });
    res.end(answer.body);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('gateway: retries and backoff', () => {
  const policy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 10_000 };
  let server: Scripted | undefined;
  let s3: S3Client | undefined;
  afterEach(async () => {
    s3?.destroy();
    s3 = undefined;
    await server?.close();
    server = undefined;
  });

  const run = async (script: Answer[], network: Partial<NetworkOptions> = {}): Promise<{ retries: RetryEvent[]; result: Promise<unknown> }> => {
    server = await scriptedServer(script);
    const retries: RetryEvent[] = [];
    s3 = await createS3Client(connectionTo(server.endpoint), KEYS, {
      ...FAST,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
      onRetry: (e) => retries.push(e),
      ...network,
    });
    return { retries, result: s3.send(new ListBucketsCommand({})) };
  };

  it('backoffDelay: equal jitter between half and all of a doubling ceiling, capped at maxDelayMs', () => {
    const low = (): number => 0;
    const high = (): number => 1;
    assert.deepStrictEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, low)),
      [250, 500, 1000, 2000, 4000],
    );
    assert.deepStrictEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, high)),
      [500, 1000, 2000, 4000, 8000],
    );
    assert.deepStrictEqual(
      [6, 7, 20].map((n) => [backoffDelay(n, policy, low), backoffDelay(n, policy, high)]),
      [
        [5000, 10_000],
        [5000, 10_000],
        [5000, 10_000],
      ],
    );
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, policy);
      assert.ok(d >= 1000 && d <= 2000, `retry 3 waited ${d} ms`);
    }
    // The default policy's 7 waits ride out a 20 s outage however the jitter falls: 22.75 s at
    // the least, 45.5 s at the most.
    const total = (random: () => number): number => [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + backoffDelay(n, DEFAULT_RETRY_POLICY, random), 0);
    assert.deepStrictEqual([total(low), total(high)], [22_750, 45_500]);
  });

  it('does not retry a 4xx: AccessDenied is answered after one request', async () => {
    const { retries, result } = await run([s3Error(403, 'AccessDenied'), ok]);
    const err = await failureOf(result);
    assert.strictEqual(err.name, 'AccessDenied');
    assert.strictEqual(server?.requests.length, 1);
    assert.deepStrictEqual(retries, []);
  });

  it('retries 503 SlowDown (throttling) and 503 ServiceUnavailable, then succeeds', async () => {
    const { retries, result } = await run([s3Error(503, 'SlowDown'), s3Error(503, 'ServiceUnavailable'), ok]);
    const out = (await result) as { Buckets?: { Name?: string }[] };
    assert.deepStrictEqual(
      out.Buckets?.map((b) => b.Name),
      ['media'],
    );
    assert.strictEqual(server?.requests.length, 3);
    assert.deepStrictEqual(
      retries.map((r) => [r.attempt, r.reason]),
      [
        [1, 'throttling'],
        [2, 'transient'],
      ],
    );
  });

  it('retries a connection reset (ECONNRESET) and gives up after maxAttempts', async () => {
    const { retries, result } = await run(['reset', ok]);
    await result;
    assert.strictEqual(retries.length, 1);
    assert.strictEqual((retries[0].error as Failure).code, 'ECONNRESET');
    s3?.destroy();
    await server?.close();
    const again = await run(['reset']);
    const err = await failureOf(again.result);
    assert.strictEqual(err.code, 'ECONNRESET');
    assert.strictEqual(server?.requests.length, 3, 'maxAttempts 3');
  });

  it('a Cancel during the backoff sleep rejects at once, and no further attempt is made', async () => {
    const cancel = new AbortController();
    let abortedAt = 0;
    server = await scriptedServer([s3Error(503, 'SlowDown')]);
    s3 = await createS3Client(connectionTo(server.endpoint), KEYS, {
      ...FAST,
      retry: { maxAttempts: 5, baseDelayMs: 5000, maxDelayMs: 5000 },
      onRetry: () => {
        setTimeout(() => {
          abortedAt = performance.now();
          cancel.abort();
        }, 100);
      },
    });
    const err = await failureOf(s3.send(new ListBucketsCommand({}), { abortSignal: cancel.signal }));
    const lag = performance.now() - abortedAt;
    note(`cancel during a 2.5–5 s backoff: rejected ${lag.toFixed(1)} ms after the cancel`);
    assert.strictEqual(err.name, 'AbortError');
    assert.ok(abortedAt > 0 && lag < 100, `rejected ${lag} ms after the cancel`);
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(server.requests.length, 1);
  });

  it('withRetries on its own: stops on an error that is not worth retrying, and on a cancel before the first attempt', async () => {
    let calls = 0;
    const notFound = Object.assign(new Error('gone'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await assert.rejects(
      withRetries(
        () => {
          calls++;
          return Promise.reject(notFound);
        },
        { policy },
      ),
      /gone/,
    );
    assert.strictEqual(calls, 1);
    const cancel = new AbortController();
    cancel.abort();
    await assert.rejects(
      withRetries(() => Promise.resolve(++calls), { signal: cancel.signal }),
      { name: 'AbortError' },
    );
    assert.strictEqual(calls, 1, 'no attempt after a cancel');
  });
});

describeEachServer('gateway through the fault proxy', (get: () => S3TestServer) => {
  let proxy: FaultProxy;
  let direct: S3Client;
  let s3: S3Client;
  const retries: RetryEvent[] = [];
  const bucket = uniqueBucket('gateway');

  before(async () => {
    direct = makeClient(get());
    await direct.send(new CreateBucketCommand({ Bucket: bucket }));
    proxy = await startFaultProxy(get().endpoint);
    const keys = { accessKeyId: get().accessKeyId, secretAccessKey: get().secretAccessKey };
    s3 = await createS3Client(connectionTo(proxy.endpoint), keys, { ...FAST, onRetry: (e) => retries.push(e) });
  });
  after(async () => {
    s3?.destroy();
    direct?.destroy();
    await proxy?.close();
  });
  beforeEach(() => {
    retries.length = 0;
    proxy.setMode({ kind: 'pass' });
    proxy.resetCounters();
  });

  it('a reset in the middle of a small PUT (Buffer body) is retried, and the object lands whole', async () => {
    const body = randomBytes(64 * 1024);
    proxy.setMode({ kind: 'reset-after', bytes: 4096, once: true });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'buffer.bin', Body: body }));
    assert.strictEqual(proxy.resets, 1);
    assert.strictEqual(retries.length, 1, 'one retry');
    assert.match(String((retries[0].error as Failure).code), /^(ECONNRESET|EPIPE)$/);
    const got = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: 'buffer.bin' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body), 'the stored object is the whole body');
  });

  it('a stream body is sent once: a reset fails the PUT and the gateway does not retry it', async () => {
    const body = randomBytes(64 * 1024);
    proxy.setMode({ kind: 'reset-after', bytes: 4096, once: true });
    const err = await failureOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stream.bin', Body: Readable.from([body]), ContentLength: body.length })));
    // Mode "once" is back to pass: a retry would have succeeded, so the failure proves there was none.
    assert.match(`${err.name} ${String(err.code)}`, /ECONNRESET|EPIPE|socket hang up|aborted/i, err.message);
    assert.strictEqual(proxy.resets, 1);
    assert.deepStrictEqual(retries, []);
  });

  it('a 4xx from the server (NoSuchBucket) is not retried', async () => {
    const err = await failureOf(s3.send(new ListObjectsV2Command({ Bucket: uniqueBucket('absent') })));
    assert.strictEqual(err.name, 'NoSuchBucket');
    assert.deepStrictEqual(retries, []);
  });

  it(`names the extension in the User-Agent: media-storage-workbench/${VERSION}`, async () => {
    const named = await createS3Client(
      connectionTo(proxy.endpoint),
      { accessKeyId: get().accessKeyId, secretAccessKey: get().secretAccessKey },
      {
        ...FAST,
        userAgent: `media-storage-workbench/${VERSION}`,
      },
    );
    try {
      await named.send(new ListObjectsV2Command({ Bucket: bucket }));
    } finally {
      named.destroy();
    }
    const agent = /^user-agent: (.*)$/im.exec(proxy.heads.join('\n'))?.[1] ?? '';
    assert.ok(agent.includes(`media-storage-workbench/${VERSION}`), `User-Agent: ${agent}`);
  });
});

describeEachServer(
  'gateway through an HTTP proxy',
  (get: () => S3TestServer) => {
    let proxy: ConnectProxy;
    const target = (): string => new URL(get().endpoint).host;
    const listThrough = async (network: Partial<NetworkOptions>): Promise<string[]> => {
      const s3 = await createS3Client(
        connectionTo(get().endpoint),
        { accessKeyId: get().accessKeyId, secretAccessKey: get().secretAccessKey },
        { ...FAST, ...network },
      );
      try {
        const out = await s3.send(new ListBucketsCommand({}));
        return (out.Buckets ?? []).map((b) => b.Name ?? '');
      } finally {
        s3.destroy();
      }
    };
    before(async () => {
      proxy = await startConnectProxy();
    });
    after(async () => {
      await proxy?.close();
    });
    beforeEach(() => {
      proxy.connects.length = 0;
    });

    it('tunnels through http.proxy with CONNECT to the endpoint, and the request succeeds', async () => {
      const buckets = await listThrough({ proxy: { url: proxy.url, env: {} } });
      assert.ok(Array.isArray(buckets));
      assert.deepStrictEqual(proxy.connects, [target()]);
    });

    it('takes HTTP_PROXY from the environment when no proxy is set', async () => {
      await listThrough({ proxy: { env: { HTTP_PROXY: proxy.url } } });
      assert.deepStrictEqual(proxy.connects, [target()]);
    });

    it('goes direct for a host named in noProxy or NO_PROXY', async () => {
      await listThrough({ proxy: { url: proxy.url, noProxy: ['127.0.0.1'], env: {} } });
      await listThrough({ proxy: { url: proxy.url, env: { NO_PROXY: 'localhost,127.0.0.1,::1' } } });
      assert.deepStrictEqual(proxy.connects, []);
    });
  },
  { only: 's3rver' },
);

describe('gateway: which proxy for an endpoint (proxyFor, NO_PROXY)', () => {
  const P = 'http://proxy.corp:3128';
  it('takes http.proxy first, then the scheme variable, then ALL_PROXY; lower case wins', () => {
    assert.strictEqual(proxyFor('https://s3.eu-west-1.amazonaws.com', { url: P, env: { HTTPS_PROXY: 'http://other:1' } }), P);
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: { HTTPS_PROXY: P } }), P);
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: { HTTP_PROXY: P } }), undefined, 'HTTP_PROXY is for http:// endpoints');
    assert.strictEqual(proxyFor('http://minio.lab:9000', { env: { HTTP_PROXY: P } }), P);
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: { ALL_PROXY: P } }), P);
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: { https_proxy: P, HTTPS_PROXY: 'http://upper:1' } }), P);
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: { HTTPS_PROXY: 'proxy.corp:3128' } }), P, 'a bare host:port gets http://');
    assert.strictEqual(proxyFor('https://s3.amazonaws.com', { env: {} }), undefined);
  });

  it('NO_PROXY and http.noProxy: *, exact hosts, .suffix and *.suffix, ports, IPv6', () => {
    const via = (endpoint: string, noProxy: string, extra: string[] = []): string | undefined =>
      proxyFor(endpoint, { url: P, noProxy: extra, env: { NO_PROXY: noProxy } });
    assert.strictEqual(via('https://s3.amazonaws.com', '*'), undefined);
    assert.strictEqual(via('http://minio.lab:9000', 'minio.lab'), undefined);
    assert.strictEqual(via('http://MINIO.lab:9000', 'minio.LAB'), undefined, 'case-insensitive');
    assert.strictEqual(via('https://a.b.example.com', '.example.com'), undefined);
    assert.strictEqual(via('https://example.com', '.example.com'), undefined, '.suffix covers the domain itself');
    assert.strictEqual(via('https://a.example.com', '*.example.com'), undefined);
    assert.strictEqual(via('https://badexample.com', '.example.com'), P, 'a suffix matches at a dot only');
    assert.strictEqual(via('http://minio.lab:9000', 'minio.lab:9000'), undefined);
    assert.strictEqual(via('http://minio.lab:9001', 'minio.lab:9000'), P, 'another port is proxied');
    assert.strictEqual(via('https://s3.amazonaws.com', 'minio.lab, s3.amazonaws.com'), undefined, 'comma and space separated');
    assert.strictEqual(via('http://[::1]:9000', '::1'), undefined, 'a bare IPv6 address');
    assert.strictEqual(via('http://[::1]:9000', '[::1]:9000'), undefined);
    assert.strictEqual(via('http://[::1]:9000', '[::1]:9001'), P);
    assert.strictEqual(via('http://127.0.0.1:9000', '', ['127.0.0.1']), undefined, 'http.noProxy adds to NO_PROXY');
    assert.strictEqual(bypassesProxy('s3.amazonaws.com', 443, ['', '  ']), false, 'empty entries match nothing');
  });
});

describe('gateway: loading', () => {
  it('importing the client, retry and proxy modules loads neither the AWS SDK nor smithy', () => {
    // A fresh process: this one has the SDK loaded by other tests already. The build maps
    // sdkDeps to the whole SDK bundle, so a static import of it would load the SDK at activation.
    const dir = join(__dirname, '../../../src/core/storage');
    const script = `
      for (const m of ['client', 'retry', 'proxy', 'listing', 'accessCheck']) require(${JSON.stringify(dir)} + '/' + m + '.js');
      const loaded = Object.keys(require.cache).filter((k) => /@aws-sdk|@smithy|hpagent|sdkDeps/.test(k));
      process.stdout.write(JSON.stringify(loaded));`;
    assert.strictEqual(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }), '[]');
  });
});
