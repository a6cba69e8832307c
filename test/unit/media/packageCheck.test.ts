// Check Package and the ladder (src/core/media/packageCheck.ts) on the real fixture packages held in
// memory: the good packages report nothing, each seeded defect is reported exactly once, and the
// HEADs stay bounded on a 10,000-object ladder.
import * as assert from 'assert';
import {
  checkPackage,
  findingLine,
  manifestKeysIn,
  summarizeReport,
  type PackageObject,
  type PackageReport,
  type PackageSource,
} from '../../../src/core/media/packageCheck';
import { appliesTo, DEFECTS, loadPackage, PACKAGES, seedDefect, type MediaPackage, type StoredObject } from '../../support/mediaPackages';

interface Store {
  source: PackageSource;
  listing: PackageObject[];
  heads: string[];
}

function memoryStore(files: ReadonlyMap<string, StoredObject>): Store {
  const heads: string[] = [];
  return {
    heads,
    listing: [...files].map(([key, o]) => ({ key, size: o.body.length })),
    source: {
      readText: async (key) => files.get(key)?.body.toString('utf8'),
      head: async (key) => {
        heads.push(key);
        const o = files.get(key);
        return o ? { contentType: o.contentType } : undefined;
      },
    },
  };
}

async function check(p: MediaPackage, mode: 'manifest' | 'prefix' = 'manifest'): Promise<PackageReport> {
  const store = memoryStore(p.files);
  return checkPackage({
    manifests: mode === 'manifest' ? [p.manifest] : manifestKeysIn(store.listing, p.prefix),
    prefix: p.prefix,
    listing: store.listing,
    source: store.source,
  });
}

const shape = (r: PackageReport) => r.findings.map((f) => ({ code: f.code, key: f.key, manifest: f.manifest, line: f.line }));

describe('media/packageCheck', () => {
  for (const name of PACKAGES) {
    describe(name, () => {
      it('reports nothing on the good package, from the manifest and from the prefix', async () => {
        for (const mode of ['manifest', 'prefix'] as const) {
          const report = await check(loadPackage(name, `good/${name}/`), mode);
          assert.deepStrictEqual(report.findings.map(findingLine), [], `${mode}: ${summarizeReport(report)}`);
          assert.match(summarizeReport(report), /no problem found/);
        }
      });

      for (const defect of DEFECTS.filter((d) => appliesTo(d, name))) {
        it(`reports the seeded ${defect} exactly once, and nothing else`, async () => {
          const p = loadPackage(name, `bad/${name}/`);
          const expected = seedDefect(p, defect);
          for (const mode of ['manifest', 'prefix'] as const) {
            const report = await check(p, mode);
            assert.deepStrictEqual(shape(report), [expected], `${mode}:\n${report.findings.map(findingLine).join('\n')}`);
            assert.ok(report.findings[0].message.includes(expected.key), report.findings[0].message);
          }
        });
      }
    });
  }

  it('reads each media playlist once, and HEADs only the manifests and the first segment and init of each rendition', async () => {
    const p = loadPackage('hls-fmp4', 'x/');
    const store = memoryStore(p.files);
    const report = await checkPackage({ manifests: manifestKeysIn(store.listing, 'x/'), prefix: 'x/', listing: store.listing, source: store.source });
    assert.strictEqual(report.manifests.length, 4);
    // 4 manifests + (init + first segment) × 3 renditions
    assert.strictEqual(report.heads, 10);
    assert.deepStrictEqual(store.heads.filter((k) => k.endsWith('.m4s')).sort(), ['x/audio/seg_000.m4s', 'x/v160/seg_000.m4s', 'x/v320/seg_000.m4s']);
  });

  it('uses the Content-Type the listing already knows instead of a HEAD', async () => {
    const p = loadPackage('dash-number', 'y/');
    const store = memoryStore(p.files);
    const listing = store.listing.map((o) => ({ ...o, contentType: p.files.get(o.key)!.contentType }));
    listing.find((o) => o.key === 'y/seg/init-2.m4s')!.contentType = 'text/plain';
    const report = await checkPackage({ manifests: ['y/manifest.mpd'], prefix: 'y/', listing, source: store.source });
    assert.strictEqual(report.heads, 0);
    assert.deepStrictEqual(
      report.findings.map((f) => [f.code, f.key, f.line, f.contentType, f.expected?.[0]]),
      [['wrong-content-type', 'y/seg/init-2.m4s', 29, 'text/plain', 'video/mp4']],
    );
  });

  it('gives the ladder: bandwidth, resolution, codecs, frame rate, segments, bytes and groups', async () => {
    const hls = await check(loadPackage('hls-ts', 'l/'));
    const ladder = hls.ladders[0];
    assert.strictEqual(ladder.manifest, 'l/master.m3u8');
    assert.deepStrictEqual(
      ladder.rungs.map((r) => [r.id, r.type, r.bandwidth, r.resolution?.height, r.segments, r.audioGroup ?? r.group, r.missing]),
      [
        ['v320/index.m3u8', 'video', 92400, 180, 4, 'group_aud', 0],
        ['v160/index.m3u8', 'video', 53900, 90, 4, 'group_aud', 0],
        ['audio/index.m3u8', 'audio', undefined, undefined, 4, 'group_aud', 0],
        ['v320/index_vtt.m3u8', 'subtitles', undefined, undefined, 4, 'subs', 0],
        ['v160/index_vtt.m3u8', 'subtitles', undefined, undefined, 4, 'subs', 0],
      ],
    );
    const p = loadPackage('hls-ts', 'l/');
    const v320Bytes = [...p.files].filter(([k]) => /^l\/v320\/seg_\d+\.ts$/.test(k)).reduce((n, [, o]) => n + o.body.length, 0);
    assert.strictEqual(ladder.rungs[0].bytes, v320Bytes);

    const dash = await check(loadPackage('dash-timeline', 'd/'));
    assert.deepStrictEqual(
      dash.ladders[0].rungs.map((r) => [r.id, r.type, r.bandwidth, r.codecs, r.frameRate, r.segments]),
      [
        ['0', 'video', 60000, 'avc1.4d400b', 10, 4],
        ['1', 'video', 25000, 'avc1.4d400a', 10, 4],
        ['2', 'audio', 24000, 'mp4a.40.2', undefined, 4],
      ],
    );
    assert.ok(dash.ladders[0].rungs.every((r) => r.bytes > 0));
  });

  it('reports an external URI once and a manifest that cannot be parsed, at its line', async () => {
    const files = new Map<string, StoredObject>([
      [
        'e/index.m3u8',
        {
          body: Buffer.from(
            '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttps://cdn.example.com/a.ts\n#EXTINF:2,\nhttps://cdn.example.com/a.ts\n#EXTINF:2,\nb.ts\n',
          ),
          contentType: 'application/x-mpegURL',
        },
      ],
      ['e/b.ts', { body: Buffer.from('x'), contentType: 'video/mp2t' }],
      ['e/broken.mpd', { body: Buffer.from('<html><body>Access Denied</body></html>'), contentType: 'application/dash+xml' }],
    ]);
    const store = memoryStore(files);
    const report = await checkPackage({ manifests: manifestKeysIn(store.listing, 'e/'), prefix: 'e/', listing: store.listing, source: store.source });
    assert.deepStrictEqual(
      report.findings.map((f) => [f.code, f.key, f.manifest, f.line]),
      [
        ['parse-error', 'e/broken.mpd', 'e/broken.mpd', 1],
        ['external-uri', 'https://cdn.example.com/a.ts', 'e/index.m3u8', 4],
      ],
    );
  });

  it('scales: a ladder of 5 renditions × 2,000 segments (10,000 objects) costs 5 playlist reads and at most 16 HEADs', async () => {
    const files = new Map<string, StoredObject>();
    const put = (key: string, body: string, contentType: string): void => void files.set(key, { body: Buffer.from(body), contentType });
    const master = ['#EXTM3U'];
    for (let r = 0; r < 5; r++) {
      master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${(r + 1) * 1_000_000},RESOLUTION=${320 * (r + 1)}x${180 * (r + 1)}`, `r${r}/index.m3u8`);
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD'];
      for (let s = 0; s < 2000; s++) {
        lines.push('#EXTINF:2.0,', `s${s}.ts`);
        put(`big/r${r}/s${s}.ts`, 'ts', 'video/mp2t');
      }
      lines.push('#EXT-X-ENDLIST');
      put(`big/r${r}/index.m3u8`, lines.join('\n'), 'application/vnd.apple.mpegurl');
    }
    put('big/master.m3u8', master.join('\n'), 'application/vnd.apple.mpegurl');
    const store = memoryStore(files);
    let reads = 0;
    const source: PackageSource = { readText: (k, s) => (reads++, store.source.readText(k, s)), head: (k, s) => store.source.head(k, s) };
    const started = Date.now();
    const report = await checkPackage({ manifests: ['big/master.m3u8'], prefix: 'big/', listing: store.listing, source });
    const ms = Date.now() - started;
    assert.strictEqual(report.objects, 10_006);
    assert.deepStrictEqual(report.findings, []);
    assert.strictEqual(reads, 6);
    assert.ok(report.heads <= 16, `${report.heads} HEADs`);
    assert.strictEqual(
      report.ladders[0].rungs.reduce((n, r) => n + r.segments, 0),
      10_000,
    );
    assert.ok(ms < 1_500, `${ms} ms in memory`);
  });
});
