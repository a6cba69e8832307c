// Errors produced by real S3 servers through the real SDK, so the decoder is checked against
// the exception shapes the SDK actually throws, not only against hand-made objects.
import * as assert from 'assert';
import * as net from 'net';
import { GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { decodeError, renderBlock } from '../../../src/core/errors';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the request to fail');
}

describeEachServer('decodeError on real S3 server errors', (get) => {
  it('GetObject on a missing bucket decodes as NoSuchBucket with a request id', async () => {
    const bucket = uniqueBucket('missing');
    const d = decodeError(await thrown(makeClient(get()).send(new GetObjectCommand({ Bucket: bucket, Key: 'a.mp4' }))));
    assert.strictEqual(d.source, 's3');
    assert.strictEqual(d.code, 'NoSuchBucket');
    assert.strictEqual(d.httpStatus, 404);
    // s3rver sends no request id; Ceph does, as AWS does.
    if (get().kind === 'ceph') assert.ok(d.requestId, renderBlock(d));
    assert.match(renderBlock(d), /^S3 error NoSuchBucket: Bucket does not exist/);
  });

  it('HeadBucket on a missing bucket (no body) is explained from the status', async () => {
    const d = decodeError(await thrown(makeClient(get()).send(new HeadBucketCommand({ Bucket: uniqueBucket('missing') }))));
    assert.strictEqual(d.httpStatus, 404);
    assert.strictEqual(d.title, 'Bucket or object not found');
  });

  it('a wrong secret key decodes as SignatureDoesNotMatch (servers that check signatures)', async function () {
    const server = get();
    if (!server.checksSignatures) this.skip();
    const client = makeClient(server, {
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: `${server.secretAccessKey}x` },
    });
    const d = decodeError(await thrown(client.send(new HeadBucketCommand({ Bucket: uniqueBucket('sig') }))));
    // HEAD has no body, so only the status is known there; GET carries the code.
    assert.strictEqual(d.httpStatus, 403);
    const g = decodeError(await thrown(client.send(new GetObjectCommand({ Bucket: uniqueBucket('sig'), Key: 'k' }))));
    assert.strictEqual(g.code, 'SignatureDoesNotMatch');
    assert.match(g.remedy.join('\n'), /secret key/);
  });
});

describe('decodeError on a real refused connection', () => {
  it('a closed loopback port decodes as endpoint unreachable', async () => {
    // Bind and release a port so nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret-key' },
    });
    const d = decodeError(await thrown(client.send(new HeadBucketCommand({ Bucket: 'b' }))));
    assert.strictEqual(d.source, 'network');
    assert.strictEqual(d.code, 'ECONNREFUSED');
    assert.match(renderBlock(d), /^Network error ECONNREFUSED: Endpoint unreachable: connection refused/);
  });
});
