// Transfers through a loopback fault proxy in front of a real server: a reset mid-batch, an
// endpoint that goes silent, and Cancel while requests hang. Loopback only, bounded in time.
import * as assert from 'assert';
import * as path from 'path';
import type { S3Client } from '@aws-sdk/client-s3';
import { uploadBatch } from '../../src/core/transfer/upload';
import { describeEachServer, uniqueBucket } from '../s3/servers';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { createBucket, MiB, scratchDir, writeRandomFile } from '../support/transferFiles';
import { gatewayClient, md5, md5OfObject, QUICK_RETRY } from './support';

describeEachServer('transfers through network faults', (get) => {
  const scratch = scratchDir('network-faults');
  let direct: S3Client;
  let proxy: FaultProxy;
  let bucket: string;

  before(async () => {
    direct = await gatewayClient(get());
    bucket = await createBucket(direct, uniqueBucket('network-faults'));
    proxy = await startFaultProxy(get().endpoint);
  });

  after(async () => {
    direct?.destroy();
    await proxy?.close();
    scratch.remove();
  });

  it('40 × 10 MiB with one connection reset: all 40 uploaded, each verified', async function () {
    this.timeout(240_000);
    const dir = path.join(scratch.dir, 'forty');
    const contents = new Map<string, Buffer>();
    for (let i = 0; i < 40; i++) {
      contents.set(`forty/clip-${String(i).padStart(2, '0')}.ts`, await writeRandomFile(path.join(dir, `clip-${String(i).padStart(2, '0')}.ts`), 10 * MiB));
    }
    const client = await gatewayClient(get(), proxy.endpoint, { retry: QUICK_RETRY });
    proxy.setMode({ kind: 'pass' });
    proxy.resetCounters();
    let armed = false;
    try {
      const result = await uploadBatch(
        client,
        [dir],
        { bucket },
        {
          overwrite: 'overwrite',
          onProgress: (p) => {
            // One reset, a quarter of the way in, on whichever connection carries the next 3 MiB.
            if (!armed && p.bytesDone > 100 * MiB) {
              armed = true;
              proxy.setMode({ kind: 'reset-after', bytes: 3 * MiB, once: true });
            }
          },
        },
      );
      assert.strictEqual(proxy.resets, 1, 'exactly one reset was injected');
      assert.deepStrictEqual(
        result.files.filter((f) => f.status !== 'uploaded').map((f) => `${f.key}: ${f.status} ${String(f.error)}`),
        [],
      );
      assert.strictEqual(result.uploaded.length, 40);
      for (const [key, data] of contents) assert.strictEqual(await md5OfObject(direct, bucket, key), md5(data), key);
    } finally {
      client.destroy();
      proxy.setMode({ kind: 'pass' });
    }
  });

  it('a 20 s outage mid-multipart (every connection reset, then refused) is ridden out with the default backoff', async function () {
    this.timeout(180_000);
    const file = path.join(scratch.dir, 'outage', 'master.mov');
    const data = await writeRandomFile(file, 60 * MiB);
    // The production retry policy: this is what the user gets.
    const client = await gatewayClient(get(), proxy.endpoint);
    proxy.setMode({ kind: 'pass' });
    let outage: Promise<void> | undefined;
    try {
      const result = await uploadBatch(
        client,
        [file],
        { bucket, prefix: 'outage' },
        {
          overwrite: 'overwrite',
          multipartThresholdBytes: 8 * MiB,
          partSizeBytes: 5 * MiB,
          queueSize: 2,
          onProgress: (p) => {
            if (!outage && p.bytesDone > 20 * MiB) {
              proxy.setMode({ kind: 'refuse' });
              proxy.resetAll();
              outage = new Promise((resolve) => setTimeout(resolve, 20_000)).then(() => proxy.setMode({ kind: 'pass' }));
            }
          },
        },
      );
      assert.ok(outage, 'the outage was injected');
      await outage;
      assert.deepStrictEqual(
        result.files.map((f) => `${f.status} ${String(f.error ?? '')}`),
        ['uploaded '],
      );
      assert.strictEqual(await md5OfObject(direct, bucket, 'outage/master.mov'), md5(data));
    } finally {
      client.destroy();
      proxy.setMode({ kind: 'pass' });
    }
  });

  it('an upload to a black-holed endpoint ends within 2 s of Cancel, with nothing left pending', async function () {
    this.timeout(60_000);
    const file = path.join(scratch.dir, 'hole', 'master.mp4');
    await writeRandomFile(file, 12 * MiB);
    const client = await gatewayClient(get(), proxy.endpoint, { idleTimeoutMs: 30_000 });
    try {
      for (const threshold of [64 * MiB, 8 * MiB]) {
        proxy.setMode({ kind: 'blackhole' });
        const controller = new AbortController();
        const running = uploadBatch(
          client,
          [file],
          { bucket, prefix: `hole-${threshold}` },
          {
            overwrite: 'overwrite',
            multipartThresholdBytes: threshold,
            partSizeBytes: 5 * MiB,
            signal: controller.signal,
          },
        );
        await new Promise((r) => setTimeout(r, 1_000));
        const cancelledAt = Date.now();
        controller.abort();
        const result = await running;
        const took = Date.now() - cancelledAt;
        assert.ok(took <= 2_000, `the batch ended ${took} ms after Cancel (threshold ${threshold})`);
        assert.strictEqual(result.wasCancelled, true);
        assert.ok(
          result.files.every((f) => f.status === 'cancelled' || f.status === 'not-started'),
          JSON.stringify(result.files.map((f) => f.status)),
        );
        proxy.setMode({ kind: 'pass' });
        assert.strictEqual(await md5OfObject(direct, bucket, `hole-${threshold}/master.mp4`), undefined, 'no object from a cancelled upload');
      }
    } finally {
      client.destroy();
      proxy.setMode({ kind: 'pass' });
    }
    // The sockets the cancelled requests held are gone once the client is destroyed; what is
    // left open belongs to the proxy's listener and the shared servers.
    const sockets = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    assert.ok(sockets <= 4, `open sockets after the test: ${sockets}`);
  });

  it('a stalled transfer fails with a timeout instead of hanging (idle timeout)', async function () {
    this.timeout(60_000);
    const file = path.join(scratch.dir, 'stall', 'clip.ts');
    await writeRandomFile(file, 2 * MiB);
    const client = await gatewayClient(get(), proxy.endpoint, { idleTimeoutMs: 1_500, retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200 } });
    proxy.setMode({ kind: 'blackhole' });
    try {
      const started = Date.now();
      const result = await uploadBatch(client, [file], { bucket, prefix: 'stall' }, { overwrite: 'overwrite' });
      const took = Date.now() - started;
      const [outcome] = result.files;
      assert.strictEqual(outcome?.status, 'failed');
      assert.match(String((outcome?.error as Error | undefined)?.name), /TimeoutError/);
      // The existence check times out (2 attempts × 1.5 s + backoff), then the report is made.
      assert.ok(took < 8_000, `took ${took} ms`);
    } finally {
      client.destroy();
      proxy.setMode({ kind: 'pass' });
    }
  });
});
