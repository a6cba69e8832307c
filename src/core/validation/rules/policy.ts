// Bucket-policy checks a JSON schema cannot express: whether actions fit the resources they
// name, whether ARNs and principals are well formed, and grants that are wider than intended.
import { parseS3Url } from '../../storage/s3url';
import { matchS3Actions, resourceTypesOf, isS3ActionPattern, S3_ACTIONS } from '../s3Actions';
import { editDistance } from '../schemaErrors';
import type { Diagnostic, JsonPath } from '../types';
import { insertPropertyFix, replaceValueFix, report, stringsAt, type Located, type Rule, type RuleInput } from './rule';
import { isRecord } from '../../guards';

interface Stmt {
  s: Record<string, unknown>;
  path: JsonPath;
}

function statements(policy: Record<string, unknown>): Stmt[] {
  const st = policy['Statement'];
  if (isRecord(st)) return [{ s: st, path: ['Statement'] }];
  if (Array.isArray(st)) return st.flatMap((s, i) => (isRecord(s) ? [{ s, path: ['Statement', i] }] : []));
  return [];
}

const S3_ARN = /^arn:(aws|aws-cn|aws-us-gov):s3:([^:]*):([^:]*):(.*)$/;
const WILD = /[*?]|\$\{/;

export interface ResourceArn {
  partition: string;
  bucket: string;
  /** Object part after the first '/', undefined for a bucket ARN. */
  key: string | undefined;
}

type ArnResult = { ok: true; value: ResourceArn } | { ok: false; reason: string };

// Large policies repeat the same few ARNs and buckets; parsing each once keeps a 1 MB policy fast.
const arnCache = new Map<string, ArnResult>();

function readResourceArnCached(arn: string): ArnResult {
  let r = arnCache.get(arn);
  if (!r) {
    if (arnCache.size > 10_000) arnCache.clear();
    r = readResourceArn(arn);
    arnCache.set(arn, r);
  }
  return r;
}

/** Reads an S3 bucket or object ARN as a bucket policy may write it (wildcards and ${vars} allowed). */
export function readResourceArn(arn: string): ArnResult {
  const m = S3_ARN.exec(arn);
  if (!m) {
    return {
      ok: false,
      reason: arn.startsWith('arn:')
        ? 'not an S3 ARN: expected arn:aws:s3:::bucket or arn:aws:s3:::bucket/key'
        : 'not an ARN: expected arn:aws:s3:::bucket or arn:aws:s3:::bucket/key',
    };
  }
  // None of the four groups is optional: each is set (if empty) whenever the pattern matched.
  const [, partition = '', region = '', account = '', resource = ''] = m;
  if (region || account) return { ok: false, reason: 'bucket and object ARNs have no region or account: write arn:aws:s3:::bucket/key' };
  const slash = resource.indexOf('/');
  const bucket = slash < 0 ? resource : resource.slice(0, slash);
  if (!bucket) return { ok: false, reason: 'the ARN names no bucket' };
  const key = slash < 0 ? undefined : resource.slice(slash + 1);
  const known = arnCache.get(`arn:${partition}:s3:::${bucket}`);
  if (known && known.ok) return { ok: true, value: { partition, bucket, key } };
  if (!WILD.test(bucket)) {
    // The storage module owns bucket-name rules; reuse them rather than keep a second copy.
    const parsed = parseS3Url(`arn:${partition}:s3:::${bucket}`);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
  } else if (!/^[a-z0-9.*?${}:-]+$/.test(bucket)) {
    return { ok: false, reason: `"${bucket}" is not a bucket name pattern` };
  }
  return { ok: true, value: { partition, bucket, key } };
}

function globMatches(glob: string, s: string): boolean {
  if (glob.includes('${')) return true; // a policy variable can be anything; give it the benefit of the doubt
  const re = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(s);
}

function checkVersion(input: RuleInput, policy: Record<string, unknown>): Diagnostic[] {
  if (policy['Version'] === '2008-10-17') {
    return [
      report(
        input,
        'policy/old-version',
        'warning',
        ['Version'],
        'Version 2008-10-17 is the old policy language: policy variables such as ${aws:username} are not substituted. Use 2012-10-17.',
        replaceValueFix(input.doc, ['Version'], 'Set Version to 2012-10-17', '2012-10-17'),
      ),
    ];
  }
  if (policy['Version'] !== undefined) return [];
  const fix = insertPropertyFix(input.doc, [], Object.keys(policy).length === 0, 'Add "Version": "2012-10-17"', 'Version', '2012-10-17');
  return [
    report(
      input,
      'policy/missing-version',
      'warning',
      ['Version'],
      'No Version: AWS then applies the old 2008-10-17 language, which does not substitute policy variables. Add "Version": "2012-10-17".',
      fix,
    ),
  ];
}

function checkSids(input: RuleInput, stmts: Stmt[]): Diagnostic[] {
  const seen = new Map<string, JsonPath>();
  const out: Diagnostic[] = [];
  for (const { s, path } of stmts) {
    const { Sid: sid } = s;
    if (typeof sid !== 'string' || sid === '') continue;
    const first = seen.get(sid);
    if (first) {
      out.push(
        report(
          input,
          'policy/duplicate-sid',
          'error',
          [...path, 'Sid'],
          `Sid "${sid}" is already used by ${first.join('.')}; S3 rejects a policy whose statement ids repeat.`,
        ),
      );
    } else seen.set(sid, path);
  }
  return out;
}

function closestAction(action: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const a of S3_ACTIONS.keys()) {
    const d = editDistance(action.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best;
}

function checkActions(input: RuleInput, actions: Located<string>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const a of actions) {
    if (!isS3ActionPattern(a.value) || matchS3Actions(a.value).length > 0) continue;
    const hint = /[*?]/.test(a.value) ? undefined : closestAction(a.value);
    out.push(
      report(
        input,
        'policy/unknown-action',
        'error',
        a.path,
        /[*?]/.test(a.value) ? `"${a.value}" matches no S3 action.` : `"${a.value}" is not an S3 action.${hint ? ` Did you mean "${hint}"?` : ''}`,
        hint ? replaceValueFix(input.doc, a.path, `Change to "${hint}"`, hint) : undefined,
      ),
    );
  }
  return out;
}

function checkResources(input: RuleInput, st: Stmt, actions: Located<string>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const resources = [...stringsAt(st.s, 'Resource', st.path), ...stringsAt(st.s, 'NotResource', st.path)];
  const arns: { loc: Located<string>; arn: ResourceArn }[] = [];
  for (const r of resources) {
    if (r.value === '*') continue;
    const parsed = readResourceArnCached(r.value);
    if (!parsed.ok) {
      out.push(report(input, 'policy/invalid-arn', 'error', r.path, `"${r.value}" is not a valid S3 resource: ${parsed.reason}.`));
      continue;
    }
    arns.push({ loc: r, arn: parsed.value });
    const want = input.context.bucket;
    if (want && !globMatches(parsed.value.bucket, want)) {
      const fixed = `arn:${parsed.value.partition}:s3:::${want}${parsed.value.key === undefined ? '' : `/${parsed.value.key}`}`;
      out.push(
        report(
          input,
          'policy/foreign-bucket',
          'error',
          r.path,
          `This policy is for bucket "${want}" but the resource names bucket "${parsed.value.bucket}"; a bucket policy may only name its own bucket.`,
          replaceValueFix(input.doc, r.path, `Use bucket "${want}"`, fixed),
        ),
      );
    }
  }
  // NotAction statements apply to "everything else"; action/resource fit cannot be judged.
  if (!stmtHas(st.s, 'Resource') || actions.length === 0) return out;
  if (actions.some((a) => !isS3ActionPattern(a.value) && a.value !== '*')) return out;
  // A wildcard such as s3:Get* matches object and bucket actions alike and fits either kind of
  // resource, so only actions that apply to one kind alone can be misplaced.
  const kinds = actions.map((a) => ({ a, t: resourceTypesOf(a.value) }));
  const objectOnly = kinds.filter((k) => k.t.size === 1 && k.t.has('object')).map((k) => k.a.value);
  const bucketOnly = kinds.filter((k) => k.t.size === 1 && k.t.has('bucket')).map((k) => k.a.value);
  const servesObjects = kinds.some((k) => k.t.has('object'));
  const servesBuckets = kinds.some((k) => k.t.has('bucket'));
  const objectRes = arns.filter((a) => a.arn.key !== undefined && a.loc.field === 'Resource');
  const bucketRes = arns.filter((a) => a.arn.key === undefined && a.loc.field === 'Resource');
  if (resources.some((r) => r.value === '*')) return out;
  if (objectOnly.length > 0 && objectRes.length === 0) {
    for (const b of bucketRes) {
      // Error when nothing in the statement applies to the bucket ARN: the statement is dead.
      out.push(
        report(
          input,
          'policy/object-action-on-bucket-arn',
          servesBuckets ? 'warning' : 'error',
          b.loc.path,
          `${objectOnly.join(', ')} act${objectOnly.length === 1 ? 's' : ''} on objects, but "${b.loc.value}" is the bucket itself: the grant matches no object. Use "${b.loc.value}/*" (or a prefix such as "${b.loc.value}/media/*").`,
          replaceValueFix(input.doc, b.loc.path, 'Append "/*" to match the objects', `${b.loc.value}/*`),
        ),
      );
    }
  }
  if (bucketOnly.length > 0 && bucketRes.length === 0) {
    for (const o of objectRes) {
      const bucketArn = `arn:${o.arn.partition}:s3:::${o.arn.bucket}`;
      out.push(
        report(
          input,
          'policy/bucket-action-on-object-arn',
          servesObjects ? 'warning' : 'error',
          o.loc.path,
          `${bucketOnly.join(', ')} act${bucketOnly.length === 1 ? 's' : ''} on the bucket, but "${o.loc.value}" names objects: the grant never applies there. Use "${bucketArn}" (limit listing with a Condition on s3:prefix).`,
          replaceValueFix(input.doc, o.loc.path, `Use the bucket ARN "${bucketArn}"`, bucketArn),
        ),
      );
    }
  }
  return out;
}

function stmtHas(s: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(s, key);
}

const ACCOUNT = /^\d{12}$/;
const IAM_ARN = /^arn:aws(-cn|-us-gov)?:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+|group\/.+)|sts::\d{12}:(assumed-role|federated-user)\/.+)$/;

function checkPrincipal(input: RuleInput, st: Stmt, key: 'Principal' | 'NotPrincipal'): Diagnostic[] {
  const p = st.s[key];
  if (!isRecord(p)) return [];
  const base = [...st.path, key];
  const out: Diagnostic[] = [];
  for (const aws of stringsAt(p, 'AWS', base)) {
    if (aws.value === '*' || ACCOUNT.test(aws.value) || IAM_ARN.test(aws.value)) continue;
    if (aws.value.startsWith('arn:')) {
      out.push(
        report(
          input,
          'policy/invalid-arn',
          'error',
          aws.path,
          `"${aws.value}" is not an IAM principal ARN: expected arn:aws:iam::123456789012:root, :user/NAME or :role/NAME.`,
        ),
      );
    } else {
      out.push(
        report(
          input,
          'policy/invalid-principal',
          'error',
          aws.path,
          `"${aws.value}" is not an AWS principal: use a 12-digit account id, an IAM user/role ARN or "*".`,
        ),
      );
    }
  }
  for (const cu of stringsAt(p, 'CanonicalUser', base)) {
    if (!/^[0-9a-f]{64}$/.test(cu.value)) {
      out.push(report(input, 'policy/invalid-principal', 'error', cu.path, `"${cu.value}" is not a canonical user id (64 lower-case hex digits).`));
    }
  }
  for (const sv of stringsAt(p, 'Service', base)) {
    if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(sv.value)) {
      out.push(report(input, 'policy/invalid-principal', 'error', sv.path, `"${sv.value}" is not a service principal such as cloudfront.amazonaws.com.`));
    }
  }
  return out;
}

function isEveryone(p: unknown): boolean {
  if (p === '*') return true;
  if (!isRecord(p)) return false;
  const aws = p['AWS'];
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function checkGrants(input: RuleInput, st: Stmt): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (st.s['Effect'] !== 'Allow') return out;
  if (isEveryone(st.s['Principal']) && st.s['Condition'] === undefined) {
    out.push(
      report(
        input,
        'policy/public-allow',
        'warning',
        [...st.path, 'Principal'],
        'Allow to Principal "*" without a Condition makes this public: anyone on the internet gets these actions. Name a principal, or add a Condition (aws:SourceArn for CloudFront, aws:SourceIp, aws:PrincipalOrgID).',
      ),
    );
  }
  if (stmtHas(st.s, 'NotPrincipal')) {
    out.push(
      report(
        input,
        'policy/allow-not-principal',
        'warning',
        [...st.path, 'NotPrincipal'],
        'NotPrincipal with Allow grants these actions to every principal except the listed ones, including anonymous users. Use Principal, or NotPrincipal only with Deny.',
      ),
    );
  }
  if (stmtHas(st.s, 'NotResource')) {
    out.push(
      report(
        input,
        'policy/allow-not-resource',
        'warning',
        [...st.path, 'NotResource'],
        'NotResource with Allow grants the actions on every resource except the listed ones, including ones created later. Name the resources with Resource instead.',
      ),
    );
  }
  return out;
}

/** Rule entry point for the s3-bucket-policy kind. */
export const policyRules: Rule = (input) => {
  const policy = input.doc.value;
  if (!isRecord(policy)) return [];
  const stmts = statements(policy);
  const out = [...checkVersion(input, policy), ...checkSids(input, stmts)];
  for (const st of stmts) {
    const actions = [...stringsAt(st.s, 'Action', st.path), ...stringsAt(st.s, 'NotAction', st.path)];
    out.push(...checkActions(input, actions));
    out.push(...checkResources(input, st, stringsAt(st.s, 'Action', st.path)));
    out.push(...checkPrincipal(input, st, 'Principal'), ...checkPrincipal(input, st, 'NotPrincipal'));
    out.push(...checkGrants(input, st));
  }
  return out;
};
