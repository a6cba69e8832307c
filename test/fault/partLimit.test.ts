// The 10,000-part rule, on a Ceph gateway whose part limit is scaled down to 10
// (`rgw multipart part upload limit`): the planner raises the part size so the file fits, and
// without that the store refuses the completion, which shows the limit is real.
import * as assert from 'assert';
import * as path from 'path';
import type { S3Client } from '@aws-sdk/client-s3';
import { uploadBatch } from '../../src/core/transfer/upload';
import { cephAvailability, startCeph, uniqueBucket, type S3TestServer } from '../s3/servers';
import { createBucket, MiB, scratchDir, writeRandomFile } from '../support/transferFiles';
import { gatewayClient, incompleteUploads, md5, md5OfObject } from './support';

(cephAvailability().available || process.env.CI === 'true' ? describe : describe.skip)('part-count limit [ceph, limit scaled to 10]', () => {
  const scratch = scratchDir('part-limit');
  let server: S3TestServer;
  let client: S3Client;
  let bucket: string;
  let data: Buffer;
  let file: string;

  before(async function () {
    this.timeout(180_000);
    const saved = process.env.CEPH_RGW_EXTRA_CONF;
    process.env.CEPH_RGW_EXTRA_CONF = 'rgw multipart part upload limit = 10';
    try {
      server = await startCeph();
    } finally {
      if (saved === undefined) delete process.env.CEPH_RGW_EXTRA_CONF;
      else process.env.CEPH_RGW_EXTRA_CONF = saved;
    }
    client = await gatewayClient(server);
    bucket = await createBucket(client, uniqueBucket('part-limit'));
    file = path.join(scratch.dir, 'master.mov');
    data = await writeRandomFile(file, 60 * MiB);
  });

  after(async () => {
    client?.destroy();
    await server?.stop();
    scratch.remove();
  });

  it('with the store’s limit known, 60 MiB in 5 MiB parts becomes 10 parts of 6 MiB and completes', async () => {
    const result = await uploadBatch(
      client,
      [file],
      { bucket, prefix: 'fits' },
      { overwrite: 'overwrite', multipartThresholdBytes: 8 * MiB, partSizeBytes: 5 * MiB, maxParts: 10 },
    );
    assert.deepStrictEqual(
      result.files.map((f) => `${f.status} ${String(f.error ?? '')}`),
      ['uploaded '],
    );
    assert.strictEqual(await md5OfObject(client, bucket, 'fits/master.mov'), md5(data));
  });

  it('without it, 12 parts are refused at completion, reported failed, and nothing is left behind', async () => {
    const result = await uploadBatch(
      client,
      [file],
      { bucket, prefix: 'too-many' },
      { overwrite: 'overwrite', multipartThresholdBytes: 8 * MiB, partSizeBytes: 5 * MiB },
    );
    const [outcome] = result.files;
    assert.strictEqual(outcome?.status, 'failed');
    assert.strictEqual(await md5OfObject(client, bucket, 'too-many/master.mov'), undefined);
    assert.strictEqual(outcome?.leftovers?.status, 'clean', 'a refused completion is aborted, not kept');
    assert.deepStrictEqual(await incompleteUploads(client, bucket), []);
  });
});
