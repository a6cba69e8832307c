// The Content-Type audit and fix on real stores: the plan names exactly the objects whose type
// does not fit their role, and the fix changes those headers and nothing else (HeadObject before
// and after), never an object that changed since the audit.
import * as assert from 'assert';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeEachServer, makeClient, uniqueBucket } from '../../s3/servers';
import { applyContentTypeFixes, auditContentTypes, describePlan, plannedFix, roleOfKey } from '../../../src/core/media/contentTypeAudit';
import { createS3Client } from '../../../src/core/storage/client';

describeEachServer('media/contentTypeAudit', (get) => {
  const bucket = uniqueBucket('ctype');
  let admin: S3Client;
  let client: S3Client;
  const put = (Key: string, ContentType: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    admin.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Buffer.from(`body of ${Key}`), ContentType, ...extra }));
  const head = async (Key: string): Promise<Record<string, unknown>> => {
    const h = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key }));
    return { type: h.ContentType, cache: h.CacheControl, disposition: h.ContentDisposition, meta: h.Metadata, length: h.ContentLength };
  };

  before(async function () {
    this.timeout(120_000);
    const server = get();
    admin = makeClient(server);
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    await put('pkg/master.m3u8', 'application/octet-stream', { Metadata: { project: 'trailer' }, ContentDisposition: 'inline', CacheControl: 'max-age=5' });
    await put('pkg/v1/seg1.ts', 'binary/octet-stream', { Metadata: { encoder: 'x264' } });
    await put('pkg/v1/seg2.ts', 'video/mp2t');
    await put('pkg/init.mp4', 'video/mp4');
    await put('pkg/readme.txt', 'text/plain');
    client = await createS3Client(
      { id: 't', label: 't', kind: 's3-compatible', region: server.region, endpoint: server.endpoint, forcePathStyle: true },
      { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    );
  });
  after(() => {
    admin?.destroy();
    client?.destroy();
  });

  it('plans exactly the objects whose Content-Type does not fit their role', async () => {
    const audit = await auditContentTypes(client, bucket, 'pkg/');
    assert.strictEqual(audit.listed, 5);
    assert.strictEqual(audit.media, 4, 'the .txt has no media role and is not looked at');
    assert.deepStrictEqual(
      audit.fixes.map((f) => [f.key, f.contentType?.from, f.contentType?.to, f.cacheControl]),
      [
        ['pkg/master.m3u8', 'application/octet-stream', 'application/vnd.apple.mpegurl', undefined],
        ['pkg/v1/seg1.ts', 'binary/octet-stream', 'video/mp2t', undefined],
      ],
    );
    assert.deepStrictEqual(describePlan(audit.fixes), [
      '1 × .m3u8: Content-Type application/octet-stream → application/vnd.apple.mpegurl',
      '1 × .ts: Content-Type binary/octet-stream → video/mp2t',
    ]);
  });

  it('fixes them keeping every other header and x-amz-meta-*, and refuses an object that changed since the audit', async function () {
    this.timeout(60_000);
    const audit = await auditContentTypes(client, bucket, 'pkg/');
    const before = { master: await head('pkg/master.m3u8'), seg1: await head('pkg/v1/seg1.ts') };
    // Replaced between the plan and the fix: the new object is not the one the user was shown.
    await put('pkg/v1/seg1.ts', 'application/octet-stream', { Metadata: { encoder: 'new' }, Body: Buffer.from('a newer encode of this segment') });
    const out = await applyContentTypeFixes(client, bucket, audit.fixes);
    assert.deepStrictEqual(out.fixed, ['pkg/master.m3u8']);
    assert.deepStrictEqual(
      out.failed.map((f) => f.key),
      ['pkg/v1/seg1.ts'],
    );
    assert.match(String(out.failed[0]?.error), /changed since/);
    assert.deepStrictEqual(await head('pkg/master.m3u8'), { ...before.master, type: 'application/vnd.apple.mpegurl' });
    assert.deepStrictEqual(
      await head('pkg/v1/seg1.ts'),
      { ...before.seg1, type: 'application/octet-stream', meta: { encoder: 'new' }, length: 30 },
      'the newer object is untouched',
    );
  });

  it('gives manifests and segments the Cache-Control of the policy, only where it differs', async function () {
    this.timeout(60_000);
    const cache = { manifests: 'max-age=2', segments: 'max-age=31536000, immutable' };
    const audit = await auditContentTypes(client, bucket, 'pkg/', { cache });
    const out = await applyContentTypeFixes(client, bucket, audit.fixes);
    assert.deepStrictEqual(out.failed, []);
    assert.strictEqual((await head('pkg/master.m3u8'))['cache'], 'max-age=2');
    assert.strictEqual((await head('pkg/v1/seg2.ts'))['cache'], 'max-age=31536000, immutable');
    assert.strictEqual((await head('pkg/v1/seg1.ts'))['type'], 'video/mp2t');
    assert.deepStrictEqual((await auditContentTypes(client, bucket, 'pkg/', { cache })).fixes, [], 'a second audit finds nothing');
  });
});

describe('media/contentTypeAudit roles', () => {
  it('reads the role from the name, and plans the upload’s own type where it fits', () => {
    assert.deepStrictEqual(
      ['a/master.m3u8', 'a/x.mpd', 'a/s.ts', 'a/init-0.m4s', 'a/chunk-1.m4s', 'a/a.m4a', 'a/sub.vtt', 'a/poster.jpg', 'a/README'].map(roleOfKey),
      ['media-playlist', 'mpd', 'segment-ts', 'init', 'segment-fmp4', 'segment-audio', 'subtitle', undefined, undefined],
    );
    assert.deepStrictEqual(plannedFix('a/x.aac', { contentType: 'application/octet-stream' })?.contentType, {
      from: 'application/octet-stream',
      to: 'audio/aac',
    });
    assert.strictEqual(plannedFix('a/x.ts', { contentType: 'video/MP2T; charset=binary' }), undefined, 'type parameters and case do not matter');
    assert.strictEqual(plannedFix('a/poster.jpg', { contentType: 'application/octet-stream' }), undefined);
  });
});
