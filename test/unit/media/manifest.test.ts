// Parsing of HLS playlists and DASH MPDs into referenced keys, roles and lines (src/core/media/manifest.ts),
// on the ffmpeg-made packages and the hand-written manifests of test/fixtures/media.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ManifestParseError, manifestFormat, parseManifest, resolveUri, type MediaRef } from '../../../src/core/media/manifest';
import { scanXml } from '../../../src/core/media/xmlLines';
import { MEDIA_FIXTURES } from '../../support/mediaPackages';

const read = (rel: string): string => fs.readFileSync(path.join(MEDIA_FIXTURES, rel), 'utf8');
const parse = (rel: string, opts = {}) => parseManifest(`pkg/${rel}`, read(rel), opts);
const brief = (refs: readonly MediaRef[]): string[] => refs.map((r) => `${r.line} ${r.role} ${r.key ?? `external ${r.external}`}`);

describe('media/manifest: HLS', () => {
  it('reads a master: variants, the alternate audio and the subtitle renditions, each at its line', () => {
    const m = parse('hls-ts/master.m3u8');
    assert.strictEqual(m.kind, 'hls-master');
    assert.deepStrictEqual(brief(m.refs), [
      '6 media-playlist pkg/hls-ts/v320/index.m3u8',
      '10 media-playlist pkg/hls-ts/v160/index.m3u8',
      '3 media-playlist pkg/hls-ts/audio/index.m3u8',
      '4 media-playlist pkg/hls-ts/v320/index_vtt.m3u8',
      '8 media-playlist pkg/hls-ts/v160/index_vtt.m3u8',
    ]);
    const v320 = m.renditions[0];
    assert.deepStrictEqual(
      { type: v320.type, bandwidth: v320.bandwidth, resolution: v320.resolution, codecs: v320.codecs, audio: v320.audioGroup, subs: v320.subtitleGroup },
      { type: 'video', bandwidth: 92400, resolution: { width: 320, height: 180 }, codecs: 'avc1.4d400b,mp4a.40.2', audio: 'group_aud', subs: 'subs' },
    );
    assert.deepStrictEqual(
      m.renditions.map((r) => `${r.type} ${r.group ?? ''} ${r.language ?? ''}`),
      ['video  ', 'video  ', 'audio group_aud en', 'subtitles subs ', 'subtitles subs '],
    );
  });

  it('reads a TS media playlist: segments at their URI lines, EXTINF lines and the target duration', () => {
    const m = parse('hls-ts/v320/index.m3u8');
    assert.strictEqual(m.kind, 'hls-media');
    assert.strictEqual(m.targetDuration, 1);
    assert.strictEqual(m.targetDurationLine, 3);
    assert.deepStrictEqual(brief(m.refs), [
      '8 segment-ts pkg/hls-ts/v320/seg_000.ts',
      '10 segment-ts pkg/hls-ts/v320/seg_001.ts',
      '12 segment-ts pkg/hls-ts/v320/seg_002.ts',
      '14 segment-ts pkg/hls-ts/v320/seg_003.ts',
    ]);
    assert.deepStrictEqual(
      m.refs.map((r) => [r.duration, r.durationLine]),
      [
        [1, 7],
        [1, 9],
        [1, 11],
        [1, 13],
      ],
    );
  });

  it('reads a WebVTT subtitle playlist as subtitle segments', () => {
    assert.deepStrictEqual(brief(parse('hls-ts/v160/index_vtt.m3u8').refs), [
      '6 subtitle pkg/hls-ts/v160/index0.vtt',
      '8 subtitle pkg/hls-ts/v160/index1.vtt',
      '10 subtitle pkg/hls-ts/v160/index2.vtt',
      '12 subtitle pkg/hls-ts/v160/index3.vtt',
    ]);
  });

  it('reads a CMAF playlist: the EXT-X-MAP init at its line, fMP4 segments, audio ones when the master says audio', () => {
    const video = parse('hls-fmp4/v160/index.m3u8');
    assert.deepStrictEqual(brief(video.refs).slice(0, 2), ['7 init pkg/hls-fmp4/v160/init_1.mp4', '9 segment-fmp4 pkg/hls-fmp4/v160/seg_000.m4s']);
    assert.strictEqual(video.refs.length, 5);
    const audio = parse('hls-fmp4/audio/index.m3u8', { type: 'audio', rendition: 'audio/index.m3u8' });
    assert.deepStrictEqual(brief(audio.refs), [
      '6 init pkg/hls-fmp4/audio/init_2.mp4',
      '8 segment-audio pkg/hls-fmp4/audio/seg_000.m4s',
      '10 segment-audio pkg/hls-fmp4/audio/seg_001.m4s',
      '12 segment-audio pkg/hls-fmp4/audio/seg_002.m4s',
      '14 segment-audio pkg/hls-fmp4/audio/seg_003.m4s',
    ]);
    assert.ok(audio.refs.every((r) => r.rendition === 'audio/index.m3u8'));
  });

  it('reads byte ranges of one file (EXT-X-BYTERANGE, EXT-X-MAP BYTERANGE): one object, its ranges in order', () => {
    const m = parse('hand/byterange.m3u8');
    assert.deepStrictEqual(brief(m.refs), ['8 segment-fmp4 pkg/hand/main.mp4', '11 segment-fmp4 pkg/hand/main.mp4', '14 segment-fmp4 pkg/hand/main.mp4']);
    assert.deepStrictEqual(
      m.refs.map((r) => r.byterange),
      [
        { offset: 800, length: 9000 },
        { offset: 9800, length: 8000 },
        { offset: 17800, length: 8500 },
      ],
    );
  });

  it('resolves relative paths, ../, absolute paths, percent-encoding, queries, and full URLs (external unless under a bucket URL)', () => {
    const m = parse('hand/paths.m3u8');
    assert.deepStrictEqual(brief(m.refs), [
      '6 segment-ts pkg/hand/a.ts',
      '8 segment-ts pkg/hand/sub/b.ts',
      '10 segment-ts pkg/shared/c.ts',
      '12 segment-ts other/d.ts',
      '14 segment-ts external https://cdn.example.com/e.ts',
      '16 segment-ts pkg/hand/seg f.ts',
    ]);
    const underCdn = parse('hand/paths.m3u8', { bucketUrls: ['https://cdn.example.com'] });
    assert.strictEqual(underCdn.refs[4].key, 'e.ts');
    assert.deepStrictEqual(resolveUri('../../../x.ts', 'a/b.m3u8'), { key: 'x.ts' });
    assert.deepStrictEqual(resolveUri('http://127.0.0.1:7480/bucket/p/s.ts', 'p/m.m3u8', { bucketUrls: ['http://127.0.0.1:7480/bucket/'] }), { key: 'p/s.ts' });
    assert.deepStrictEqual(resolveUri('http://127.0.0.1:7480/other/p/s.ts', 'p/m.m3u8', { bucketUrls: ['http://127.0.0.1:7480/bucket/'] }), {
      external: 'http://127.0.0.1:7480/other/p/s.ts',
    });
  });

  it('refuses a text that is not a playlist, at line 1', () => {
    assert.throws(
      () => parseManifest('pkg/x.m3u8', '<html>not found</html>'),
      (e: unknown) => e instanceof ManifestParseError && e.line === 1 && /#EXTM3U/.test(e.message),
    );
  });
});

describe('media/manifest: DASH', () => {
  it('expands SegmentTemplate + SegmentTimeline ($Time$): every segment and init at the SegmentTemplate line', () => {
    const m = parse('dash-timeline/manifest.mpd');
    assert.strictEqual(m.kind, 'dash');
    assert.deepStrictEqual(
      m.renditions.map((r) => `${r.id} ${r.type} ${r.line} ${r.bandwidth} ${r.codecs} ${r.frameRate ?? '-'}`),
      ['0 video 17 60000 avc1.4d400b 10', '1 video 24 25000 avc1.4d400a 10', '2 audio 33 24000 mp4a.40.2 -'],
    );
    assert.deepStrictEqual(brief(m.refs.filter((r) => r.rendition === '2')), [
      '35 segment-audio pkg/dash-timeline/chunk-2-0.m4s',
      '35 segment-audio pkg/dash-timeline/chunk-2-47104.m4s',
      '35 segment-audio pkg/dash-timeline/chunk-2-95232.m4s',
      '35 segment-audio pkg/dash-timeline/chunk-2-143360.m4s',
      '35 init pkg/dash-timeline/init-2.m4s',
    ]);
    assert.strictEqual(m.refs.filter((r) => r.rendition === '0' && r.role === 'segment-fmp4').length, 4);
  });

  it('expands SegmentTemplate $Number%03d$ with a duration, in a sub-folder', () => {
    const m = parse('dash-number/manifest.mpd');
    assert.deepStrictEqual(brief(m.refs.filter((r) => r.rendition === '1')), [
      '22 segment-fmp4 pkg/dash-number/seg/chunk-1-001.m4s',
      '22 segment-fmp4 pkg/dash-number/seg/chunk-1-002.m4s',
      '22 segment-fmp4 pkg/dash-number/seg/chunk-1-003.m4s',
      '22 segment-fmp4 pkg/dash-number/seg/chunk-1-004.m4s',
      '22 init pkg/dash-number/seg/init-1.m4s',
    ]);
  });

  it('reads SegmentList: each SegmentURL at its own line, the Initialization at its line, BaseURL per Representation', () => {
    const m = parse('hand/segment-list.mpd');
    assert.deepStrictEqual(brief(m.refs), [
      '10 segment-fmp4 pkg/hand/hi/s1.m4s',
      '11 segment-fmp4 pkg/hand/hi/s2.m4s',
      '12 segment-fmp4 pkg/hand/hi/s3.m4s',
      '9 init pkg/hand/hi/init.mp4',
      '19 segment-fmp4 pkg/hand/lo/s1.m4s',
      '20 segment-fmp4 pkg/hand/lo/s2.m4s',
      '21 segment-fmp4 pkg/hand/lo/s3.m4s',
      '18 init pkg/hand/lo/init.mp4',
    ]);
  });

  it('reads SegmentBase: one file per Representation (MPD and Representation BaseURLs), at the BaseURL line', () => {
    const m = parse('hand/segment-base.mpd');
    assert.deepStrictEqual(brief(m.refs), ['8 segment-fmp4 pkg/hand/media/video-320.mp4', '16 segment-audio pkg/hand/media/audio.m4a']);
    assert.deepStrictEqual(
      m.renditions.map((r) => `${r.id} ${r.type}`),
      ['v1 video', 'a1 audio'],
    );
  });

  it('reads multiple Periods with per-Period BaseURLs: one rendition, the segments of both Periods at each Period’s template line', () => {
    const m = parse('hand/multi-period.mpd');
    assert.deepStrictEqual(
      m.renditions.map((r) => r.id),
      ['v'],
    );
    assert.deepStrictEqual(brief(m.refs), [
      '7 segment-fmp4 pkg/hand/ad/v-1.m4s',
      '7 segment-fmp4 pkg/hand/ad/v-2.m4s',
      '7 init pkg/hand/ad/init-v.mp4',
      '14 segment-fmp4 pkg/hand/main/v-1.m4s',
      '14 segment-fmp4 pkg/hand/main/v-2.m4s',
      '14 init pkg/hand/main/init-v.mp4',
    ]);
  });

  it('refuses XML that is not an MPD, and tells HLS from DASH by name or by text', () => {
    assert.throws(
      () => parseManifest('pkg/x.mpd', '<?xml version="1.0"?>\n<Error><Code>NoSuchKey</Code></Error>'),
      (e: unknown) => e instanceof ManifestParseError && /no MPD element/.test(e.message) && e.line === 2,
    );
    assert.strictEqual(manifestFormat('a/b.M3U8'), 'hls');
    assert.strictEqual(manifestFormat('a/b.mpd'), 'dash');
    assert.strictEqual(manifestFormat('a/manifest', '<?xml version="1.0"?><MPD type="static">'), 'dash');
    assert.strictEqual(manifestFormat('a/manifest', 'hello'), undefined);
  });

  it('scans XML start tags with their lines, skipping comments and processing instructions', () => {
    const root = scanXml(
      '<?xml version="1.0"?>\n<!-- <Period> in a comment -->\n<mpd:MPD a="1">\n  <Period id=\'p\'>\n    <BaseURL>x/</BaseURL>\n  </Period>\n</mpd:MPD>',
    );
    assert.strictEqual(root?.name, 'MPD');
    assert.strictEqual(root?.line, 3);
    const period = root?.children[0];
    assert.deepStrictEqual([period?.name, period?.line, period?.attributes['id'], period?.children[0]?.text], ['Period', 4, 'p', 'x/']);
  });
});
