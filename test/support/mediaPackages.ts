// The real media packages of test/fixtures/media (made by scripts/make-media-fixtures.sh), as
// objects under a prefix with the Content-Type the upload gives each, and copies of them seeded
// with one known defect each, with the exact finding the defect must give. The expected keys and
// lines are found here in the fixture text, not with the parser under test.
import * as fs from 'fs';
import * as path from 'path';
import { contentTypeFor } from '../../src/core/transfer/mime';
import type { FindingCode } from '../../src/core/media/packageCheck';

export const MEDIA_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/media');

export type PackageName = 'hls-ts' | 'hls-fmp4' | 'dash-timeline' | 'dash-number';
export const PACKAGES: readonly PackageName[] = ['hls-ts', 'hls-fmp4', 'dash-timeline', 'dash-number'];

export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface MediaPackage {
  name: PackageName;
  /** the prefix the package is under, ending in '/' */
  prefix: string;
  /** the master playlist or the MPD */
  manifest: string;
  files: Map<string, StoredObject>;
}

export interface ExpectedFinding {
  code: FindingCode;
  key: string;
  manifest: string | undefined;
  line: number | undefined;
}

function walk(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(dir, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]));
}

export function loadPackage(name: PackageName, prefix: string): MediaPackage {
  const files = new Map<string, StoredObject>();
  for (const rel of walk(path.join(MEDIA_FIXTURES, name)).sort()) {
    files.set(prefix + rel, { body: fs.readFileSync(path.join(MEDIA_FIXTURES, name, rel)), contentType: contentTypeFor(rel) });
  }
  return { name, prefix, manifest: prefix + (name.startsWith('hls') ? 'master.m3u8' : 'manifest.mpd'), files };
}

export const isHls = (p: MediaPackage): boolean => p.name.startsWith('hls');

/** 1-based line of the first line of `text` that contains `needle` (after line `after`). */
export function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  throw new Error(`"${needle}" is not in the text after line ${after}`);
}

function text(p: MediaPackage, key: string): string {
  return p.files.get(key)!.body.toString('utf8');
}

/** The URI lines (not tags) of an HLS playlist, in order. */
function uriLines(t: string): { uri: string; line: number }[] {
  return t
    .split('\n')
    .map((l, i) => ({ uri: l.trim(), line: i + 1 }))
    .filter((l) => l.uri !== '' && !l.uri.startsWith('#'));
}

const isInit = (key: string): boolean => key.slice(key.lastIndexOf('/') + 1).startsWith('init');
const folder = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

/** The first variant (video) playlist of an HLS master, and the second. */
function variants(p: MediaPackage): [string, string, { first: number; second: number }] {
  const lines = uriLines(text(p, p.manifest));
  return [folder(p.manifest) + lines[0].uri, folder(p.manifest) + lines[1].uri, { first: lines[0].line, second: lines[1].line }];
}

/** A DASH Representation's media segment keys, as the fixture's files name them (sorted as the encoder numbered them). */
function dashRepresentation(p: MediaPackage, id: string): { keys: string[]; templateLine: number } {
  const mpd = text(p, p.manifest);
  const repLine = lineOf(mpd, `<Representation id="${id}"`);
  const templateLine = lineOf(mpd, '<SegmentTemplate', repLine - 1);
  const keys = [...p.files.keys()].filter((k) => new RegExp(`(^|/)(chunk|init)-${id}-?[^/]*\\.m4s$`).test(k));
  // Segment order is by number or time, as the file names say.
  const order = (k: string): number => (/init-/.test(k) ? -1 : Number(/-(-?\d+)\.m4s$/.exec(k)![1]));
  keys.sort((a, b) => order(a) - order(b));
  return { keys, templateLine };
}

export type Defect = 'missing-segment' | 'empty-segment' | 'octet-stream-playlist' | 'orphan' | 'missing-variant' | 'over-target-duration';
export const DEFECTS: readonly Defect[] = ['missing-segment', 'empty-segment', 'octet-stream-playlist', 'orphan', 'missing-variant', 'over-target-duration'];

/** Whether the defect exists for the package's kind (DASH has no target duration). */
export function appliesTo(defect: Defect, name: PackageName): boolean {
  return defect !== 'over-target-duration' || name.startsWith('hls');
}

/** Seeds the defect into `p`'s files (in place) and returns the one finding it must give. */
export function seedDefect(p: MediaPackage, defect: Defect): ExpectedFinding {
  const hls = isHls(p);
  if (defect === 'orphan') {
    const key = `${p.prefix}${hls ? 'v160/old_seg_999.ts' : 'chunk-9-0.m4s'}`;
    p.files.set(key, { body: Buffer.from('left over from an earlier encode'), contentType: contentTypeFor(key) });
    return { code: 'unreferenced', key, manifest: undefined, line: undefined };
  }
  if (defect === 'octet-stream-playlist') {
    if (!hls) {
      p.files.get(p.manifest)!.contentType = 'application/octet-stream';
      return { code: 'wrong-content-type', key: p.manifest, manifest: p.manifest, line: 1 };
    }
    const [, second, lines] = variants(p);
    p.files.get(second)!.contentType = 'application/octet-stream';
    return { code: 'wrong-content-type', key: second, manifest: p.manifest, line: lines.second };
  }
  if (defect === 'missing-variant') {
    if (!hls) {
      const { keys } = dashRepresentation(p, '1');
      for (const k of keys) p.files.delete(k);
      const mpd = text(p, p.manifest);
      const firstSegment = keys.find((k) => !isInit(k))!;
      return { code: 'missing-variant', key: firstSegment, manifest: p.manifest, line: lineOf(mpd, '<Representation id="1"') };
    }
    const [, second, lines] = variants(p);
    const playlist = text(p, second);
    for (const u of uriLines(playlist)) p.files.delete(folder(second) + u.uri);
    const map = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist);
    if (map) p.files.delete(folder(second) + map[1]);
    p.files.delete(second);
    return { code: 'missing-variant', key: second, manifest: p.manifest, line: lines.second };
  }
  if (hls) {
    const [first] = variants(p);
    const playlist = text(p, first);
    const segs = uriLines(playlist);
    if (defect === 'missing-segment') {
      const key = folder(first) + segs[1].uri;
      p.files.delete(key);
      return { code: 'missing', key, manifest: first, line: segs[1].line };
    }
    if (defect === 'empty-segment') {
      const key = folder(first) + segs[2].uri;
      p.files.get(key)!.body = Buffer.alloc(0);
      return { code: 'empty', key, manifest: first, line: segs[2].line };
    }
    // over-target-duration: the last segment's EXTINF says 2.5 s in a playlist whose target is 1 s.
    const last = segs[segs.length - 1];
    const lines = playlist.split('\n');
    const extinf = last.line - 1;
    if (!lines[extinf - 1].startsWith('#EXTINF:')) throw new Error(`line ${extinf} of ${first} is not #EXTINF`);
    lines[extinf - 1] = '#EXTINF:2.500000,';
    p.files.get(first)!.body = Buffer.from(lines.join('\n'));
    return { code: 'segment-over-target-duration', key: folder(first) + last.uri, manifest: first, line: extinf };
  }
  const { keys, templateLine } = dashRepresentation(p, '0');
  const media = keys.filter((k) => !isInit(k));
  if (defect === 'missing-segment') {
    p.files.delete(media[1]);
    return { code: 'missing', key: media[1], manifest: p.manifest, line: templateLine };
  }
  if (defect === 'empty-segment') {
    p.files.get(media[2])!.body = Buffer.alloc(0);
    return { code: 'empty', key: media[2], manifest: p.manifest, line: templateLine };
  }
  throw new Error(`${defect} does not apply to ${p.name}`);
}
