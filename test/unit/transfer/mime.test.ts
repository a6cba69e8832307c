import * as assert from 'assert';
import { contentTypeFor } from '../../../src/core/transfer/mime';

describe('transfer/mime', () => {
  const expected: Record<string, string> = {
    'master.m3u8': 'application/vnd.apple.mpegurl',
    'manifest.mpd': 'application/dash+xml',
    'seg_001.ts': 'video/mp2t',
    'chunk-1.m4s': 'video/iso.segment',
    'subs/en.vtt': 'text/vtt',
    'movie.MP4': 'video/mp4',
    'audio.m4a': 'audio/mp4',
    'video.cmfv': 'video/mp4',
    'audio.cmfa': 'audio/mp4',
    'aud.aac': 'audio/aac',
    'subs.srt': 'application/x-subrip',
    'subs.ttml': 'application/ttml+xml',
    'poster.jpg': 'image/jpeg',
    'job.json': 'application/json',
    'C:\\media\\clip.mov': 'video/quicktime',
  };
  for (const [name, type] of Object.entries(expected)) {
    it(`${name} → ${type}`, () => assert.strictEqual(contentTypeFor(name), type));
  }

  it('falls back to application/octet-stream for unknown or missing extensions', () => {
    for (const name of ['README', 'data.unknownext', '.hidden', 'dir.v2/noext']) {
      assert.strictEqual(contentTypeFor(name), 'application/octet-stream', name);
    }
  });
});
