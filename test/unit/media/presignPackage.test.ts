import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { playableCopy } from '../../../src/core/media/presignPackage';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/media');

/** The fixture package as a bucket under `pkg/`, read by key; undefined for a missing object. */
function reader(pkg: string, drop: string[] = []): (key: string) => Promise<string | undefined> {
  return async (key) => {
    if (drop.includes(key)) return undefined;
    const file = path.join(FIXTURES, pkg, key.replace(/^pkg\//, ''));
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  };
}

const presign = async (key: string): Promise<string> => `https://s3.test/b/${key}?X-Amz-Signature=s&X-Amz-Expires=3600`;
const copyUrl = async (name: string): Promise<string> => `https://s3.test/b/play/${name}?X-Amz-Signature=c`;
const uriLines = (text: string): string[] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));

describe('media/presignPackage', () => {
  it('rewrites an HLS master and every playlist it names: segments presigned, the master pointing at the copies', async () => {
    const copy = await playableCopy({ playlistKey: 'pkg/master.m3u8', readText: reader('hls-ts'), presign, copyUrl });
    assert.deepStrictEqual(
      copy.files.map((f) => f.name),
      ['master.m3u8', 'audio/index.m3u8', 'v320/index_vtt.m3u8', 'v320/index.m3u8', 'v160/index_vtt.m3u8', 'v160/index.m3u8'],
    );
    const master = copy.files[0]?.text ?? '';
    assert.deepStrictEqual(uriLines(master), [
      'https://s3.test/b/play/v320/index.m3u8?X-Amz-Signature=c',
      'https://s3.test/b/play/v160/index.m3u8?X-Amz-Signature=c',
    ]);
    assert.match(master, /URI="https:\/\/s3\.test\/b\/play\/audio\/index\.m3u8\?X-Amz-Signature=c"/);
    assert.match(master, /#EXT-X-STREAM-INF:BANDWIDTH=92400,RESOLUTION=320x180/, 'the tags stay as they were');
    const v320 = copy.files.find((f) => f.name === 'v320/index.m3u8')?.text ?? '';
    assert.deepStrictEqual(
      uriLines(v320),
      ['seg_000.ts', 'seg_001.ts', 'seg_002.ts', 'seg_003.ts'].map((s) => `https://s3.test/b/pkg/v320/${s}?X-Amz-Signature=s&X-Amz-Expires=3600`),
    );
    assert.match(v320, /#EXT-X-ENDLIST/);
    assert.deepStrictEqual([copy.external, copy.missing], [[], []]);
  });

  it('presigns the init segment an EXT-X-MAP names', async () => {
    const copy = await playableCopy({ playlistKey: 'pkg/master.m3u8', readText: reader('hls-fmp4'), presign, copyUrl });
    const media = copy.files.find((f) => /^v320\/.*\.m3u8$/.test(f.name) && !f.name.includes('vtt'))?.text ?? '';
    assert.match(media, /#EXT-X-MAP:URI="https:\/\/s3\.test\/b\/pkg\/v320\/init_0\.mp4\?X-Amz-Signature=s&X-Amz-Expires=3600"/);
  });

  it('says which playlists the master names but the bucket lacks, and leaves external URIs alone', async () => {
    const read = reader('hls-ts', ['pkg/v160/index.m3u8']);
    const withExternal = async (key: string): Promise<string | undefined> =>
      key === 'pkg/master.m3u8' ? `${(await read(key)) ?? ''}\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttps://cdn.example.com/other.m3u8\n` : read(key);
    const copy = await playableCopy({ playlistKey: 'pkg/master.m3u8', readText: withExternal, presign, copyUrl });
    assert.deepStrictEqual(copy.missing, ['pkg/v160/index.m3u8']);
    assert.deepStrictEqual(copy.external, ['https://cdn.example.com/other.m3u8']);
    assert.ok(copy.files[0]?.text.includes('\nhttps://cdn.example.com/other.m3u8'));
  });

  it('refuses what is not an HLS playlist', async () => {
    await assert.rejects(
      playableCopy({ playlistKey: 'pkg/manifest.mpd', readText: reader('dash-number'), presign, copyUrl }),
      /not an HLS playlist \(no #EXTM3U\); only HLS packages can be presigned/,
    );
    await assert.rejects(playableCopy({ playlistKey: 'pkg/none.m3u8', readText: reader('hls-ts'), presign, copyUrl }), /pkg\/none\.m3u8 is not there/);
  });
});
