// The player's-eye CORS check against Ceph RADOS Gateway, which answers preflights from the
// bucket's CORS rules as S3 does: each way a rule can fail a player is reported with its reason,
// and the generated fix makes every step pass.
import * as assert from 'assert';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { CreateBucketCommand, DeleteBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';
import { checkCors, corsFixFor, corsPasses, normalizeOrigin, type CorsRow, type CorsTarget } from '../../../src/core/media/corsCheck';
import { presignGet } from '../../../src/core/transfer/presign';
import { createS3Client } from '../../../src/core/storage/client';

const ORIGIN = 'https://player.example.com';

function matrix(rows: CorsRow[]): string[] {
  return rows.map((r) => `${r.target.label}: ${r.preflight.verdict} ${r.get.verdict} ${r.exposed.verdict}`);
}

describeEachServer(
  'media/corsCheck',
  (get) => {
    const bucket = uniqueBucket('cors');
    let admin: S3Client;
    let targets: CorsTarget[] = [];

    before(async function () {
      this.timeout(120_000);
      const server = get();
      admin = makeClient(server);
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'hls/master.m3u8', Body: '#EXTM3U\n', ContentType: 'application/vnd.apple.mpegurl' }));
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'hls/720p/seg-000.ts', Body: Buffer.alloc(4096, 0x47), ContentType: 'video/mp2t' }));
      // The bucket is private: the player gets presigned URLs, as "Presign a package" makes them.
      const client = await createS3Client(
        { id: 't', label: 't', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
        { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      );
      targets = [];
      for (const [label, key] of [
        ['master.m3u8', 'hls/master.m3u8'],
        ['720p segment', 'hls/720p/seg-000.ts'],
      ] as const) {
        targets.push({ label, url: (await presignGet(client, { bucket, key, expiresInSeconds: 600 })).url });
      }
      client.destroy();
    });
    after(() => admin?.destroy());

    const putCors = (rules: Record<string, unknown>[]): Promise<unknown> =>
      admin.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules as never } }));

    it('without CORS rules: the preflight and the GET fail, saying why', async () => {
      await admin.send(new DeleteBucketCorsCommand({ Bucket: bucket })).catch(() => undefined);
      const rows = await checkCors(targets, { origin: ORIGIN });
      assert.deepStrictEqual(matrix(rows), ['master.m3u8: fail fail fail', '720p segment: fail fail fail']);
      assert.match(rows[0]?.preflight.reason ?? '', /preflight answered 403|no Access-Control-Allow-Origin/);
      assert.match(rows[0]?.get.reason ?? '', /no Access-Control-Allow-Origin on the GET/);
      assert.strictEqual(corsPasses(rows), false);
    });

    it('a rule for another origin, and one without Range: each failure names its header', async () => {
      await putCors([{ AllowedOrigins: ['https://other.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }]);
      const other = await checkCors(targets.slice(0, 1), { origin: ORIGIN });
      assert.strictEqual(other[0]?.preflight.verdict, 'fail');
      assert.strictEqual(other[0]?.get.verdict, 'fail');

      await putCors([{ AllowedOrigins: [ORIGIN], AllowedMethods: ['GET', 'HEAD'] }]);
      const noRange = await checkCors(targets, { origin: ORIGIN });
      assert.deepStrictEqual(
        noRange.map((r) => r.preflight.reason),
        noRange.map(() => noRange[0]?.preflight.reason),
      );
      assert.match(noRange[0]?.preflight.reason ?? '', /Range not allowed|preflight answered 403/);
      // The GET itself carries the origin's header; only what a script may read is missing.
      assert.deepStrictEqual(
        noRange.map((r) => `${r.get.verdict} ${r.exposed.verdict}`),
        ['pass warn', 'pass warn'],
      );
      assert.match(noRange[1]?.exposed.reason ?? '', /Content-Range and Content-Length not exposed/);
    });

    it('the generated fix, put before the rules already there, makes every step pass', async () => {
      const narrow = { AllowedOrigins: [ORIGIN], AllowedMethods: ['GET'] };
      const fixed = corsFixFor({ CORSRules: [narrow] }, ORIGIN);
      assert.deepStrictEqual(fixed.CORSRules[1], narrow, 'the existing rule is kept, after the fix');
      await putCors(fixed.CORSRules);
      const rows = await checkCors(targets, { origin: ORIGIN });
      assert.deepStrictEqual(matrix(rows), ['master.m3u8: pass pass pass', '720p segment: pass pass pass']);
      assert.strictEqual(rows[1]?.get.status, 206);
      assert.strictEqual(corsPasses(rows), true);
    });
  },
  { only: 'ceph' },
);

describe('media/corsCheck without a store', () => {
  it('normalizes an origin as browsers send it and refuses what is not one', () => {
    assert.strictEqual(normalizeOrigin(' https://Player.Example.com/app/index.html '), 'https://player.example.com');
    assert.strictEqual(normalizeOrigin('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.strictEqual(normalizeOrigin('*'), undefined);
    assert.strictEqual(normalizeOrigin('player.example.com'), undefined);
    assert.strictEqual(normalizeOrigin('ftp://x'), undefined);
  });

  it('reports a URL that never answers as a timeout, within the timeout', async () => {
    // A loopback server that accepts and never answers: the check must not wait forever.
    const sockets = new Set<Socket>();
    const server = http.createServer(() => undefined);
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const started = Date.now();
      const rows = await checkCors([{ label: 'stuck', url: `http://127.0.0.1:${port}/x.m3u8` }], { origin: ORIGIN, timeoutMs: 300 });
      assert.ok(Date.now() - started < 5_000);
      assert.deepStrictEqual(matrix(rows), ['stuck: fail fail fail']);
      assert.strictEqual(rows[0]?.preflight.reason, 'preflight failed: no answer within 300 ms');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(checkCors([{ label: 'x', url: 'http://127.0.0.1:9/x' }], { origin: ORIGIN, signal: ac.signal }));
  });
});
