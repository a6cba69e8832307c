import * as assert from 'assert';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeEachServer, makeClient, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { checkAccess, type AccessCheckResult } from '../../../src/core/storage/accessCheck';
import { createS3Client } from '../../../src/core/storage/client';
import type { Location } from '../../../src/core/storage/connection';

function summary(r: AccessCheckResult): string[] {
  return r.steps.map((s) => `${s.name}:${s.status}${s.bitmovinCode ? `:${s.bitmovinCode}` : ''}`);
}

async function clientFor(server: S3TestServer, secret = server.secretAccessKey): Promise<S3Client> {
  return createS3Client(
    { id: 't', label: 't', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
    { accessKeyId: server.accessKeyId, secretAccessKey: secret },
  );
}

async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string);
}

describeEachServer('storage/accessCheck', (get) => {
  const bucket = uniqueBucket('access');
  let admin: S3Client;
  let client: S3Client;
  const input: Location = { name: 'in', role: 'input', connection: 't', bucket, prefix: 'mezzanine/' };
  const output: Location = {
    name: 'out',
    role: 'output',
    connection: 't',
    bucket,
    prefix: 'encodings/',
    acl: 'private',
    cacheControl: 'max-age=60',
    contentDisposition: 'inline',
    metadata: { project: 'trailer' },
  };

  before(async function () {
    this.timeout(120_000);
    admin = makeClient(get());
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'mezzanine/source.mov', Body: 'not really a movie' }));
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'encodings/existing.mp4', Body: 'x' }));
    client = await clientFor(get());
  });
  after(() => {
    admin?.destroy();
    client?.destroy();
  });

  it('passes for a readable input: head bucket, list prefix, 1-byte read', async () => {
    const r = await checkAccess(client, input);
    assert.deepStrictEqual(summary(r), ['head-bucket:passed', 'list:passed', 'read:passed']);
    assert.strictEqual(r.ok, true);
    assert.strictEqual(r.steps[2].detail, 'mezzanine/source.mov');
  });

  it('fails an input whose prefix holds no object with 2100 at the list step', async () => {
    const r = await checkAccess(client, { ...input, prefix: 'empty/' });
    assert.deepStrictEqual(summary(r), ['head-bucket:passed', 'list:failed:2100', 'read:skipped']);
    assert.match(r.steps[1].error?.message ?? '', /no object under s3:\/\/.*\/empty\//);
  });

  it('fails an input on a missing bucket with 2101 at head-bucket', async () => {
    const r = await checkAccess(client, { ...input, bucket: uniqueBucket('nothere') });
    assert.strictEqual(r.ok, false);
    assert.deepStrictEqual(summary(r), ['head-bucket:failed:2101', 'list:skipped', 'read:skipped']);
    assert.strictEqual(r.steps[0].error?.httpStatus, 404);
  });

  it('passes for a writable output and leaves no probe behind', async () => {
    const r = await checkAccess(client, output);
    assert.deepStrictEqual(summary(r), ['head-bucket:passed', 'put-probe:passed', 'read-probe:passed', 'delete-probe:passed']);
    assert.ok(r.steps[1].detail?.startsWith('encodings/.media-storage-workbench-probe-'));
    assert.deepStrictEqual(await keysUnder(admin, bucket, 'encodings/'), ['encodings/existing.mp4']);
  });

  it('fails an output on a missing bucket with 2200 at head-bucket', async () => {
    const r = await checkAccess(client, { ...output, bucket: uniqueBucket('nothere') });
    assert.deepStrictEqual(summary(r), ['head-bucket:failed:2200', 'put-probe:skipped', 'read-probe:skipped', 'delete-probe:skipped']);
  });

  it('still deletes the probe when reading it back fails', async () => {
    // A read that fails after a successful write cannot be provoked on a healthy server, so
    // only GetObject is made to fail; put and delete hit the real server.
    const faulty = await clientFor(get());
    const send = faulty.send.bind(faulty) as (c: unknown, o?: unknown) => Promise<unknown>;
    (faulty as unknown as { send: unknown }).send = (command: unknown, options?: unknown) => {
      if (command instanceof GetObjectCommand) {
        return Promise.reject(Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }));
      }
      return send(command, options);
    };
    const r = await checkAccess(faulty, { ...output, prefix: 'faulty/' });
    faulty.destroy();
    assert.deepStrictEqual(summary(r), ['head-bucket:passed', 'put-probe:passed', 'read-probe:failed:2204', 'delete-probe:passed']);
    assert.strictEqual(r.steps[2].error?.code, 'InternalError');
    assert.deepStrictEqual(await keysUnder(admin, bucket, 'faulty/'), []);
  });
});

describeEachServer(
  'storage/accessCheck with a wrong secret',
  (get) => {
    const bucket = uniqueBucket('wrongkey');
    let admin: S3Client;
    let wrong: S3Client;
    before(async function () {
      this.timeout(120_000);
      admin = makeClient(get());
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a.mp4', Body: 'x' }));
      wrong = await clientFor(get(), `${get().secretAccessKey}x`);
    });
    after(() => {
      admin?.destroy();
      wrong?.destroy();
    });

    it('fails an input at head-bucket with SignatureDoesNotMatch and 2103', async () => {
      const r = await checkAccess(wrong, { name: 'i', role: 'input', connection: 't', bucket, prefix: 'in/' });
      assert.deepStrictEqual(summary(r), ['head-bucket:failed:2103', 'list:skipped', 'read:skipped']);
      assert.strictEqual(r.steps[0].error?.code, 'SignatureDoesNotMatch');
      assert.strictEqual(r.steps[0].error?.httpStatus, 403);
    });

    it('fails an output at head-bucket with SignatureDoesNotMatch and 2202, writing nothing', async () => {
      const r = await checkAccess(wrong, { name: 'o', role: 'output', connection: 't', bucket, prefix: 'out/' });
      assert.deepStrictEqual(summary(r), ['head-bucket:failed:2202', 'put-probe:skipped', 'read-probe:skipped', 'delete-probe:skipped']);
      assert.strictEqual(r.steps[0].error?.code, 'SignatureDoesNotMatch');
      assert.deepStrictEqual(await keysUnder(admin, bucket, 'out/'), []);
    });
  },
  { only: 'ceph' },
);
