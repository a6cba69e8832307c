// Payload checks that depend on what a URL or ACL means rather than on its shape: presigned URLs
// used in the wrong direction or about to expire, s3:// forms that do not parse, and public
// ACLs that a bucket's Block Public Access setting will refuse.
import { parseS3Url } from '../../storage/s3url';
import type { Diagnostic, JsonPath } from '../types';
import { isPresigned, presignExpiry, presignMethod } from './presigned';
import { insertPropertyFix, replaceValueFix, report, type Rule, type RuleInput } from './rule';
import { isRecord } from '../../guards';

export const DEFAULT_EXPIRY_THRESHOLD_SECONDS = 3600;

interface UrlSite {
  url: string;
  path: JsonPath;
  direction: 'input' | 'output';
  /** How the first segment of an s3:// URL is read (Qencode always names an endpoint first). */
  s3Uri: 'never' | 'always';
}

function urlSites(input: RuleInput): UrlSite[] {
  const v = input.doc.value;
  const sites: UrlSite[] = [];
  if (input.kind === 'dolby-job' && isRecord(v)) {
    for (const direction of ['input', 'output'] as const) {
      const loc = v[direction];
      if (typeof loc === 'string') sites.push({ url: loc, path: [direction], direction, s3Uri: 'never' });
      else if (isRecord(loc) && typeof loc['url'] === 'string') sites.push({ url: loc['url'], path: [direction, 'url'], direction, s3Uri: 'never' });
    }
  }
  if (input.kind === 'qencode-destination') {
    const list = Array.isArray(v) ? v.map((d: unknown, i) => ({ d, base: [i] as JsonPath })) : [{ d: v, base: [] as JsonPath }];
    for (const { d, base } of list) {
      if (isRecord(d) && typeof d['url'] === 'string') sites.push({ url: d['url'], path: [...base, 'url'], direction: 'output', s3Uri: 'always' });
    }
  }
  return sites;
}

function checkUrl(input: RuleInput, site: UrlSite): Diagnostic[] {
  const { url, path, direction } = site;
  if (/^s3:\/\//i.test(url)) {
    const parsed = parseS3Url(url, { s3UriEndpoint: site.s3Uri });
    return parsed.ok
      ? []
      : [
          report(
            input,
            'payload/invalid-s3-url',
            'error',
            path,
            `"${url}" is not a usable s3:// URL: ${parsed.reason}. Expected ${site.s3Uri === 'always' ? 's3://endpoint[:port]/bucket/path' : 's3://bucket/key'}.`,
          ),
        ];
  }
  if (!/^https?:\/\//i.test(url) || !isPresigned(url)) return [];
  const out: Diagnostic[] = [];
  const parsed = parseS3Url(url);
  if (!parsed.ok && /x-amz-/i.test(url)) {
    out.push(report(input, 'payload/invalid-presigned-url', 'error', path, `The presigned URL is damaged: ${parsed.reason}. Generate a new one.`));
  }
  const method = presignMethod(url);
  // The service reads inputs with GET and writes outputs with PUT; a URL signed for the other
  // method is refused by S3 (403 SignatureDoesNotMatch).
  const wrongMethod =
    direction === 'input' && method === 'PUT'
      ? 'This input is a presigned URL signed for PUT (upload), but the service reads inputs with GET and S3 will answer 403 SignatureDoesNotMatch. Presign it for GetObject.'
      : direction === 'output' && method === 'GET'
        ? 'This output is a presigned URL signed for GET (download), but the service writes outputs with PUT and S3 will answer 403 SignatureDoesNotMatch. Presign it for PutObject.'
        : undefined;
  if (wrongMethod) out.push(report(input, 'payload/presigned-wrong-method', 'error', path, wrongMethod));
  const expiry = presignExpiry(url);
  if (expiry) {
    const now = input.context.now ?? new Date();
    const threshold = input.context.expiryThresholdSeconds ?? DEFAULT_EXPIRY_THRESHOLD_SECONDS;
    const left = Math.round((expiry.getTime() - now.getTime()) / 1000);
    if (left <= 0) {
      out.push(
        report(
          input,
          'payload/presigned-expired',
          'error',
          path,
          `This presigned URL expired at ${expiry.toISOString()}; S3 will answer 403 AccessDenied (Request has expired). Generate a new one.`,
        ),
      );
    } else if (left < threshold) {
      out.push(
        report(
          input,
          'payload/presigned-expiring',
          'warning',
          path,
          `This presigned URL expires in ${formatDuration(left)} (at ${expiry.toISOString()}).${direction === 'output' ? ' The job may sit in a queue and take up to real time before it writes the output.' : ''} Presign with a longer expiry.`,
        ),
      );
    }
  }
  return out;
}

function formatDuration(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

interface AclSite {
  bucket: string;
  /** Path of the public ACL value, or of where the (defaulted) ACL would go. */
  path: JsonPath;
  acl: string;
  defaulted: boolean;
}

const PUBLIC = new Set(['PUBLIC_READ', 'public-read', 'public-read-write']);

function aclSites(input: RuleInput): AclSite[] {
  const v = input.doc.value;
  const sites: AclSite[] = [];
  if (input.kind.startsWith('bitmovin-') && input.kind.endsWith('-output') && isRecord(v)) {
    const { bucketName, acl } = v;
    if (typeof bucketName === 'string' && Array.isArray(acl)) {
      acl.forEach((e, i) => {
        if (isRecord(e) && typeof e['permission'] === 'string' && PUBLIC.has(e['permission'])) {
          sites.push({ bucket: bucketName, path: ['acl', i, 'permission'], acl: e['permission'], defaulted: false });
        }
      });
    }
  }
  if (input.kind === 'impossible-destination' && isRecord(v) && typeof v['bucket'] === 'string') {
    // Impossible Software defaults to public-read, so a missing acl is public too.
    const acl = typeof v['acl'] === 'string' ? v['acl'] : 'public-read';
    if (PUBLIC.has(acl)) sites.push({ bucket: v['bucket'], path: ['acl'], acl, defaulted: v['acl'] === undefined });
  }
  if (input.kind === 'qencode-destination') {
    const list = Array.isArray(v) ? v.map((d: unknown, i) => ({ d, base: [i] as JsonPath })) : [{ d: v, base: [] as JsonPath }];
    for (const { d, base } of list) {
      if (!isRecord(d) || typeof d['url'] !== 'string' || typeof d['permissions'] !== 'string' || !PUBLIC.has(d['permissions'])) continue;
      const parsed = parseS3Url(d['url'], { s3UriEndpoint: 'always' });
      if (parsed.ok) sites.push({ bucket: parsed.value.bucket, path: [...base, 'permissions'], acl: d['permissions'], defaulted: false });
    }
  }
  return sites;
}

function checkAcls(input: RuleInput): Diagnostic[] {
  const blocked = input.context.publicAccessBlocked;
  const out: Diagnostic[] = [];
  if (blocked) {
    for (const site of aclSites(input)) {
      if (blocked(site.bucket) !== true) continue;
      const privateValue = site.acl === site.acl.toUpperCase() ? 'PRIVATE' : 'private';
      const what = site.defaulted ? `No acl is set, so the default "${site.acl}" applies` : `The ACL "${site.acl}" is public`;
      let fix: Diagnostic['fix'];
      if (site.defaulted) {
        fix = insertPropertyFix(input.doc, [], false, 'Add "acl": "private"', 'acl', 'private');
      } else {
        fix = replaceValueFix(input.doc, site.path, `Use ${privateValue}`, privateValue);
      }
      out.push(
        report(
          input,
          'payload/public-acl-blocked',
          'error',
          site.path,
          `${what}, but bucket "${site.bucket}" blocks public access: every upload will fail with 403 AccessDenied. Use ${privateValue} and serve through a CDN or presigned URLs.`,
          fix,
        ),
      );
    }
  }
  const v = input.doc.value;
  if (input.kind.startsWith('bitmovin-') && input.kind.endsWith('-output') && isRecord(v) && v['acl'] !== undefined) {
    out.push(
      report(
        input,
        'payload/bitmovin-output-acl-ignored',
        'info',
        ['acl'],
        'Bitmovin currently ignores "acl" on the output resource: the ACL that applies is the one on each muxing/manifest output (EncodingOutput.acl).',
      ),
    );
  }
  return out;
}

/** Rule entry point for every payload kind (not policies or CORS). */
export const payloadRules: Rule = (input) => [...urlSites(input).flatMap((s) => checkUrl(input, s)), ...checkAcls(input)];
