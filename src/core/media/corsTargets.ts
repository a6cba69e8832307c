import type { PackageReport } from './packageCheck';

export interface CorsTargetKey {
  label: string;
  key: string;
}

const SEGMENT_ROLES = new Set(['segment-ts', 'segment-fmp4', 'segment-audio', 'subtitle']);

/**
 * What a player fetches first from a package: each manifest, then the init and first segment of
 * each rendition (a CORS rule scoped to a prefix can let one through and not the other). Keys that
 * the check found missing are left out: a 404 says nothing about CORS.
 */
export function corsTargetsOf(report: PackageReport): CorsTargetKey[] {
  const missing = new Set(report.findings.filter((f) => f.code === 'missing' || f.code === 'missing-variant').map((f) => f.key));
  const out: CorsTargetKey[] = [];
  const seen = new Set<string>();
  const add = (label: string, key: string | undefined): void => {
    if (key === undefined || seen.has(key) || missing.has(key)) return;
    seen.add(key);
    out.push({ label, key });
  };
  const name = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
  for (const m of report.manifests) {
    add(name(m.key), m.key);
    const byRendition = new Map<string, { init?: string; segment?: string }>();
    for (const ref of m.refs) {
      if (ref.key === undefined) continue;
      const id = ref.rendition ?? m.key;
      const r = byRendition.get(id) ?? {};
      if (ref.role === 'init' && r.init === undefined) r.init = ref.key;
      if (SEGMENT_ROLES.has(ref.role) && r.segment === undefined) r.segment = ref.key;
      byRendition.set(id, r);
    }
    for (const [id, r] of byRendition) {
      const label = id === m.key ? name(m.key) : id;
      if (r.init !== undefined) add(`${label} init`, r.init);
      if (r.segment !== undefined) add(`${label} segment`, r.segment);
    }
  }
  return out;
}
