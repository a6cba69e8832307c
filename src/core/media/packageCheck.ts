/**
 * Check Package (issue 14): reads an HLS or DASH package's manifests, resolves every URI they
 * reference, and reconciles them with the listing of the package's prefix: what a player would
 * fail on (missing, empty, wrong Content-Type, a variant that is not there, segments longer than
 * the target duration) and what a player never asks for (unreferenced objects).
 *
 * Cost: one listing (the caller's), one GET per manifest, and HeadObject only where the listing
 * has no Content-Type — for the manifests and the first segment and init of each rendition, never
 * for every segment. An encoder writes a rendition's segments alike, so its first segment's type
 * stands for the rest, and a ladder of 5 renditions × 2,000 segments (10,000 objects) costs about
 * 6 GETs and 16 HEADs beside the listing: well under 2 s on Ceph, where a HEAD of every segment
 * would take tens of seconds.
 */
import { eachLimited } from '../ops/s3util';
import { formatBytes } from '../format';
import { contentTypeFits, ROLE_CONTENT_TYPES, type MediaRole } from '../transfer/mime';
import { ManifestParseError, parseManifest, type HlsContext, type ParsedManifest, type Rendition, type ResolveOptions } from './manifest';

export type FindingCode =
  'missing' | 'empty' | 'wrong-content-type' | 'unreferenced' | 'segment-over-target-duration' | 'missing-variant' | 'parse-error' | 'external-uri';

export type Severity = 'error' | 'warning' | 'info';

/** Every code, in the order a report lists them, with what it means for playback. */
export const FINDING_CODES: Readonly<Record<FindingCode, { severity: Severity; title: string }>> = {
  'parse-error': { severity: 'error', title: 'Manifest cannot be read' },
  'missing-variant': { severity: 'error', title: 'Rendition missing' },
  missing: { severity: 'error', title: 'Missing object' },
  empty: { severity: 'error', title: 'Empty object' },
  'wrong-content-type': { severity: 'warning', title: 'Wrong Content-Type' },
  'segment-over-target-duration': { severity: 'warning', title: 'Segment longer than the target duration' },
  unreferenced: { severity: 'warning', title: 'Unreferenced object' },
  'external-uri': { severity: 'info', title: 'Reference outside the bucket (not checked)' },
};

const CODE_ORDER = Object.keys(FINDING_CODES) as FindingCode[];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** the object concerned (the URL, for external-uri) */
  key: string;
  /** the manifest that references it; undefined for an unreferenced object */
  manifest?: string | undefined;
  /** 1-based line in `manifest` */
  line?: number | undefined;
  message: string;
  role?: MediaRole | undefined;
  /** wrong-content-type: what the object has, and what fits its role (the first is the one to set) */
  contentType?: string | undefined;
  expected?: readonly string[] | undefined;
}

export interface PackageObject {
  key: string;
  size: number;
  /** when the listing knows it (ListObjectsV2 does not say; a HEAD is made where this is missing) */
  contentType?: string | undefined;
}

export interface PackageSource {
  /** The object's text, or undefined when there is no such object. */
  readText(key: string, signal?: AbortSignal): Promise<string | undefined>;
  /** The object's Content-Type (undefined when it has none), or undefined when there is no such object. */
  head(key: string, signal?: AbortSignal): Promise<{ contentType?: string | undefined } | undefined>;
}

export interface CheckPackageInput extends ResolveOptions {
  /** manifests to start from: one, or every `.m3u8`/`.mpd` under the prefix (`manifestKeysIn`) */
  manifests: readonly string[];
  /** the package's prefix: objects under it that no manifest references are reported */
  prefix: string;
  /** every object under `prefix` */
  listing: readonly PackageObject[];
  source: PackageSource;
  signal?: AbortSignal | undefined;
  /** HEADs at once, at most 16 */
  headConcurrency?: number | undefined;
  /** false: no Content-Type check and no HEAD (the ladder alone) */
  checkContentTypes?: boolean | undefined;
}

/** A rendition as its manifest describes it, with what the bucket holds of it. */
export interface LadderRung extends Rendition {
  /** media segments the manifest lists (byte ranges of one file count each) */
  segments: number;
  /** bytes stored: the listing's sizes of the distinct objects the rendition references */
  bytes: number;
  /** referenced objects the listing lacks */
  missing: number;
}

export interface Ladder {
  manifest: string;
  kind: 'hls-master' | 'dash';
  rungs: LadderRung[];
}

export interface PackageReport {
  prefix: string;
  /** the manifests read, masters and media playlists alike */
  manifests: ParsedManifest[];
  findings: Finding[];
  counts: Record<FindingCode, number>;
  /** objects in the listing, and their bytes */
  objects: number;
  bytes: number;
  /** HeadObject requests made */
  heads: number;
  ladders: Ladder[];
}

export const MAX_HEAD_CONCURRENCY = 16;
/** A manifest larger than this is refused rather than read into memory (a 24-hour playlist of 2 s segments is ~3 MiB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** The `.m3u8` and `.mpd` keys under a prefix, for a check of the whole prefix. */
export function manifestKeysIn(listing: readonly PackageObject[], prefix = ''): string[] {
  return listing
    .map((o) => o.key)
    .filter((k) => k.startsWith(prefix) && /\.(m3u8|m3u|mpd)$/i.test(k))
    .sort();
}

interface Visit {
  key: string;
  context: HlsContext;
  /** the master line that names it; undefined for a manifest the check started from */
  from?: { manifest: string; line: number; type: Rendition['type'] } | undefined;
}

const ROLE_WORDS: Record<MediaRole, string> = {
  master: 'master playlist',
  'media-playlist': 'media playlist',
  mpd: 'MPD',
  'segment-ts': 'MPEG-TS segment',
  'segment-fmp4': 'fMP4 segment',
  'segment-audio': 'audio segment',
  init: 'init segment',
  subtitle: 'subtitle segment',
};

function where(manifest: string, line: number | undefined): string {
  return line === undefined ? manifest : `${manifest} line ${line}`;
}

function manifestRole(p: ParsedManifest): MediaRole {
  return p.kind === 'dash' ? 'mpd' : p.kind === 'hls-master' ? 'master' : 'media-playlist';
}

export async function checkPackage(input: CheckPackageInput): Promise<PackageReport> {
  const { source, signal } = input;
  const objects = new Map(input.listing.map((o) => [o.key, o]));
  const findings = new Map<string, Finding>();
  const add = (f: Omit<Finding, 'severity'>): void => {
    const id = `${f.code}\u0000${f.key}`;
    if (!findings.has(id)) findings.set(id, { severity: FINDING_CODES[f.code].severity, ...f });
  };
  const parsed = new Map<string, ParsedManifest>();
  /** manifest key -> where it was named (undefined: a starting manifest) */
  const named = new Map<string, Visit['from']>();
  const referenced = new Set<string>();
  const texts = new Map<string, string>();

  // Masters and MPDs first, then the playlists they name: a media playlist is read once, in the
  // context (audio, subtitles) its master gives it, even when the prefix listing also names it.
  let level: Visit[] = [...new Set(input.manifests)].map((key) => ({ key, context: {} }));
  const queued = new Set(level.map((v) => v.key));
  while (level.length > 0 && !signal?.aborted) {
    const next: Visit[] = [];
    await eachLimited(
      level,
      8,
      async (visit) => {
        named.set(visit.key, visit.from);
        referenced.add(visit.key);
        const p = await readAndParse(visit);
        if (!p) return;
        parsed.set(visit.key, p);
        if (p.kind !== 'hls-master') return;
        for (const r of p.refs) {
          if (r.key === undefined || queued.has(r.key)) continue;
          const rendition = p.renditions.find((x) => x.id === r.rendition);
          const type = rendition?.type ?? 'video';
          queued.add(r.key);
          next.push({ key: r.key, context: { type, rendition: r.rendition }, from: { manifest: p.key, line: r.line, type } });
        }
      },
      signal,
    );
    level = next;
  }
  // A media playlist that was also a starting manifest (a whole prefix) was read before its master
  // said what it carries: read it again in that context, and as named by the master.
  for (const master of [...parsed.values()]) {
    if (master.kind !== 'hls-master') continue;
    for (const r of master.refs) {
      const text = r.key === undefined ? undefined : texts.get(r.key);
      if (r.key === undefined || text === undefined || named.get(r.key) !== undefined) continue;
      const type = master.renditions.find((x) => x.id === r.rendition)?.type ?? 'video';
      named.set(r.key, { manifest: master.key, line: r.line, type });
      const again = parseOrReport({ key: r.key, context: { type, rendition: r.rendition } }, text);
      if (again) parsed.set(r.key, again);
    }
  }

  async function readAndParse(visit: Visit): Promise<ParsedManifest | undefined> {
    const { key, from } = visit;
    const listed = objects.get(key);
    const text = listed && listed.size > 0 && listed.size <= MAX_MANIFEST_BYTES ? await source.readText(key, signal) : undefined;
    if (text === undefined) {
      if (listed && listed.size > MAX_MANIFEST_BYTES) {
        add({
          code: 'parse-error',
          key,
          manifest: key,
          message: `${key} is ${formatBytes(listed.size)}, too large to be a manifest; check that the key names a playlist or MPD.`,
        });
      } else if (listed && listed.size === 0) {
        add({
          code: 'empty',
          key,
          manifest: from?.manifest ?? key,
          line: from?.line,
          role: from ? 'media-playlist' : undefined,
          message: emptyManifest(key, from),
        });
      } else if (from) {
        add({ code: 'missing-variant', key, manifest: from.manifest, line: from.line, role: 'media-playlist', message: missingVariant(key, from) });
      } else {
        add({
          code: 'missing',
          key,
          manifest: key,
          message: `${key} does not exist; nothing of the package could be checked. Check the key, or upload the manifest.`,
        });
      }
      return undefined;
    }
    texts.set(key, text);
    return parseOrReport(visit, text);
  }

  function parseOrReport(visit: Visit, text: string): ParsedManifest | undefined {
    const { key } = visit;
    try {
      return parseManifest(key, text, { bucketUrls: input.bucketUrls, ...visit.context });
    } catch (error) {
      const line = error instanceof ManifestParseError ? error.line : 1;
      const why = error instanceof Error ? error.message : String(error);
      add({
        code: 'parse-error',
        key,
        manifest: key,
        line,
        message: `${key} line ${line}: ${why}. Players will refuse it; re-export the manifest from the packager.`,
      });
      return undefined;
    }
  }

  // Every segment, init and subtitle of every manifest read, against the listing.
  for (const p of parsed.values()) {
    const renditionMissing = p.kind === 'dash' ? dashMissingRenditions(p, objects) : new Set<string>();
    for (const rendition of renditionMissing) {
      const rep = p.renditions.find((r) => r.id === rendition);
      const refs = p.refs.filter((r) => r.rendition === rendition && r.key !== undefined);
      const first = refs[0];
      if (!rep || !first?.key) continue;
      add({
        code: 'missing-variant',
        key: first.key,
        manifest: p.key,
        line: rep.line,
        role: first.role,
        message: `Representation "${rendition}" (${where(p.key, rep.line)}): none of its ${new Set(refs.map((r) => r.key)).size} objects exists (first: ${first.key}). Players that switch to it will fail; upload its segments or remove the Representation.`,
      });
      for (const r of refs) if (r.key) referenced.add(r.key);
    }
    for (const r of p.refs) {
      if (r.external !== undefined) {
        add({
          code: 'external-uri',
          key: r.external,
          manifest: p.key,
          line: r.line,
          role: r.role,
          message: `${where(p.key, r.line)} references ${r.external}, outside this bucket; it was not checked.`,
        });
        continue;
      }
      if (r.key === undefined) continue;
      referenced.add(r.key);
      if (r.role === 'media-playlist' || (r.rendition !== undefined && renditionMissing.has(r.rendition))) continue;
      const o = objects.get(r.key);
      if (!o) {
        add({
          code: 'missing',
          key: r.key,
          manifest: p.key,
          line: r.line,
          role: r.role,
          message: `${r.key}, the ${ROLE_WORDS[r.role]} on ${where(p.key, r.line)}, does not exist. Players stop or skip there; upload it or re-package.`,
        });
      } else if (o.size === 0) {
        add({
          code: 'empty',
          key: r.key,
          manifest: p.key,
          line: r.line,
          role: r.role,
          message: `${r.key}, the ${ROLE_WORDS[r.role]} on ${where(p.key, r.line)}, is empty (0 bytes). Players fail to decode it; upload it again.`,
        });
      }
      const target = p.targetDuration;
      if (target !== undefined && r.duration !== undefined && Math.round(r.duration) > target) {
        const line = r.durationLine ?? r.line;
        add({
          code: 'segment-over-target-duration',
          key: r.key,
          manifest: p.key,
          line,
          role: r.role,
          message: `${r.key} lasts ${r.duration} s (${where(p.key, line)}), more than EXT-X-TARGETDURATION ${target} s (line ${p.targetDurationLine ?? '?'}); RFC 8216 §4.3.3.1 requires each EXTINF, rounded, to be at most the target duration, and players may stall. Re-package with shorter segments or a larger target duration.`,
        });
      }
    }
  }

  let heads = 0;
  if (input.checkContentTypes !== false) {
    heads = await checkContentTypes();
  }

  async function checkContentTypes(): Promise<number> {
    // The manifests, and the first segment and init of each rendition (see the file's comment).
    const targets = new Map<string, { role: MediaRole; manifest: string; line: number | undefined }>();
    for (const p of parsed.values()) {
      const from = named.get(p.key);
      targets.set(p.key, { role: manifestRole(p), manifest: from?.manifest ?? p.key, line: from?.line ?? 1 });
      const sampled = new Set<string>();
      for (const r of p.refs) {
        if (r.key === undefined || r.role === 'media-playlist') continue;
        const kind = `${r.rendition ?? ''}\u0000${r.role === 'init' ? 'init' : 'media'}`;
        if (sampled.has(kind)) continue;
        const o = objects.get(r.key);
        if (!o || o.size === 0) continue;
        sampled.add(kind);
        if (!targets.has(r.key)) targets.set(r.key, { role: r.role, manifest: p.key, line: r.line });
      }
    }
    let count = 0;
    const list = [...targets].filter(([key]) => (objects.get(key)?.size ?? 0) > 0);
    const limit = Math.max(1, Math.min(MAX_HEAD_CONCURRENCY, input.headConcurrency ?? MAX_HEAD_CONCURRENCY));
    await eachLimited(
      list,
      limit,
      async ([key, t]) => {
        let contentType = objects.get(key)?.contentType;
        if (contentType === undefined) {
          count++;
          const head = await source.head(key, signal);
          if (!head) return; // gone since the listing: the listing's view stands
          contentType = head.contentType;
        }
        if (contentTypeFits(t.role, contentType)) return;
        const expected = ROLE_CONTENT_TYPES[t.role];
        add({
          code: 'wrong-content-type',
          key,
          manifest: t.manifest,
          line: t.line,
          role: t.role,
          contentType,
          expected,
          message: `${key} (${ROLE_WORDS[t.role]}, ${where(t.manifest, t.line)}) is served as ${contentType ?? 'no Content-Type'}, not ${expected.join(' or ')}${
            t.role === 'master' || t.role === 'media-playlist' ? "; Safari's own HLS player may refuse such a playlist" : ''
          }. Set its Content-Type to ${expected[0] ?? ''}.`,
        });
      },
      signal,
    );
    return count;
  }

  for (const o of input.listing) {
    if (!o.key.startsWith(input.prefix) || o.key.endsWith('/') || referenced.has(o.key)) continue;
    add({
      code: 'unreferenced',
      key: o.key,
      message: `${o.key} (${formatBytes(o.size)}) is under ${input.prefix || 'the bucket root'} but no manifest of the package references it: a leftover of an earlier encode, or a file the manifest should name. Delete it, or fix the manifest.`,
    });
  }

  const sorted = [...findings.values()].sort((a, b) => CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counts = Object.fromEntries(CODE_ORDER.map((c) => [c, 0])) as Record<FindingCode, number>;
  for (const f of sorted) counts[f.code]++;
  const manifests = [...parsed.values()];
  return {
    prefix: input.prefix,
    manifests,
    findings: sorted,
    counts,
    objects: input.listing.length,
    bytes: input.listing.reduce((n, o) => n + o.size, 0),
    heads,
    ladders: buildLadders(manifests, objects),
  };
}

function missingVariant(key: string, from: NonNullable<Visit['from']>): string {
  const what =
    from.type === 'audio'
      ? 'audio rendition'
      : from.type === 'subtitles'
        ? 'subtitle rendition'
        : from.type === 'iframe'
          ? 'I-frame playlist'
          : 'variant playlist';
  const tag = from.type === 'video' ? 'EXT-X-STREAM-INF' : from.type === 'iframe' ? 'EXT-X-I-FRAME-STREAM-INF' : 'EXT-X-MEDIA';
  return `The ${what} ${key}, named on ${where(from.manifest, from.line)}, does not exist; players that pick it will fail. Upload it, or remove its ${tag} from the master.`;
}

function emptyManifest(key: string, from: Visit['from']): string {
  return from
    ? `The playlist ${key}, named on ${where(from.manifest, from.line)}, is empty (0 bytes); players that pick it will fail. Upload it again.`
    : `${key} is empty (0 bytes). Upload the manifest again.`;
}

/** DASH Representations none of whose objects exist: one finding for the Representation, not one per segment. */
function dashMissingRenditions(p: ParsedManifest, objects: ReadonlyMap<string, PackageObject>): Set<string> {
  const out = new Set<string>();
  for (const rep of p.renditions) {
    const keys = p.refs.filter((r) => r.rendition === rep.id && r.key !== undefined).map((r) => r.key as string);
    if (keys.length > 0 && keys.every((k) => !objects.has(k))) out.add(rep.id);
  }
  return out;
}

/** The rendition ladder of each master playlist and MPD among `manifests`. */
export function buildLadders(manifests: readonly ParsedManifest[], objects: ReadonlyMap<string, PackageObject>): Ladder[] {
  const byKey = new Map(manifests.map((m) => [m.key, m]));
  const ladders: Ladder[] = [];
  for (const m of manifests) {
    if (m.kind === 'hls-media') continue;
    const rungs = m.renditions.map((r): LadderRung => {
      const refs = m.kind === 'dash' ? m.refs.filter((x) => x.rendition === r.id) : r.playlistKey !== undefined ? (byKey.get(r.playlistKey)?.refs ?? []) : [];
      const keys = new Set(refs.map((x) => x.key).filter((k): k is string => k !== undefined));
      let bytes = 0;
      let missing = 0;
      for (const k of keys) {
        const o = objects.get(k);
        if (o) bytes += o.size;
        else missing++;
      }
      return {
        ...r,
        segments: refs.filter((x) => x.role !== 'init' && x.role !== 'media-playlist').length,
        bytes,
        missing,
      };
    });
    ladders.push({ manifest: m.key, kind: m.kind, rungs });
  }
  return ladders;
}

/** One line for the log: "pkg/: 3 findings (1 missing, 2 empty) in 42 objects, 1.2 MiB". */
export function summarizeReport(report: PackageReport): string {
  const parts = CODE_ORDER.filter((c) => report.counts[c] > 0).map((c) => `${report.counts[c]} ${c}`);
  const scope = `${report.objects} object${report.objects === 1 ? '' : 's'}, ${formatBytes(report.bytes)}, ${report.manifests.length} manifest${report.manifests.length === 1 ? '' : 's'}`;
  const where = report.prefix || 'bucket root';
  return parts.length === 0
    ? `${where}: no problem found (${scope})`
    : `${where}: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${scope}`;
}

/** One line per finding for the log: "missing pkg/v1/seg_002.ts (pkg/v1/index.m3u8:9) …". */
export function findingLine(f: Finding): string {
  const at = f.manifest === undefined ? '' : ` (${f.manifest}${f.line === undefined ? '' : `:${f.line}`})`;
  return `${f.code} ${f.key}${at}: ${f.message}`;
}
