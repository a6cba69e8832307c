/**
 * Every URI an HLS playlist or a DASH MPD references, resolved to an object key, with the manifest
 * line it comes from and the role of the object. The parsing is videojs' m3u8-parser and
 * mpd-parser (what video.js/VHS reads is what a player reads); they give no line numbers, so the
 * lines are found in the text: HLS URIs in order of their lines, DASH references at the
 * SegmentURL, SegmentTemplate/SegmentList/SegmentBase or Representation they are made from.
 */
import { Parser, type M3u8Manifest, type M3u8Segment } from 'm3u8-parser';
import { parse as parseMpdText, type MpdPlaylist } from 'mpd-parser';
import type { MediaRole } from '../transfer/mime';
import { childrenNamed, scanXml, type XmlElement } from './xmlLines';

export type { MediaRole } from '../transfer/mime';

export type RenditionType = 'video' | 'audio' | 'subtitles' | 'iframe';

export interface ByteRange {
  offset: number;
  length: number;
}

export interface MediaRef {
  /** as written in the manifest (for DASH the template already expanded) */
  uri: string;
  /** the object key it resolves to; undefined when it points elsewhere (`external`) */
  key?: string | undefined;
  /** the absolute URL of a reference outside the bucket, which the check does not follow */
  external?: string | undefined;
  role: MediaRole;
  /** 1-based line in the manifest */
  line: number;
  /** the rendition it belongs to (`Rendition.id`), when any */
  rendition?: string | undefined;
  /** seconds (segments) */
  duration?: number | undefined;
  /** the #EXTINF line of an HLS segment */
  durationLine?: number | undefined;
  byterange?: ByteRange | undefined;
}

export interface Rendition {
  /** the variant or rendition playlist's URI (HLS), the Representation id (DASH) */
  id: string;
  type: RenditionType;
  line: number;
  /** the HLS playlist it is described by; undefined for DASH and external playlists */
  playlistKey?: string | undefined;
  bandwidth?: number | undefined;
  averageBandwidth?: number | undefined;
  resolution?: { width: number; height: number } | undefined;
  codecs?: string | undefined;
  frameRate?: number | undefined;
  audioGroup?: string | undefined;
  subtitleGroup?: string | undefined;
  /** the group an alternate rendition is in (EXT-X-MEDIA GROUP-ID) */
  group?: string | undefined;
  name?: string | undefined;
  language?: string | undefined;
}

export type ManifestKind = 'hls-master' | 'hls-media' | 'dash';

export interface ParsedManifest {
  key: string;
  kind: ManifestKind;
  refs: MediaRef[];
  renditions: Rendition[];
  /** EXT-X-TARGETDURATION of an HLS media playlist, and its line */
  targetDuration?: number | undefined;
  targetDurationLine?: number | undefined;
}

export class ManifestParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ManifestParseError';
  }
}

export interface ResolveOptions {
  /**
   * URLs at which the bucket itself is served (e.g. `https://cdn.example.com/` or
   * `http://127.0.0.1:7480/bucket/`): a full URL under one of them is a key of the bucket, any
   * other full URL is external.
   */
  bucketUrls?: readonly string[] | undefined;
}

// A base that no real URL has: a relative URI resolved against it stays on it, and a full URL does not.
const BASE = 'https://package.invalid/';

function urlOfKey(key: string): string {
  return BASE + key.split('/').map(encodeURIComponent).join('/');
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The key a URI of the manifest at `manifestKey` names: relative paths and `../` against the
 * manifest's folder, an absolute path (`/x/y.ts`) from the bucket's root, a full URL under one of
 * `bucketUrls` in the bucket; a query or fragment (CDN tokens) is not part of the key.
 */
export function resolveUri(uri: string, manifestKey: string, opts: ResolveOptions = {}): { key: string } | { external: string } {
  // The common case, a plain relative name ("seg_001.ts", "v1/index.m3u8"), without a URL parse:
  // a playlist of thousands of segments is resolved in a few milliseconds.
  if (PLAIN.test(uri) && !DOT_SEGMENT.test(uri)) return { key: manifestKey.slice(0, manifestKey.lastIndexOf('/') + 1) + uri };
  // mpd-parser's resolved URLs, already normalised against the base.
  if (uri.startsWith(BASE) && !/[?#]/.test(uri) && !DOT_SEGMENT.test(uri.slice(BASE.length))) return { key: decodePath(uri.slice(BASE.length)) };
  let url: URL;
  try {
    url = new URL(uri, urlOfKey(manifestKey));
  } catch {
    return { external: uri };
  }
  if (url.href.startsWith(BASE)) return { key: decodePath(url.pathname.slice(1)) };
  const bare = `${url.origin}${url.pathname}`;
  for (const b of opts.bucketUrls ?? []) {
    const root = b.endsWith('/') ? b : `${b}/`;
    if (bare.startsWith(root)) return { key: decodePath(bare.slice(root.length)) };
  }
  return { external: url.href };
}

// Names a URL parse leaves as they are: no scheme, no leading or double slash, no escapes, query, fragment or dot segments.
const PLAIN = /^[A-Za-z0-9_\-+=,@~!$&'()*;.][A-Za-z0-9_\-+=,@~!$&'()*;./]*$/;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)|\/\//;

function ref(uri: string, manifestKey: string, opts: ResolveOptions, fields: Omit<MediaRef, 'uri' | 'key' | 'external'>): MediaRef {
  const r = resolveUri(uri, manifestKey, opts);
  return { uri, ...('key' in r ? { key: r.key } : { external: r.external }), ...fields };
}

function extensionOf(uri: string): string {
  const path = uri.split(/[?#]/)[0] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const AUDIO_EXTENSIONS = new Set(['aac', 'ac3', 'ec3', 'mp3', 'm4a', 'cmfa']);
const SUBTITLE_EXTENSIONS = new Set(['vtt', 'webvtt', 'ttml', 'dfxp', 'cmft']);

/** A media segment's role from its name, what its rendition carries, and whether it has an init segment. */
function segmentRole(uri: string, type: RenditionType | undefined, fragmented: boolean): MediaRole {
  const ext = extensionOf(uri);
  if (SUBTITLE_EXTENSIONS.has(ext) || type === 'subtitles') return 'subtitle';
  if (ext === 'ts') return 'segment-ts';
  if (AUDIO_EXTENSIONS.has(ext)) return 'segment-audio';
  if (type === 'audio' && (fragmented || ext === 'm4s' || ext === 'mp4')) return 'segment-audio';
  if (fragmented || ext === 'm4s' || ext === 'mp4' || ext === 'cmfv') return 'segment-fmp4';
  // HLS without EXT-X-MAP is MPEG-TS (or packed audio, named by its extension above).
  return 'segment-ts';
}

// ---------------------------------------------------------------- HLS

interface HlsLines {
  /** lines (1-based) of URI lines, in order */
  uris: number[];
  /** per URI line: the #EXTINF and #EXT-X-MAP lines in force before it */
  before: Map<number, { extinf?: number | undefined; map?: number | undefined }>;
  /** tag lines: name ("EXT-X-MAP"), line, URI attribute */
  tags: { tag: string; line: number; uri?: string | undefined; text: string }[];
}

function scanHls(text: string): HlsLines {
  const out: HlsLines = { uris: [], before: new Map(), tags: [] };
  // One pass: a playlist of thousands of segments must not be scanned once per segment.
  let extinf: number | undefined;
  let map: number | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (!line.startsWith('#')) {
      out.uris.push(i + 1);
      out.before.set(i + 1, { extinf, map });
      extinf = undefined;
      return;
    }
    if (!line.startsWith('#EXT')) return;
    const colon = line.indexOf(':');
    const tag = line.slice(1, colon < 0 ? undefined : colon);
    const uri = /(?:^|[:,])URI="([^"]*)"/.exec(line)?.[1];
    if (tag === 'EXTINF') extinf = i + 1;
    if (tag === 'EXT-X-MAP') map = i + 1;
    out.tags.push({ tag, line: i + 1, uri, text: line });
  });
  return out;
}

function firstTag(lines: HlsLines, tag: string, uri?: string): number | undefined {
  return lines.tags.find((t) => t.tag === tag && (uri === undefined || t.uri === uri))?.line;
}

function readHls(text: string): M3u8Manifest {
  const first = text.replace(/^\uFEFF/, '').trimStart();
  if (!first.startsWith('#EXTM3U')) throw new ManifestParseError('the first line is not #EXTM3U, so this is not an HLS playlist (RFC 8216 §4.3.1.1)', 1);
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

export interface HlsContext {
  /** what the master says the playlist carries (an AUDIO or SUBTITLES rendition, or a variant) */
  type?: RenditionType | undefined;
  /** the id the master gave it, so its segments count under that rendition */
  rendition?: string | undefined;
}

export function parseHls(key: string, text: string, opts: ResolveOptions & HlsContext = {}): ParsedManifest {
  const m = readHls(text);
  const lines = scanHls(text);
  const variants = m.playlists ?? [];
  if (variants.length > 0 || (m.segments.length === 0 && lines.tags.some((t) => t.tag === 'EXT-X-MEDIA' || t.tag === 'EXT-X-STREAM-INF'))) {
    return parseMaster(key, m, lines, opts);
  }
  return parseMedia(key, m, lines, opts);
}

function parseMaster(key: string, m: M3u8Manifest, lines: HlsLines, opts: ResolveOptions): ParsedManifest {
  const refs: MediaRef[] = [];
  const renditions: Rendition[] = [];
  const add = (uri: string, line: number, rendition: Omit<Rendition, 'id' | 'line' | 'playlistKey'>): void => {
    const r = ref(uri, key, opts, { role: 'media-playlist', line, rendition: uri });
    refs.push(r);
    renditions.push({ id: uri, line, playlistKey: r.key, ...rendition });
  };
  (m.playlists ?? []).forEach((v, i) => {
    const a = v.attributes;
    add(v.uri, lines.uris[i] ?? lineOfText(lines, v.uri), {
      type: 'video',
      bandwidth: a.BANDWIDTH,
      averageBandwidth: a['AVERAGE-BANDWIDTH'],
      resolution: a.RESOLUTION,
      codecs: a.CODECS,
      frameRate: a['FRAME-RATE'],
      audioGroup: a.AUDIO,
      subtitleGroup: a.SUBTITLES,
    });
  });
  for (const [kind, type] of [
    ['AUDIO', 'audio'],
    ['SUBTITLES', 'subtitles'],
  ] as const) {
    for (const [group, members] of Object.entries(m.mediaGroups?.[kind] ?? {})) {
      for (const [name, r] of Object.entries(members)) {
        // A rendition without URI is carried in the variants' own segments.
        if (r.uri === undefined || refs.some((x) => x.uri === r.uri)) continue;
        add(r.uri, firstTag(lines, 'EXT-X-MEDIA', r.uri) ?? 1, { type, group, name, language: r.language });
      }
    }
  }
  for (const v of m.iFramePlaylists ?? []) {
    if (refs.some((x) => x.uri === v.uri)) continue;
    add(v.uri, firstTag(lines, 'EXT-X-I-FRAME-STREAM-INF', v.uri) ?? 1, {
      type: 'iframe',
      bandwidth: v.attributes.BANDWIDTH,
      resolution: v.attributes.RESOLUTION,
      codecs: v.attributes.CODECS,
    });
  }
  return { key, kind: 'hls-master', refs, renditions };
}

function lineOfText(lines: HlsLines, uri: string): number {
  return lines.tags.find((t) => t.text.includes(uri))?.line ?? 1;
}

function parseMedia(key: string, m: M3u8Manifest, lines: HlsLines, opts: ResolveOptions & HlsContext): ParsedManifest {
  const refs: MediaRef[] = [];
  const segmentKeys = new Set<string>();
  const maps: { uri: string; line: number }[] = [];
  // The parser drops nothing and reorders nothing, so the n-th segment is the n-th URI line.
  const aligned = m.segments.length === lines.uris.length;
  m.segments.forEach((s: M3u8Segment, i) => {
    const line = aligned ? (lines.uris[i] ?? 1) : lineOfText(lines, s.uri);
    const r = ref(s.uri, key, opts, {
      role: segmentRole(s.uri, opts.type, s.map !== undefined),
      line,
      rendition: opts.rendition,
      duration: s.duration,
      durationLine: lines.before.get(line)?.extinf,
      byterange: s.byterange,
    });
    refs.push(r);
    if (r.key !== undefined) segmentKeys.add(r.key);
    if (s.map && !maps.some((x) => x.uri === s.map?.uri)) {
      maps.push({ uri: s.map.uri, line: lines.before.get(line)?.map ?? firstTag(lines, 'EXT-X-MAP', s.map.uri) ?? 1 });
    }
  });
  for (const map of maps) {
    const r = ref(map.uri, key, opts, { role: 'init', line: map.line, rendition: opts.rendition });
    // A single-file package (EXT-X-BYTERANGE) has its init in the segments' file: one object, one role.
    if (r.key === undefined || !segmentKeys.has(r.key)) refs.push(r);
  }
  refs.sort((a, b) => a.line - b.line);
  return { key, kind: 'hls-media', refs, renditions: [], targetDuration: m.targetDuration, targetDurationLine: firstTag(lines, 'EXT-X-TARGETDURATION') };
}

// ---------------------------------------------------------------- DASH

interface RepresentationLines {
  id: string | undefined;
  line: number;
  /** the SegmentTemplate / SegmentList / SegmentBase in force, or the Representation */
  sourceLine: number;
  initLine: number;
  segmentUrlLines: number[];
  baseUrlLine: number | undefined;
}

/** Representations in document order, with the lines their references come from. */
function representationLines(root: XmlElement | undefined): RepresentationLines[] {
  const out: RepresentationLines[] = [];
  const segmentInfo = (e: XmlElement): XmlElement | undefined =>
    e.children.find((c) => c.name === 'SegmentTemplate' || c.name === 'SegmentList' || c.name === 'SegmentBase');
  for (const period of childrenNamed(root ?? { name: '', attributes: {}, line: 1, children: [], text: '' }, 'Period')) {
    for (const set of childrenNamed(period, 'AdaptationSet')) {
      for (const rep of childrenNamed(set, 'Representation')) {
        const info = segmentInfo(rep) ?? segmentInfo(set) ?? segmentInfo(period);
        const init = info ? childrenNamed(info, 'Initialization')[0] : undefined;
        out.push({
          id: rep.attributes['id'],
          line: rep.line,
          sourceLine: info?.line ?? rep.line,
          initLine: init?.line ?? info?.line ?? rep.line,
          segmentUrlLines: info?.name === 'SegmentList' ? childrenNamed(info, 'SegmentURL').map((u) => u.line) : [],
          baseUrlLine: childrenNamed(rep, 'BaseURL')[0]?.line,
        });
      }
    }
  }
  return out;
}

export function parseDash(key: string, text: string, opts: ResolveOptions = {}): ParsedManifest {
  const root = scanXml(text);
  if (root?.name !== 'MPD') {
    throw new ManifestParseError('the document has no MPD element, so this is not a DASH manifest (ISO/IEC 23009-1 §5.3.1)', root?.line ?? 1);
  }
  let parsed;
  try {
    parsed = parseMpdText(text, { manifestUri: urlOfKey(key) });
  } catch (error) {
    throw new ManifestParseError(`mpd-parser could not read it: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const reps = representationLines(root);
  const seen = new Map<string, number>();
  const lineFor = (id: string | undefined): RepresentationLines | undefined => {
    // The n-th playlist of an id is the n-th Representation of that id (one per Period).
    const n = seen.get(id ?? '') ?? 0;
    seen.set(id ?? '', n + 1);
    return reps.filter((r) => r.id === id)[n] ?? reps.find((r) => r.id === id);
  };
  const refs: MediaRef[] = [];
  const renditions: Rendition[] = [];
  const add = (p: MpdPlaylist, type: RenditionType, group?: string, language?: string): void => {
    const id = p.attributes.NAME ?? `#${renditions.length + 1}`;
    const lines = lineFor(p.attributes.NAME);
    const repLine = lines?.line ?? 1;
    if (!renditions.some((r) => r.id === id)) {
      const a = p.attributes;
      renditions.push({
        id,
        type,
        line: repLine,
        bandwidth: a.BANDWIDTH,
        resolution: a.RESOLUTION,
        codecs: a.CODECS,
        frameRate: a['FRAME-RATE'],
        group,
        language,
      });
    }
    const segmentKeys = new Set<string>();
    const mediaRole = (uri: string): MediaRole => segmentRole(uri, type === 'video' ? undefined : type, extensionOf(uri) !== 'ts');
    p.segments.forEach((s, i) => {
      const r = ref(s.resolvedUri, key, opts, {
        role: mediaRole(s.resolvedUri),
        line: lines?.segmentUrlLines[i] ?? lines?.sourceLine ?? repLine,
        rendition: id,
        duration: s.duration,
        byterange: s.byterange,
      });
      refs.push(r);
      if (r.key !== undefined) segmentKeys.add(r.key);
    });
    if (p.segments.length === 0 && p.sidx) {
      // SegmentBase: one file holds the init, the index and the media.
      const r = ref(p.sidx.resolvedUri, key, opts, {
        role: mediaRole(p.sidx.resolvedUri),
        line: lines?.baseUrlLine ?? lines?.sourceLine ?? repLine,
        rendition: id,
      });
      refs.push(r);
      if (r.key !== undefined) segmentKeys.add(r.key);
    }
    const maps = new Set(p.segments.map((s) => s.map?.resolvedUri).filter((u): u is string => u !== undefined));
    for (const u of maps) {
      const r = ref(u, key, opts, { role: 'init', line: lines?.initLine ?? repLine, rendition: id });
      if (r.key === undefined || !segmentKeys.has(r.key)) refs.push(r);
    }
  };
  for (const p of parsed.playlists) add(p, 'video');
  for (const [kind, type] of [
    ['AUDIO', 'audio'],
    ['SUBTITLES', 'subtitles'],
  ] as const) {
    for (const [group, members] of Object.entries(parsed.mediaGroups[kind] ?? {})) {
      for (const member of Object.values(members)) for (const p of member.playlists) add(p, type, group, member.language || undefined);
    }
  }
  return { key, kind: 'dash', refs, renditions };
}

export type ManifestFormat = 'hls' | 'dash';

/** HLS or DASH by the key's extension, else by the text; undefined when neither. */
export function manifestFormat(key: string, text?: string): ManifestFormat | undefined {
  const ext = extensionOf(key);
  if (ext === 'm3u8' || ext === 'm3u') return 'hls';
  if (ext === 'mpd') return 'dash';
  if (text === undefined) return undefined;
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('#EXTM3U')) return 'hls';
  return /<MPD[\s>]/.test(head.slice(0, 4096)) ? 'dash' : undefined;
}

/** Parses an HLS playlist or an MPD (by `manifestFormat`); throws ManifestParseError when it is neither or cannot be read. */
export function parseManifest(key: string, text: string, opts: ResolveOptions & HlsContext = {}): ParsedManifest {
  const format = manifestFormat(key, text);
  if (format === 'hls') return parseHls(key, text, opts);
  if (format === 'dash') return parseDash(key, text, opts);
  throw new ManifestParseError('neither an HLS playlist (#EXTM3U) nor a DASH MPD (<MPD>)', 1);
}
