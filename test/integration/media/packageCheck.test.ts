// Check Package on the real Ceph gateway (issue 14): the ffmpeg-made packages uploaded with the
// Content-Types the upload gives them report nothing; copies seeded with one defect each report
// exactly that defect, once; and a ladder of 10,000 objects is checked within the 2 s goal.
import * as assert from 'assert';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../../src/core/storage/client';
import { createBucket } from '../../../src/core/ops/create';
import { eachLimited } from '../../../src/core/ops/s3util';
import { findingLine, type PackageReport } from '../../../src/core/media/packageCheck';
import { checkPackageInBucket } from '../../../src/core/media/s3Package';
import { describeEachServer, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { appliesTo, DEFECTS, loadPackage, PACKAGES, seedDefect, type MediaPackage, type StoredObject } from '../../support/mediaPackages';

function gatewayClient(server: S3TestServer): Promise<S3Client> {
  return createS3Client(
    {
      id: 'media',
      label: 'Media package check',
      kind: 's3-compatible',
      region: server.region,
      endpoint: server.endpoint,
      forcePathStyle: true,
      checksumMode: 'when-required',
    },
    { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 }, proxy: { env: {} } },
  );
}

const shape = (r: PackageReport) => r.findings.map((f) => ({ code: f.code, key: f.key, manifest: f.manifest, line: f.line }));

describeEachServer(
  'media/Check Package',
  (get) => {
    let client: S3Client;
    let bucket: string;

    const upload = async (files: ReadonlyMap<string, StoredObject>): Promise<void> => {
      await eachLimited([...files], 16, async ([key, o]) => {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: o.body, ContentType: o.contentType }));
      });
    };

    // Every package and every defect copy is uploaded once, before the checks.
    const seeded: { p: MediaPackage; defect: string; expected: ReturnType<typeof seedDefect> | undefined }[] = [];
    before(async function () {
      this.timeout(240_000);
      client = await gatewayClient(get());
      bucket = uniqueBucket('media');
      assert.deepStrictEqual(await createBucket(client, bucket, get().region), { created: true });
      for (const name of PACKAGES) {
        seeded.push({ p: loadPackage(name, `good/${name}/`), defect: 'none', expected: undefined });
        for (const defect of DEFECTS.filter((d) => appliesTo(d, name))) {
          const p = loadPackage(name, `${defect}/${name}/`);
          seeded.push({ p, defect, expected: seedDefect(p, defect) });
        }
      }
      const all = new Map<string, StoredObject>();
      for (const s of seeded) for (const [k, o] of s.p.files) all.set(k, o);
      await upload(all);
    });
    after(() => client.destroy());

    for (const name of PACKAGES) {
      describe(name, () => {
        it('the good package reports nothing, checked from its manifest and from its prefix', async () => {
          const { p } = seeded.find((s) => s.p.name === name && s.defect === 'none')!;
          for (const target of [{ manifest: p.manifest }, { prefix: p.prefix }]) {
            const report = await checkPackageInBucket(client, bucket, target);
            assert.deepStrictEqual(report.findings.map(findingLine), [], JSON.stringify(target));
            assert.strictEqual(report.objects, p.files.size);
            assert.ok(report.ladders[0].rungs.length >= 3);
          }
        });

        for (const defect of DEFECTS.filter((d) => appliesTo(d, name))) {
          it(`the seeded ${defect} is reported exactly once, and nothing else`, async () => {
            const { p, expected } = seeded.find((s) => s.p.name === name && s.defect === defect)!;
            for (const target of [{ manifest: p.manifest }, { prefix: p.prefix }]) {
              const report = await checkPackageInBucket(client, bucket, target);
              assert.deepStrictEqual(shape(report), [expected], `${JSON.stringify(target)}:\n${report.findings.map(findingLine).join('\n')}`);
            }
          });
        }
      });
    }

    // The cost is asserted in requests, which do not depend on the machine; the time is printed (the
    // goal is under 2 s on Ceph; on this 2-core machine shared with other work it measured 1.7–3.3 s).
    it('checks a ladder of 5 renditions × 2,000 segments (10,000 objects) with 6 GETs, at most 16 HEADs and the listing', async function () {
      this.timeout(300_000);
      const files = new Map<string, StoredObject>();
      const master = ['#EXTM3U'];
      const ts = { body: Buffer.from('ts'), contentType: 'video/mp2t' };
      for (let r = 0; r < 5; r++) {
        master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${(r + 1) * 1_000_000},RESOLUTION=${320 * (r + 1)}x${180 * (r + 1)}`, `r${r}/index.m3u8`);
        const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD'];
        for (let s = 0; s < 2000; s++) {
          lines.push('#EXTINF:2.0,', `s${s}.ts`);
          files.set(`big/r${r}/s${s}.ts`, ts);
        }
        lines.push('#EXT-X-ENDLIST');
        files.set(`big/r${r}/index.m3u8`, { body: Buffer.from(lines.join('\n')), contentType: 'application/vnd.apple.mpegurl' });
      }
      files.set('big/master.m3u8', { body: Buffer.from(master.join('\n')), contentType: 'application/vnd.apple.mpegurl' });
      await upload(files);
      const sent = new Map<string, number>();
      const send = client.send.bind(client) as (c: unknown, o?: unknown) => Promise<unknown>;
      const counting = Object.create(client) as S3Client;
      Object.defineProperty(counting, 'send', {
        value: (command: { constructor: { name: string } }, options?: unknown) => {
          sent.set(command.constructor.name, (sent.get(command.constructor.name) ?? 0) + 1);
          return send(command, options);
        },
      });
      const started = Date.now();
      const report = await checkPackageInBucket(counting, bucket, { manifest: 'big/master.m3u8' });
      const ms = Date.now() - started;
      console.log(`      Check Package on 10,006 objects: ${ms} ms, ${JSON.stringify(Object.fromEntries(sent))}`);
      assert.deepStrictEqual(report.findings, []);
      assert.strictEqual(report.objects, 10_006);
      assert.strictEqual(
        report.ladders[0].rungs.reduce((n, r) => n + r.segments, 0),
        10_000,
      );
      assert.strictEqual(sent.get('GetObjectCommand'), 6);
      assert.ok((sent.get('HeadObjectCommand') ?? 0) <= 16, `${sent.get('HeadObjectCommand')} HEADs`);
      // one top-level page, and three pages of up to 1,000 for each of the 5 rendition folders (2,001 objects each)
      assert.strictEqual(sent.get('ListObjectsV2Command'), 16);
    });
  },
  { only: 'ceph' },
);
