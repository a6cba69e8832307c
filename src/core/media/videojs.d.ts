// The parts of videojs' m3u8-parser and mpd-parser (no types of their own) that core/media reads.
// Shapes checked against m3u8-parser 7.2.0 and mpd-parser 1.4.0.
declare module 'm3u8-parser' {
  export interface ByteRange {
    length: number;
    offset: number;
  }
  export interface M3u8Segment {
    uri: string;
    duration?: number;
    byterange?: ByteRange;
    map?: { uri: string; byterange?: ByteRange };
    key?: { uri?: string };
  }
  export interface M3u8Attributes {
    BANDWIDTH?: number;
    'AVERAGE-BANDWIDTH'?: number;
    RESOLUTION?: { width: number; height: number };
    CODECS?: string;
    'FRAME-RATE'?: number;
    AUDIO?: string;
    SUBTITLES?: string;
    'CLOSED-CAPTIONS'?: string;
    VIDEO?: string;
  }
  export interface M3u8Variant {
    uri: string;
    attributes: M3u8Attributes;
  }
  export interface M3u8Rendition {
    uri?: string;
    language?: string;
    default?: boolean;
    autoselect?: boolean;
  }
  export interface M3u8Manifest {
    segments: M3u8Segment[];
    playlists?: M3u8Variant[];
    iFramePlaylists?: M3u8Variant[];
    mediaGroups?: Record<string, Record<string, Record<string, M3u8Rendition>>>;
    targetDuration?: number;
    endList?: boolean;
  }
  export class Parser {
    manifest: M3u8Manifest;
    push(text: string): void;
    end(): void;
    on(event: 'warn' | 'info', fn: (e: { message: string }) => void): void;
  }
}

declare module 'mpd-parser' {
  export interface ByteRange {
    length: number;
    offset: number;
  }
  export interface MpdSegment {
    uri: string;
    resolvedUri: string;
    duration?: number;
    byterange?: ByteRange;
    map?: { uri: string; resolvedUri: string; byterange?: ByteRange };
  }
  export interface MpdPlaylist {
    attributes: {
      NAME?: string;
      BANDWIDTH?: number;
      RESOLUTION?: { width: number; height: number };
      CODECS?: string;
      'FRAME-RATE'?: number;
      AUDIO?: string;
      SUBTITLES?: string;
    };
    segments: MpdSegment[];
    sidx?: { uri: string; resolvedUri: string; byterange?: ByteRange; map?: { resolvedUri: string; byterange?: ByteRange } };
  }
  export interface MpdRenditionGroup {
    language?: string;
    playlists: MpdPlaylist[];
  }
  export interface MpdManifest {
    playlists: MpdPlaylist[];
    mediaGroups: Record<string, Record<string, Record<string, MpdRenditionGroup>>>;
  }
  export function parse(text: string, options?: { manifestUri?: string }): MpdManifest;
}
