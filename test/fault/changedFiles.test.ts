// Files that change while they upload: a same-size rewrite during a multipart upload, a file
// that grows during a single PUT. Neither may be reported uploaded, neither may leave an object
// of this attempt, and Retry sends the file as it is now.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { retryFailed, uploadBatch } from '../../src/core/transfer/upload';
import { describeEachServer, uniqueBucket } from '../s3/servers';
import { createBucket, MiB, readObject, scratchDir, writeRandomFile } from '../support/transferFiles';
import { gatewayClient, incompleteUploads, md5, md5OfObject } from './support';

describeEachServer('files that change while uploading', (get) => {
  const scratch = scratchDir('changed');
  let client: S3Client;
  let bucket: string;

  before(async () => {
    client = await gatewayClient(get());
    bucket = await createBucket(client, uniqueBucket('changed'));
  });

  after(() => {
    client?.destroy();
    scratch.remove();
  });

  for (const existing of [false, true]) {
    it(`a same-size rewrite during a multipart upload fails "changed while uploading"${existing ? ', the old object stays' : ''}, and Retry sends the new content`, async function () {
      this.timeout(120_000);
      const file = path.join(scratch.dir, `rewrite-${existing}`, 'master.mov');
      await writeRandomFile(file, 30 * MiB);
      const key = `rewrite-${existing}/master.mov`;
      const old = Buffer.from('the object the user had');
      if (existing) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: old }));
      const replacement = randomBytes(30 * MiB);
      let rewritten = false;
      let rewriting: Promise<void> = Promise.resolve();
      const result = await uploadBatch(
        client,
        [file],
        { bucket, prefix: `rewrite-${existing}` },
        {
          overwrite: 'overwrite',
          multipartThresholdBytes: 8 * MiB,
          partSizeBytes: 5 * MiB,
          queueSize: 2,
          onProgress: (p) => {
            if (!rewritten && p.bytesDone > 10 * MiB) {
              rewritten = true;
              // The whole file at once, with a new modification time, as an encoder rewriting it would.
              rewriting = fs.writeFile(file, replacement).then(() => fs.utimes(file, new Date(), new Date(Date.now() + 5_000)));
            }
          },
        },
      );
      assert.ok(rewritten);
      const [outcome] = result.files;
      assert.strictEqual(outcome?.status, 'failed');
      assert.match(String((outcome?.error as Error).message), /changed/);
      assert.strictEqual(await md5OfObject(client, bucket, key), existing ? md5(old) : undefined, 'no object from this attempt');
      if (get().kind === 'ceph') assert.deepStrictEqual(await incompleteUploads(client, bucket), [], 'the attempt’s upload was aborted');

      // The user retries once the file is written.
      await rewriting;
      const again = await retryFailed(client, result, { overwrite: 'overwrite', multipartThresholdBytes: 8 * MiB, partSizeBytes: 5 * MiB });
      assert.deepStrictEqual(
        again.files.map((f) => f.status),
        ['uploaded'],
      );
      assert.strictEqual(await md5OfObject(client, bucket, key), md5(replacement));
    });
  }

  it('a file that grows during a single PUT fails, and Retry re-plans it at its new size', async function () {
    this.timeout(120_000);
    const file = path.join(scratch.dir, 'grow', 'live.ts');
    const first = await writeRandomFile(file, 20 * MiB);
    const extra = randomBytes(3 * MiB);
    let grown = false;
    let growing: Promise<void> = Promise.resolve();
    const result = await uploadBatch(
      client,
      [file],
      { bucket, prefix: 'grow' },
      {
        overwrite: 'overwrite',
        onProgress: (p) => {
          if (!grown && p.bytesDone > 2 * MiB) {
            grown = true;
            growing = fs.appendFile(file, extra);
          }
        },
      },
    );
    assert.ok(grown);
    assert.strictEqual(result.files[0]?.status, 'failed', String(result.files[0]?.error));
    await growing;
    const left = await md5OfObject(client, bucket, 'grow/live.ts');
    if (left !== undefined) {
      // What is there, to tell a late remnant from a wrong one.
      const stored = await readObject(client, bucket, 'grow/live.ts');
      const local = await fs.readFile(file);
      assert.fail(
        `an object of ${stored.length} bytes was left (ETag-md5 ${left}); a prefix of the file: ${local.subarray(0, stored.length).equals(stored)}; error: ${String(result.files[0]?.error)}`,
      );
    }
    const again = await retryFailed(client, result, { overwrite: 'overwrite' });
    assert.deepStrictEqual(
      again.files.map((f) => [f.status, f.size]),
      [['uploaded', 23 * MiB]],
    );
    assert.strictEqual(await md5OfObject(client, bucket, 'grow/live.ts'), md5(Buffer.concat([first, extra])));
  });
});
