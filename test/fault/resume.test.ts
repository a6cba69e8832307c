// Resume after the uploading process dies: a 600 MiB multipart upload is killed with SIGKILL
// at about half its parts, then resumed from the record it left; only the missing parts cross
// the (counting) fault proxy, and the object is the file.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { createWriteStream, promises as fs } from 'fs';
import { randomBytes } from 'crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { FileResumeStore } from '../../src/core/transfer/resumeStore';
import { resumeUpload, retryFailed, uploadBatch } from '../../src/core/transfer/upload';
import { cephAvailability, describeEachServer, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { createBucket, MiB, scratchDir } from '../support/transferFiles';
import { gatewayClient, incompleteUploads, md5OfLocal, md5OfObject } from './support';

async function writeLargeRandomFile(file: string, bytes: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += 8 * MiB) {
    if (!out.write(randomBytes(Math.min(8 * MiB, bytes - written)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

describeEachServer('resume after the uploading process is killed', (get) => {
  const scratch = scratchDir('resume');
  let direct: S3Client;
  let proxy: FaultProxy;
  let bucket: string;

  before(async () => {
    direct = await gatewayClient(get());
    bucket = await createBucket(direct, uniqueBucket('resume'));
    proxy = await startFaultProxy(get().endpoint);
  });

  after(async () => {
    direct?.destroy();
    await proxy?.close();
    scratch.remove();
  });

  it('sends only the missing parts (≤ 55 % of the file) and the object matches the file', async function () {
    this.timeout(300_000);
    const size = 600 * MiB;
    const partSize = 16 * MiB;
    const file = path.join(scratch.dir, 'master', 'master.mov');
    await writeLargeRandomFile(file, size);
    const storeDir = path.join(scratch.dir, 'store');
    const store = new FileResumeStore(storeDir);
    const server = get();
    const job = {
      endpoint: proxy.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      bucket,
      prefix: 'masters',
      file,
      storeDir,
      partSizeBytes: partSize,
      queueSize: 4,
    };
    const child = spawn(process.execPath, [path.join(__dirname, 'uploadChild.js'), JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Killed once the record shows half the parts done, like an editor closed mid-upload.
    let sentAtKill = 0;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const [record] = await store.list();
      const done = record ? record.parts.reduce((sum, p) => sum + p.size, 0) : 0;
      if (done >= size / 2) {
        child.kill('SIGKILL');
        sentAtKill = done;
        break;
      }
      assert.ok(child.exitCode === null, 'the child finished or died before it could be killed');
      assert.ok(Date.now() < deadline, `no progress: ${done} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await exited;
    assert.strictEqual(await md5OfObject(direct, bucket, 'masters/master.mov'), undefined, 'no object after the kill');

    const [record] = await store.list();
    assert.ok(record, 'the killed upload left its record');
    proxy.resetCounters();
    const client = await gatewayClient(server, proxy.endpoint);
    try {
      const result = await resumeUpload(client, record, { bucket }, { overwrite: 'overwrite', resumeStore: store, partSizeBytes: partSize, queueSize: 4 });
      assert.deepStrictEqual(
        result.files.map((f) => `${f.key} ${f.status} ${String(f.error ?? '')}`),
        ['masters/master.mov uploaded '],
      );
    } finally {
      client.destroy();
    }
    const ratio = proxy.bytesUpstream / size;
    assert.ok(ratio <= 0.55, `the resume sent ${(ratio * 100).toFixed(1)} % of the file through the proxy (${sentAtKill} bytes were done at the kill)`);
    assert.strictEqual(await md5OfObject(direct, bucket, 'masters/master.mov'), await md5OfLocal(file), 'the object is the file');
    assert.deepStrictEqual(await store.list(), [], 'the record is removed once complete');
    if (server.kind === 'ceph') assert.deepStrictEqual(await incompleteUploads(direct, bucket), []);
  });
});

(cephAvailability().available || process.env.CI === 'true' ? describe : describe.skip)(
  'the gateway killed and restarted mid-multipart [ceph, dedicated]',
  () => {
    const scratch = scratchDir('gateway-restart');
    let server: S3TestServer;
    let client: S3Client;
    let bucket: string;

    before(async function () {
      this.timeout(180_000);
      server = await startCeph();
      client = await gatewayClient(server);
      bucket = await createBucket(client, uniqueBucket('gateway-restart'));
    });

    after(async () => {
      client?.destroy();
      await server?.stop();
      scratch.remove();
    });

    it('the upload rides out the restart with the default backoff, or Retry resumes it; the object is the file', async function () {
      this.timeout(300_000);
      const size = 200 * MiB;
      const file = path.join(scratch.dir, 'master.mov');
      await writeLargeRandomFile(file, size);
      const store = new FileResumeStore(path.join(scratch.dir, 'store'));
      let restart: Promise<void> | undefined;
      const result = await uploadBatch(
        client,
        [file],
        { bucket, prefix: 'restart' },
        {
          overwrite: 'overwrite',
          multipartThresholdBytes: 16 * MiB,
          partSizeBytes: 16 * MiB,
          queueSize: 4,
          resumeStore: store,
          onProgress: (p) => {
            if (!restart && p.bytesDone > size / 2) {
              restart = (async () => {
                await server.killGateway!();
                await new Promise((r) => setTimeout(r, 3_000));
                await server.startGateway!();
              })();
            }
          },
        },
      );
      assert.ok(restart, 'the gateway was killed');
      await restart;
      let final = result;
      if (result.files[0]?.status !== 'uploaded') {
        // Kept for Resume (a network failure): Retry sends only the missing parts.
        assert.strictEqual(result.files[0]?.leftovers?.status, 'kept', `${result.files[0]?.status}: ${String(result.files[0]?.error)}`);
        final = await retryFailed(client, result, { overwrite: 'overwrite', resumeStore: store, multipartThresholdBytes: 16 * MiB, partSizeBytes: 16 * MiB });
      }
      assert.deepStrictEqual(
        final.files.map((f) => `${f.status} ${String(f.error ?? '')}`),
        ['uploaded '],
      );
      assert.strictEqual(await md5OfObject(client, bucket, 'restart/master.mov'), await md5OfLocal(file));
      assert.deepStrictEqual(await incompleteUploads(client, bucket), []);
      assert.deepStrictEqual(await store.list(), []);
    });
  },
);
