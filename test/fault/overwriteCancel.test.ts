// "An object that existed is sacred": cancel a consented overwrite at random moments and check,
// each time, that the key holds either the old object or the complete new one, never neither
// nor a mix, and that the report says which.
import * as assert from 'assert';
import * as path from 'path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { uploadBatch } from '../../src/core/transfer/upload';
import { describeEachServer, uniqueBucket } from '../s3/servers';
import { createBucket, MiB, scratchDir, writeRandomFile } from '../support/transferFiles';
import { gatewayClient, incompleteUploads, md5, md5OfObject, seeded } from './support';

describeEachServer('cancelling an overwrite at random points', (get) => {
  const scratch = scratchDir('overwrite-cancel');
  let client: S3Client;
  let bucket: string;

  before(async () => {
    client = await gatewayClient(get());
    bucket = await createBucket(client, uniqueBucket('overwrite-cancel'));
  });

  after(() => {
    client?.destroy();
    scratch.remove();
  });

  it('leaves the old object or the complete new one, and the report agrees (bounded random loop)', async function () {
    const rounds = get().kind === 'ceph' ? 50 : 20;
    this.timeout(rounds * 6_000);
    const seed = Number(process.env.MSW_FAULT_SEED ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    const tally = { old: 0, new: 0 };
    for (let round = 0; round < rounds; round++) {
      const key = `round-${round}/master.mp4`;
      const old = Buffer.from(`old object of round ${round} `.repeat(40_000));
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: old }));
      // Sizes across the single-part and several-part cases; the multipart threshold is low so
      // both a one-part and a three-part replacement are exercised.
      const size = Math.floor((1 + random() * 13) * MiB);
      const local = path.join(scratch.dir, `round-${round}`, 'master.mp4');
      const fresh = await writeRandomFile(local, size);
      const controller = new AbortController();
      // Every tenth round is a control with no cancel, which must end with the new object (so
      // the loop can see both outcomes); the others cancel by bytes sent (up to the last byte,
      // when the store may be completing) or by time.
      const control = round % 10 === 9;
      const byBytes = random() < 0.5;
      const cancelAtBytes = control || !byBytes ? Number.POSITIVE_INFINITY : Math.floor(random() * size);
      const cancelAfterMs = control || byBytes ? undefined : Math.floor(random() * 1_500);
      const timer = cancelAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), cancelAfterMs);
      const result = await uploadBatch(
        client,
        [local],
        { bucket, prefix: `round-${round}` },
        {
          overwrite: 'overwrite',
          multipartThresholdBytes: 8 * MiB,
          partSizeBytes: 5 * MiB,
          queueSize: 3,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.bytesDone >= cancelAtBytes) controller.abort();
          },
        },
      );
      clearTimeout(timer);
      const context = `seed ${seed}, round ${round}, ${size} bytes, cancel at ${control ? 'never' : byBytes ? `${cancelAtBytes} B` : `${cancelAfterMs} ms`}`;
      const [file] = result.files;
      assert.ok(file, context);
      const stored = await md5OfObject(client, bucket, key);
      if (control) assert.strictEqual(file.status, 'uploaded', `the control round did not upload: ${String(file.error)} (${context})`);
      if (file.status === 'uploaded') {
        assert.strictEqual(stored, md5(fresh), `reported uploaded but the key does not hold the new file (${context})`);
        tally.new++;
      } else {
        assert.ok(['cancelled', 'not-started'].includes(file.status), `${file.status}: ${String(file.error)} (${context})`);
        assert.strictEqual(stored, md5(old), `reported ${file.status} but the old object is gone or altered (${context})`);
        tally.old++;
      }
    }
    if (get().kind === 'ceph') {
      assert.deepStrictEqual(await incompleteUploads(client, bucket), [], 'every cancelled replacement was aborted');
    }
    // Cancels that kept the old object must occur, or the loop did not test what it claims.
    assert.ok(tally.old > 0, `outcomes ${JSON.stringify(tally)} (seed ${seed})`);
  });
});
