// Every contextValue the Media Storage view gives its items is built here and nowhere else:
// package.json's menus select items with `viewItem` patterns over these strings, and a pattern
// that matches none of them is a menu that silently never shows. ALL_CONTEXT_VALUES is the
// complete list the manifest test checks the patterns against.
import { BITMOVIN_STORAGE_KINDS, type BitmovinDirection, type BitmovinStorageKind } from '../core/bitmovin/types';
import type { LocationRole } from '../core/storage/connection';
import type { MediaKind } from '../core/storage/listing';
import type { EntrySource } from '../storage/storageModel';

type SourceKind = EntrySource['kind'];
type GroupKind = 'inputs' | 'outputs' | 'buckets';
type ErrorKind = 'consent' | 'credentials' | 'retry.connection' | 'retry';

// Records rather than arrays: a member added to one of these types fails to compile here until
// its contextValues are listed too.
const GROUPS: Record<GroupKind, true> = { inputs: true, outputs: true, buckets: true };
const SOURCES: Record<SourceKind, true> = { workspace: true, user: true };
const ROLES: Record<LocationRole, true> = { input: true, output: true };
const MEDIA: Record<MediaKind, true> = { hls: true, dash: true, video: true, audio: true, image: true, subtitle: true, other: true };
const ERRORS: Record<ErrorKind, true> = { consent: true, credentials: true, 'retry.connection': true, retry: true };
const DIRECTIONS: Record<BitmovinDirection, true> = { inputs: true, outputs: true };

const filtered = (on: boolean): string => (on ? '.filtered' : '');

export const ContextValues = {
  group: (g: GroupKind): string => `msw.group.${g}`,
  connection: (source: SourceKind): string => `msw.connection.${source}`,
  location: (role: LocationRole, source: SourceKind, isFiltered: boolean): string => `msw.location.${role}.${source}${filtered(isFiltered)}`,
  bucket: (pinned: boolean, isFiltered: boolean): string => `msw.bucket${pinned ? '.pinned' : ''}${filtered(isFiltered)}`,
  folder: (isFiltered: boolean): string => `msw.folder${filtered(isFiltered)}`,
  object: (kind: MediaKind): string => `msw.object.${kind}`,
  loadMore: 'msw.loadMore',
  error: (kind: ErrorKind): string => `msw.error.${kind}`,
  message: 'msw.message',
  incompleteUploads: 'msw.incompleteUploads',
  incompleteUpload: (resumable: boolean): string => `msw.incompleteUpload.${resumable ? 'resumable' : 'foreign'}`,
  bitmovinGroup: 'msw.bitmovin.group',
  bitmovinDirection: (d: BitmovinDirection): string => `msw.bitmovin.${d}`,
  bitmovinKind: (d: BitmovinDirection): string => `msw.bitmovin.kind.${d}`,
  bitmovinResource: (d: BitmovinDirection, k: BitmovinStorageKind): string => `msw.bitmovin.${d}.${k}`,
  bitmovinError: (badKey: boolean): string => (badKey ? 'msw.bitmovin.error.key' : 'msw.bitmovin.error.retry'),
} as const;

const keys = <K extends string>(r: Record<K, true>): K[] => Object.keys(r) as K[];
const both = [false, true];
const C = ContextValues;

export const ALL_CONTEXT_VALUES: readonly string[] = [
  ...keys(GROUPS).map(C.group),
  ...keys(SOURCES).map(C.connection),
  ...keys(ROLES).flatMap((r) => keys(SOURCES).flatMap((s) => both.map((f) => C.location(r, s, f)))),
  ...both.flatMap((pinned) => both.map((f) => C.bucket(pinned, f))),
  ...both.map(C.folder),
  ...keys(MEDIA).map(C.object),
  C.loadMore,
  ...keys(ERRORS).map(C.error),
  C.message,
  C.incompleteUploads,
  ...both.map(C.incompleteUpload),
  C.bitmovinGroup,
  ...keys(DIRECTIONS).flatMap((d) => [C.bitmovinDirection(d), C.bitmovinKind(d), ...BITMOVIN_STORAGE_KINDS.map((k) => C.bitmovinResource(d, k))]),
  ...both.map(C.bitmovinError),
];
