// Payload checks that depend on what a URL or ACL means rather than on its shape: presigned URLs
// used in the wrong direction or about to expire, s3:// forms that do not parse, public ACLs that
// a bucket's Block Public Access setting will refuse, and settings the vendors accept although they
// are insecure or surprising (a defaulted port, no external ID, public or anonymous uploads,
// plain HTTP).
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

const PUBLIC = new Set(['public-read', 'public-read-write']);

// A Bitmovin output's own `acl` is not a site: Bitmovin's model says it has no effect (see
// checkBitmovin), so a public value there cannot make an upload fail.
function aclSites(input: RuleInput): AclSite[] {
  const v = input.doc.value;
  const sites: AclSite[] = [];
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
      const what = site.defaulted ? `No acl is set, so the default "${site.acl}" applies` : `The ACL "${site.acl}" is public`;
      let fix: Diagnostic['fix'];
      if (site.defaulted) {
        fix = insertPropertyFix(input.doc, [], false, 'Add "acl": "private"', 'acl', 'private');
      } else {
        fix = replaceValueFix(input.doc, site.path, 'Use private', 'private');
      }
      out.push(
        report(
          input,
          'payload/public-acl-blocked',
          'error',
          site.path,
          `${what}, but bucket "${site.bucket}" blocks public access: every upload will fail with 403 AccessDenied. Use private and serve through a CDN or presigned URLs.`,
          fix,
        ),
      );
    }
  }
  return out;
}

const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';

function checkBitmovin(input: RuleInput): Diagnostic[] {
  const v = input.doc.value;
  const { kind, doc } = input;
  if (!kind.startsWith('bitmovin-') || !isRecord(v)) return [];
  const out: Diagnostic[] = [];
  const io = kind.endsWith('-output') ? 'output' : 'input';
  if (io === 'output' && v['acl'] !== undefined) {
    out.push(
      report(
        input,
        'payload/bitmovin-output-acl-ignored',
        'info',
        ['acl'],
        '"acl" on a Bitmovin output is deprecated and Bitmovin ignores it: its model says it "does not have any effect and will not be returned by GET endpoints". Set the ACL on each muxing or manifest output (EncodingOutput.acl) instead.',
      ),
    );
  }
  if (kind.startsWith('bitmovin-generic-s3-') && nonEmpty(v['host']) && v['port'] === undefined) {
    const https = v['ssl'] === true;
    out.push(
      report(
        input,
        'payload/bitmovin-generic-s3-default-port',
        'warning',
        ['host'],
        `No "port" is set, so Bitmovin connects to ${v['host']} on port 8000 (the API's default when the port is omitted), not on the HTTPS or HTTP port. Add the port the service listens on${https ? ', usually 443 with "ssl": true' : ''}.`,
        // With TLS on, 443 is what the service almost certainly means; without, 80, 9000 or
        // another port are all common, so no value is guessed.
        https ? insertPropertyFix(doc, [], Object.keys(v).length === 0, 'Add "port": 443 (HTTPS)', 'port', 443) : undefined,
      ),
    );
  }
  if (kind.startsWith('bitmovin-s3-role-based-')) {
    const mode = v['externalIdMode'];
    if (!nonEmpty(v['externalId']) && (mode === undefined || mode === 'CUSTOM')) {
      const where = mode === undefined ? 'no "externalId" and no "externalIdMode"' : '"externalIdMode": "CUSTOM" and no "externalId"';
      // Asking for a generated ID is safe: a trust policy without an sts:ExternalId condition
      // still lets Bitmovin in, and the ID returned can then be added to it.
      const fix =
        mode === undefined
          ? insertPropertyFix(doc, [], Object.keys(v).length === 0, 'Add "externalIdMode": "GENERATED"', 'externalIdMode', 'GENERATED')
          : replaceValueFix(doc, ['externalIdMode'], 'Use "GENERATED"', 'GENERATED');
      out.push(
        report(
          input,
          'payload/bitmovin-role-no-external-id',
          'warning',
          mode === undefined ? ['roleArn'] : ['externalIdMode'],
          `This role-based ${io} has ${where}, so Bitmovin assumes the role without an external ID. Then the role's trust policy cannot require one, and any Bitmovin customer who learns the role ARN can have Bitmovin ${io === 'input' ? 'read from' : 'write to'} your bucket through it (the confused-deputy problem). Set "externalIdMode" to "GENERATED" (a random ID for this ${io}) or "GLOBAL" (one ID for your organisation), then add the "externalId" the API returns to the trust policy as a StringEquals condition on sts:ExternalId. ("CUSTOM" with your own "externalId" works too, but AWS advises IDs the third party chooses.)`,
          fix,
        ),
      );
    }
  }
  return out;
}

function checkImpossible(input: RuleInput, reported: Set<string>): Diagnostic[] {
  const v = input.doc.value;
  if (input.kind !== 'impossible-destination' || !isRecord(v)) return [];
  const { doc } = input;
  const out: Diagnostic[] = [];
  const acl = v['acl'];
  // A public ACL already refused by the bucket is reported as that error, with its fix.
  if (!reported.has('acl')) {
    if (acl === 'public-read-write') {
      out.push(
        report(
          input,
          'payload/impossible-public-read-write',
          'warning',
          ['acl'],
          '"public-read-write" lets anyone on the internet read the uploaded object, and its write grant does nothing for an object (S3 applies WRITE to buckets only), so it grants public read while suggesting public write was intended. Use "private" and share through a CDN or presigned URLs, or "public-read" if the render is meant to be public.',
          // The same access as far as an object is concerned, without the misleading write grant.
          replaceValueFix(doc, ['acl'], 'Use "public-read" (the same access for an object)', 'public-read'),
        ),
      );
    } else if (acl === undefined) {
      out.push(
        report(
          input,
          'payload/impossible-default-public-read',
          'warning',
          ['acl'],
          `No "acl" is set, so Impossible Software uploads ${nonEmpty(v['filename']) ? `"${v['filename']}"` : 'the render'} with its default ACL "public-read": anyone who has or guesses the URL can download it. Set "acl": "private" and share through a CDN or presigned URLs, or set "public-read" explicitly if the render is meant to be public.`,
          insertPropertyFix(doc, [], Object.keys(v).length === 0, 'Add "acl": "private"', 'acl', 'private'),
        ),
      );
    }
  }
  const keyId = nonEmpty(v['aws_access_key_id']);
  const secret = nonEmpty(v['aws_secret_access_key']);
  if (v['aws_use_policy'] !== true && !(keyId && secret)) {
    const bucket = nonEmpty(v['bucket']) ? `bucket "${v['bucket']}"` : 'the bucket';
    const advice = `Grant Impossible Software's canonical user the upload in the bucket policy of ${bucket} ("Media Storage: Generate Bucket Policy") and set "aws_use_policy": true, or give the "aws_access_key_id" and "aws_secret_access_key" of an IAM user limited to this bucket.`;
    if (keyId !== secret) {
      const [has, lacks] = keyId ? ['aws_access_key_id', 'aws_secret_access_key'] : ['aws_secret_access_key', 'aws_access_key_id'];
      out.push(
        report(
          input,
          'payload/impossible-no-credentials',
          'warning',
          [has],
          `"${has}" is set but "${lacks}" is not, and "aws_use_policy" is not true: the upload has no usable credentials. ${advice}`,
        ),
      );
    } else {
      const fix =
        v['aws_use_policy'] === undefined
          ? insertPropertyFix(doc, [], Object.keys(v).length === 0, 'Add "aws_use_policy": true', 'aws_use_policy', true)
          : replaceValueFix(doc, ['aws_use_policy'], 'Set "aws_use_policy" to true', true);
      out.push(
        report(
          input,
          'payload/impossible-no-credentials',
          'warning',
          ['aws_use_policy'],
          `Neither access keys nor "aws_use_policy": true are set, so Impossible Software uploads without credentials: that fails unless ${bucket} lets anyone write to it, and a bucket that does lets anyone overwrite or fill it. ${advice}`,
          fix,
        ),
      );
    }
  }
  return out;
}

function checkQencode(input: RuleInput): Diagnostic[] {
  if (input.kind !== 'qencode-destination') return [];
  const v = input.doc.value;
  const list = Array.isArray(v) ? v.map((d: unknown, i) => ({ d, base: [i] as JsonPath })) : [{ d: v, base: [] as JsonPath }];
  const out: Diagnostic[] = [];
  for (const { d, base } of list) {
    if (!isRecord(d) || (d['use_tls'] !== 0 && d['use_tls'] !== false)) continue;
    const host = typeof d['url'] === 'string' ? /^s3:\/\/([^/]+)/i.exec(d['url'])?.[1] : undefined;
    out.push(
      report(
        input,
        'payload/qencode-plain-http',
        'warning',
        [...base, 'use_tls'],
        `"use_tls": ${JSON.stringify(d['use_tls'])} makes Qencode upload to ${host ?? 'the endpoint'} over plain HTTP: the media and the signed requests, which name the access key, cross the network unencrypted and can be read by anyone on the way. Use an endpoint that serves HTTPS and remove "use_tls" (1, HTTPS, is the default).`,
      ),
    );
  }
  return out;
}

/** Rule entry point for every payload kind (not policies or CORS). */
export const payloadRules: Rule = (input) => {
  const acls = checkAcls(input);
  const reported = new Set(acls.map((d) => d.path.join('.')));
  return [...urlSites(input).flatMap((s) => checkUrl(input, s)), ...acls, ...checkBitmovin(input), ...checkImpossible(input, reported), ...checkQencode(input)];
};
