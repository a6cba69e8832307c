/**
 * Content-Type for an object from its file name. Players and CDNs rely on it (HLS and DASH
 * manifests in particular are refused or downloaded instead of played when it is wrong).
 */
import type * as MimeDepsModule from './mimeDeps';

type MimeDeps = typeof MimeDepsModule;

let mimeDeps: MimeDeps | undefined;
function lookup(ext: string): string | false {
  // A synchronous lazy require keeps mime-db out of activation while contentTypeFor stays sync.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mimeDeps ??= require('./mimeDeps') as MimeDeps;
  return mimeDeps.lookup(ext);
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Media extensions pinned here because mime-types either lacks them (CMAF, AC-3) or has had
 * them wrong in the past (".ts" was Qt Linguist in older mime-db releases).
 */
const MEDIA_TYPES = {
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  m4a: 'audio/mp4',
  // CMAF (CTA-5000): tracks are ISO BMFF, typed by media kind.
  cmfv: 'video/mp4',
  cmfa: 'audio/mp4',
  cmft: 'application/mp4',
  cmfm: 'application/mp4',
  aac: 'audio/aac',
  ac3: 'audio/ac3',
  ec3: 'audio/eac3',
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  ttml: 'application/ttml+xml',
  dfxp: 'application/ttml+xml',
} as const satisfies Record<string, string>;

/** The lower-cased extension without the dot, or '' for names like "README" or ".env". */
function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function contentTypeFor(fileName: string): string {
  const ext = extensionOf(fileName);
  if (ext === '') {
    return DEFAULT_CONTENT_TYPE;
  }
  return (MEDIA_TYPES as Record<string, string | undefined>)[ext] ?? (lookup(ext) || DEFAULT_CONTENT_TYPE);
}

/** What an object is for in an HLS or DASH package, as Check Package reads the manifests. */
export type MediaRole = 'master' | 'media-playlist' | 'mpd' | 'segment-ts' | 'segment-fmp4' | 'segment-audio' | 'init' | 'subtitle';

/**
 * The Content-Types that fit each role, the first being the one a fix sets; built from the table
 * above so an upload and the package check never disagree. Safari refuses a playlist of any other
 * type, and some CDNs compress or cache by type. Init segments also accept video/iso.segment
 * because the upload gives every ".m4s" that type (ffmpeg names DASH init segments "init-0.m4s"),
 * and no player reads a segment's type: reporting our own uploads would be noise.
 */
export const ROLE_CONTENT_TYPES: Readonly<Record<MediaRole, readonly string[]>> = {
  master: [MEDIA_TYPES.m3u8, 'application/x-mpegurl'],
  'media-playlist': [MEDIA_TYPES.m3u8, 'application/x-mpegurl'],
  mpd: [MEDIA_TYPES.mpd],
  'segment-ts': [MEDIA_TYPES.ts],
  'segment-fmp4': [MEDIA_TYPES.m4s, MEDIA_TYPES.mp4],
  'segment-audio': [MEDIA_TYPES.m4a, MEDIA_TYPES.aac, MEDIA_TYPES.m4s],
  init: [MEDIA_TYPES.mp4, MEDIA_TYPES.m4a, MEDIA_TYPES.m4s],
  subtitle: [MEDIA_TYPES.vtt, MEDIA_TYPES.ttml, 'application/mp4'],
};

/** Whether a stored Content-Type fits the role: media type only, case-insensitive, parameters (charset) ignored. */
export function contentTypeFits(role: MediaRole, contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return ROLE_CONTENT_TYPES[role].some((t) => t.toLowerCase() === bare);
}
