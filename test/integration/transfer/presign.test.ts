import * as assert from 'assert';
import { HeadObjectCommand, PutObjectCommand, S3Client, type S3Client as Client } from '@aws-sdk/client-s3';
import { dolbyAuthLocation, presignDolbyPair, presignGet, presignPut } from '../../../src/core/transfer/presign';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';
import { createBucket, readObject } from '../../support/transferFiles';

describe('transfer/presign without a network', () => {
  // Port 9 (discard) is closed on loopback: any request would fail, so success proves none is made.
  const offline = new S3Client({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

  it('signs GET and PUT against an unreachable endpoint', async () => {
    const get = await presignGet(offline, { bucket: 'media', key: 'in/clip one.mp4', expiresInSeconds: 3600 });
    const put = await presignPut(offline, { bucket: 'media', key: 'out/clip.mp4', expiresInSeconds: 7200, contentType: 'video/mp4' });
    const getUrl = new URL(get.url);
    assert.strictEqual(getUrl.pathname, '/media/in/clip%20one.mp4');
    assert.strictEqual(getUrl.searchParams.get('X-Amz-Expires'), '3600');
    assert.match(getUrl.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    assert.strictEqual(new URL(put.url).searchParams.get('X-Amz-SignedHeaders'), 'content-type;host');
    assert.deepStrictEqual(put.headers, { 'content-type': 'video/mp4' });
    assert.ok(Math.abs(put.expiresAt.getTime() - (Date.now() + 7200_000)) < 5000);
  });

  it('leaves the empty-body checksum of WHEN_SUPPORTED clients out of PUT URLs', async () => {
    const put = await presignPut(offline, { bucket: 'media', key: 'out/a.mp4', expiresInSeconds: 60 });
    assert.doesNotMatch(put.url, /checksum/i);
  });

  it('refuses lifetimes outside 1 s … 7 days', async () => {
    await assert.rejects(presignGet(offline, { bucket: 'b', key: 'k', expiresInSeconds: 604801 }), RangeError);
    await assert.rejects(presignPut(offline, { bucket: 'b', key: 'k', expiresInSeconds: 0 }), RangeError);
  });

  it('builds the Dolby pair and the s3:// auth form', async () => {
    const pair = await presignDolbyPair(offline, {
      input: { bucket: 'media', key: 'in.mp4' },
      output: { bucket: 'media', key: 'out.enhanced.mp4' },
      inputExpiresInSeconds: 3600,
      outputExpiresInSeconds: 7200,
    });
    assert.deepStrictEqual(Object.keys(pair), ['input', 'output']);
    assert.match(pair.input, /\/media\/in\.mp4\?.*X-Amz-Expires=3600/);
    assert.match(pair.output, /\/media\/out\.enhanced\.mp4\?.*X-Amz-Expires=7200/);
    assert.deepStrictEqual(dolbyAuthLocation({ bucket: 'media', key: 'in.mp3' }, { accessKeyId: 'AK', secretAccessKey: 'SK' }), {
      url: 's3://media/in.mp3',
      auth: { key: 'AK', secret: 'SK' },
    });
  });
});

describeEachServer('transfer/presign through fetch', (get) => {
  let client: Client;
  let bucket: string;
  before(async () => {
    client = makeClient(get());
    bucket = await createBucket(client, uniqueBucket('presign'));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/source.mp4', Body: 'source bytes' }));
  });

  it('GET reads the object and PUT writes it with the signed content type and metadata', async () => {
    const input = await presignGet(client, { bucket, key: 'in/source.mp4', expiresInSeconds: 300 });
    const got = await fetch(input.url);
    assert.strictEqual(got.status, 200);
    assert.strictEqual(await got.text(), 'source bytes');

    const output = await presignPut(client, {
      bucket,
      key: 'out/master.m3u8',
      expiresInSeconds: 300,
      contentType: 'application/vnd.apple.mpegurl',
      metadata: { job: 'j-42' },
    });
    const put = await fetch(output.url, { method: 'PUT', headers: output.headers, body: '#EXTM3U\n' });
    assert.strictEqual(put.status, 200, await put.text());
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'out/master.m3u8' }));
    assert.strictEqual(head.ContentType, 'application/vnd.apple.mpegurl');
    assert.strictEqual(head.Metadata?.job, 'j-42');
    assert.strictEqual((await readObject(client, bucket, 'out/master.m3u8')).toString(), '#EXTM3U\n');
  });

  it('the Dolby output URL takes a PUT that sends no content type of our choosing', async () => {
    const pair = await presignDolbyPair(client, {
      input: { bucket, key: 'in/source.mp4' },
      output: { bucket, key: 'out/enhanced.mp4' },
      inputExpiresInSeconds: 300,
      outputExpiresInSeconds: 600,
    });
    assert.strictEqual((await fetch(pair.input)).status, 200);
    const put = await fetch(pair.output, { method: 'PUT', body: 'enhanced', headers: { 'content-type': 'video/mp4' } });
    assert.strictEqual(put.status, 200, await put.text());
    assert.strictEqual((await readObject(client, bucket, 'out/enhanced.mp4')).toString(), 'enhanced');
  });
});

describeEachServer(
  'transfer/presign refused by a signature-checking gateway',
  (get) => {
    let client: Client;
    let bucket: string;
    before(async () => {
      client = makeClient(get());
      bucket = await createBucket(client, uniqueBucket('presign-neg'));
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.mp4', Body: 'x' }));
    });

    it('an expired GET URL is refused with 403', async () => {
      const input = await presignGet(client, { bucket, key: 'a.mp4', expiresInSeconds: 1 });
      assert.strictEqual((await fetch(input.url)).status, 200);
      await new Promise((r) => setTimeout(r, 2100));
      const late = await fetch(input.url);
      assert.strictEqual(late.status, 403);
      assert.match(await late.text(), /AccessDenied|expired/i);
    });

    it('a tampered URL and a PUT with another content type are refused with 403', async () => {
      const input = await presignGet(client, { bucket, key: 'a.mp4', expiresInSeconds: 300 });
      const tampered = new URL(input.url);
      const sig = tampered.searchParams.get('X-Amz-Signature')!;
      tampered.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
      assert.strictEqual((await fetch(tampered)).status, 403);
      const otherKey = new URL(input.url.replace('/a.mp4?', '/b.mp4?'));
      assert.strictEqual((await fetch(otherKey)).status, 403);

      const output = await presignPut(client, { bucket, key: 'out.mp4', expiresInSeconds: 300, contentType: 'video/mp4' });
      const wrongType = await fetch(output.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'y' });
      assert.strictEqual(wrongType.status, 403);
      assert.match(await wrongType.text(), /SignatureDoesNotMatch/);
    });
  },
  { only: 'ceph' },
);
