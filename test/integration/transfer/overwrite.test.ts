import * as assert from 'assert';
import * as path from 'path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { uploadBatch, type ExistingDecision, type UploadOptions } from '../../../src/core/transfer/upload';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';
import { createBucket, MiB, readObject, scratchDir, writeRandomFile } from '../../support/transferFiles';

describeEachServer('transfer/overwrite policies', (get) => {
  let client: S3Client;
  let bucket: string;
  const scratch = scratchDir('overwrite');
  let dir: string;
  const names = ['a.mp4', 'b.mp4', 'c.mp4', 'd.mp4'];

  before(async () => {
    client = makeClient(get());
    bucket = await createBucket(client, uniqueBucket('overwrite'));
    dir = path.join(scratch.dir, 'renditions');
    for (const name of names) {
      await writeRandomFile(path.join(dir, name), 1000);
    }
  });
  after(() => scratch.remove());

  /** A fresh prefix where a.mp4 and c.mp4 already exist with the content "old". */
  async function seeded(prefix: string): Promise<void> {
    for (const name of ['a.mp4', 'c.mp4']) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/renditions/${name}`, Body: 'old' }));
    }
  }

  async function run(prefix: string, opts: UploadOptions) {
    await seeded(prefix);
    return uploadBatch(client, [dir], { bucket, prefix }, opts);
  }

  async function contentOf(prefix: string, name: string): Promise<string> {
    const body = await readObject(client, bucket, `${prefix}/renditions/${name}`);
    return body.length === 3 ? body.toString() : 'new';
  }

  it("'skip' leaves existing objects alone and uploads the rest", async () => {
    const result = await run('skip', { overwrite: 'skip' });
    assert.deepStrictEqual(
      result.skipped.map((f) => f.key),
      ['skip/renditions/a.mp4', 'skip/renditions/c.mp4'],
    );
    assert.deepStrictEqual(
      result.uploaded.map((f) => f.key),
      ['skip/renditions/b.mp4', 'skip/renditions/d.mp4'],
    );
    assert.deepStrictEqual(await Promise.all(names.map((n) => contentOf('skip', n))), ['old', 'new', 'old', 'new']);
  });

  it("'overwrite' replaces existing objects without asking", async () => {
    const result = await run('over', { overwrite: 'overwrite', onExisting: () => assert.fail('must not ask') });
    assert.strictEqual(result.uploaded.length, 4);
    assert.deepStrictEqual(await Promise.all(names.map((n) => contentOf('over', n))), ['new', 'new', 'new', 'new']);
  });

  for (const decision of ['overwrite', 'skip', 'cancel'] as ExistingDecision[]) {
    it(`'ask' calls back once with the existing keys; answer '${decision}'`, async () => {
      const calls: string[][] = [];
      const prefix = `ask-${decision}`;
      const result = await run(prefix, {
        overwrite: 'ask',
        onExisting: async (keys) => {
          calls.push(keys);
          return decision;
        },
      });
      assert.deepStrictEqual(calls, [[`${prefix}/renditions/a.mp4`, `${prefix}/renditions/c.mp4`]]);
      const contents = await Promise.all(names.map((n) => contentOf(prefix, n).catch(() => 'missing')));
      if (decision === 'overwrite') {
        assert.deepStrictEqual(contents, ['new', 'new', 'new', 'new']);
      } else if (decision === 'skip') {
        assert.deepStrictEqual(contents, ['old', 'new', 'old', 'new']);
        assert.strictEqual(result.skipped.length, 2);
      } else {
        assert.deepStrictEqual(contents, ['old', 'missing', 'old', 'missing']);
        assert.strictEqual(result.wasCancelled, true);
        assert.strictEqual(result.notStarted.length, 4);
      }
    });
  }

  it("'ask' with nothing existing does not call back", async () => {
    const result = await uploadBatch(
      client,
      [dir],
      { bucket, prefix: 'fresh' },
      {
        overwrite: 'ask',
        onExisting: () => assert.fail('nothing exists'),
      },
    );
    assert.strictEqual(result.uploaded.length, 4);
  });

  // Recorded behaviour of If-None-Match: * (the guard upload.ts adds to writes of keys found absent).
  it('If-None-Match: * on PutObject — Ceph refuses with 412, s3rver ignores it', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'inm/put', Body: 'first' }));
    const second = client.send(new PutObjectCommand({ Bucket: bucket, Key: 'inm/put', Body: 'second', IfNoneMatch: '*' }));
    if (get().kind === 'ceph') {
      await assert.rejects(second, (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 412);
      assert.strictEqual((await readObject(client, bucket, 'inm/put')).toString(), 'first');
    } else {
      await second;
      assert.strictEqual((await readObject(client, bucket, 'inm/put')).toString(), 'second');
    }
  });

  it('If-None-Match: * on CompleteMultipartUpload is ignored by both (multipart writes are not guarded)', async function () {
    this.timeout(30_000);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'inm/mpu', Body: 'first' }));
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: 'inm/mpu', Body: Buffer.alloc(11 * MiB, 7), IfNoneMatch: '*' },
      partSize: 5 * MiB,
    });
    await upload.done();
    assert.strictEqual((await readObject(client, bucket, 'inm/mpu')).length, 11 * MiB);
  });

  it('an object created between the check and the write is kept where the store honours If-None-Match', async () => {
    const prefix = 'race';
    const intruder = `${prefix}/renditions/b.mp4`;
    const result = await run(prefix, {
      overwrite: 'ask',
      onExisting: async (): Promise<ExistingDecision> => {
        // Someone else writes b.mp4 after the existence check found it absent.
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: intruder, Body: 'its' }));
        return 'skip';
      },
    });
    const b = result.files.find((f) => f.key === intruder)!;
    if (get().kind === 'ceph') {
      assert.strictEqual(b.status, 'failed');
      assert.strictEqual((b.error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 412);
      assert.strictEqual((await readObject(client, bucket, intruder)).toString(), 'its');
    } else {
      assert.strictEqual(b.status, 'uploaded');
      assert.strictEqual((await readObject(client, bucket, intruder)).length, 1000);
    }
  });
});
