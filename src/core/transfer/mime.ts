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
const MEDIA_TYPES: Record<string, string> = {
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
};

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
  return MEDIA_TYPES[ext] ?? (lookup(ext) || DEFAULT_CONTENT_TYPE);
}
