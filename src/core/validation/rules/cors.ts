// CORS checks a JSON schema cannot express (S3 User Guide, "Elements of a CORS configuration";
// API reference, CORSRule): at most one `*` in each AllowedOrigin and AllowedHeader, no wildcard
// in ExposeHeaders, origins without a path, and any-origin rules that allow writes.
//
// Both forms are read: the API's `{ "CORSRules": [...] }` (aws s3api put-bucket-cors) and the
// bare list of rules the S3 console's CORS editor shows and accepts.
import { isRecord } from '../../guards';
import type { Diagnostic, JsonPath } from '../types';
import { replaceValueFix, report, stringsAt, type Rule, type RuleInput } from './rule';

export interface CorsRuleSite {
  rule: Record<string, unknown>;
  path: JsonPath;
}

/** The rules of either form, with their paths; empty for anything else. */
export function corsRuleSites(value: unknown): CorsRuleSite[] {
  const list: unknown = Array.isArray(value) ? value : isRecord(value) ? value['CORSRules'] : undefined;
  const base: JsonPath = Array.isArray(value) ? [] : ['CORSRules'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((rule: unknown, i) => (isRecord(rule) ? [{ rule, path: [...base, i] }] : []));
}

/** The rules in the API's form, whichever form the document uses (what PutBucketCors takes). */
export function toCorsConfiguration(value: unknown): { CORSRules: unknown[] } | undefined {
  if (Array.isArray(value)) return { CORSRules: value };
  if (isRecord(value) && Array.isArray(value['CORSRules'])) return { CORSRules: value['CORSRules'] };
  return undefined;
}

const WRITE_METHODS = ['PUT', 'POST', 'DELETE'];

const stars = (s: string): number => s.split('*').length - 1;

function checkRule(input: RuleInput, { rule, path }: CorsRuleSite): Diagnostic[] {
  const out: Diagnostic[] = [];
  const origins = stringsAt(rule, 'AllowedOrigins', path);
  for (const o of origins) {
    if (stars(o.value) > 1) {
      out.push(
        report(
          input,
          'cors/origin-wildcards',
          'error',
          o.path,
          `"${o.value}" has ${stars(o.value)} "*" wildcards; an AllowedOrigin may contain at most one (such as "https://*.example.com"), and S3 refuses the configuration. List the origins separately.`,
        ),
      );
      continue;
    }
    // The Origin header a browser sends is scheme://host[:port], never with a path, so an origin
    // with one never matches.
    const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]+)\/.*$/i.exec(o.value);
    if (m?.[1]) {
      out.push(
        report(
          input,
          'cors/origin-with-path',
          'warning',
          o.path,
          `"${o.value}" has a path, but the Origin header browsers send is only scheme://host[:port], so this origin never matches. Use "${m[1]}".`,
          replaceValueFix(input.doc, o.path, `Use "${m[1]}"`, m[1]),
        ),
      );
    }
  }
  for (const h of stringsAt(rule, 'AllowedHeaders', path)) {
    if (stars(h.value) <= 1) continue;
    out.push(
      report(
        input,
        'cors/header-wildcards',
        'error',
        h.path,
        `"${h.value}" has ${stars(h.value)} "*" wildcards; an AllowedHeader may contain at most one (such as "x-amz-*"), and S3 refuses the configuration.`,
      ),
    );
  }
  for (const h of stringsAt(rule, 'ExposeHeaders', path)) {
    if (!h.value.includes('*')) continue;
    out.push(
      report(
        input,
        'cors/expose-header-wildcard',
        'error',
        h.path,
        `"${h.value}": ExposeHeaders takes header names without wildcards, and S3 refuses the configuration. Name each response header scripts may read, e.g. "ETag", "Content-Length", "Content-Range".`,
      ),
    );
  }
  const writes = stringsAt(rule, 'AllowedMethods', path)
    .map((m) => m.value)
    .filter((m) => WRITE_METHODS.includes(m));
  const anyOrigin = origins.find((o) => o.value === '*');
  if (anyOrigin && writes.length > 0) {
    out.push(
      report(
        input,
        'cors/public-write',
        'warning',
        anyOrigin.path,
        `This rule lets scripts on any website send ${writes.join(', ')} requests to the bucket. CORS grants no permission by itself, but a page a user visits can then use that user's presigned URLs or credentials to change or delete objects. List the origins of your own application instead of "*".`,
      ),
    );
  }
  return out;
}

/** Rule entry point for the s3-cors kind. */
export const corsRules: Rule = (input) => corsRuleSites(input.doc.value).flatMap((site) => checkRule(input, site));
