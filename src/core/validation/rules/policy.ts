// Bucket-policy checks a JSON schema cannot express, at the level of IAM Access Analyzer and
// Parliament but offline: the elements S3 insists on, actions (service prefix, S3 only, known,
// not repeated), whether every action applies to a resource of its statement (S3 refuses the
// whole policy otherwise), one bucket per policy, condition operators and keys, well-formed ARNs
// and principals, grants wider than intended, and a deny of plain HTTP.
import { parseS3Url } from '../../storage/s3url';
import { closestName, conditionOperatorForms, lookupConditionKey, parseConditionOperator, suggestConditionKey } from '../conditions';
import { secureTransportDenyStatement } from '../generators';
import type { JsonDoc } from '../jsonDoc';
import { isS3ActionPattern, matchS3Actions, resourceTypesOf, S3_ACTION_INFO, type S3ResourceType } from '../s3Actions';
import type { Diagnostic, Fix, JsonPath } from '../types';
import { insertPropertyFix, replaceValueFix, report, stringsAt, type Located, type Rule, type RuleInput } from './rule';
import { isRecord } from '../../guards';

/** S3's own words when a statement grants an action none of its resources can take. */
export const S3_NO_RESOURCE_MESSAGE = 'Action does not apply to any resource(s) in statement';

export interface Stmt {
  s: Record<string, unknown>;
  path: JsonPath;
}

export function statements(policy: Record<string, unknown>): Stmt[] {
  const st = policy['Statement'];
  if (isRecord(st)) return [{ s: st, path: ['Statement'] }];
  if (Array.isArray(st)) return st.flatMap((s, i) => (isRecord(s) ? [{ s, path: ['Statement', i] }] : []));
  return [];
}

export function stmtHas(s: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(s, key);
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

export function checkVersion(input: RuleInput, policy: Record<string, unknown>): Diagnostic[] {
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

export function checkSids(input: RuleInput, stmts: Stmt[], service: string): Diagnostic[] {
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
          `Sid "${sid}" is already used by ${first.join('.')}; ${service} rejects a policy whose statement ids repeat. Rename one of them.`,
        ),
      );
    } else seen.set(sid, path);
  }
  return out;
}

/** Which element pairs a statement must have, and what the service says when one is missing. */
export interface RequiredElements {
  /** The service that refuses the document, for messages: "S3" or "IAM". */
  service: string;
  resource: boolean;
}

export function checkRequired(input: RuleInput, st: Stmt, req: RequiredElements): Diagnostic[] {
  const pairs: [string, string, string, string][] = [
    [
      'Principal',
      'NotPrincipal',
      'policy/missing-principal',
      'whom it applies to: add "Principal": { "AWS": "arn:aws:iam::123456789012:role/NAME" } (or "*" for everyone)',
    ],
    ['Action', 'NotAction', 'policy/missing-action', 'what it allows or denies: add "Action" with the actions, e.g. ["s3:GetObject"]'],
  ];
  if (req.resource) {
    pairs.push([
      'Resource',
      'NotResource',
      'policy/missing-resource',
      'what it applies to: add "Resource": "arn:aws:s3:::BUCKET/*" for objects or "arn:aws:s3:::BUCKET" for the bucket',
    ]);
  }
  const out: Diagnostic[] = [];
  for (const [element, negated, code, what] of pairs) {
    if (stmtHas(st.s, element) || stmtHas(st.s, negated)) continue;
    out.push(
      report(
        input,
        code,
        'error',
        [...st.path, element],
        `This statement has no ${element} (nor ${negated}), so it does not say ${what}. ${req.service} refuses the policy ("Missing required field ${element}").`,
      ),
    );
  }
  return out;
}

/**
 * Deletes element `index` of the list at `listPath` with the separator before it. Needs the
 * positions now, so it resolves the document early; only ever called for a rare finding.
 */
function removeElementFix(doc: JsonDoc, list: unknown, listPath: JsonPath, index: number, title: string): Fix | undefined {
  const prevValue: unknown = Array.isArray(list) ? list[index - 1] : undefined;
  // A container is located by its opening bracket only, so its end is not known here.
  if (index < 1 || typeof prevValue === 'object') return undefined;
  const prev = doc.at({ offset: 0, length: 0 }, [...listPath, index - 1]);
  const cur = doc.at({ offset: 0, length: 0 }, [...listPath, index]);
  doc.resolve();
  const start = prev.offset + prev.length;
  return { title, edits: [{ offset: start, length: cur.offset + cur.length - start, newText: '' }] };
}

/** The service whose actions a document may name, and how messages speak of it. */
export interface ActionVocabulary {
  prefix: string;
  /** The service that owns the actions, e.g. "Amazon S3". */
  owner: string;
  example: string;
  known: (action: string) => boolean;
  canonical: readonly string[];
  /** What to do with an action of another service. */
  elsewhere: string;
  foreignCode: string;
  /** What happens to a document with an action that is not one, e.g. S3's refusal message. */
  refusal: string;
}

const S3_VOCABULARY: ActionVocabulary = {
  prefix: 's3',
  owner: 'Amazon S3',
  example: 's3:GetObject',
  known: (a) => matchS3Actions(a).length > 0,
  canonical: [...S3_ACTION_INFO.keys()],
  elsewhere: 'a bucket policy can only allow or deny Amazon S3 actions. Grant it in an IAM identity policy instead',
  foreignCode: 'policy/non-s3-action',
  refusal: 'S3 refuses the policy ("Policy has invalid action")',
};

function closestAction(action: string, vocabulary: ActionVocabulary): string | undefined {
  return closestName(action, vocabulary.canonical);
}

export function checkActions(input: RuleInput, st: Stmt, vocabulary: ActionVocabulary = S3_VOCABULARY): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { prefix, owner, refusal } = vocabulary;
  for (const field of ['Action', 'NotAction']) {
    const seen = new Map<string, Located<string>>();
    for (const a of stringsAt(st.s, field, st.path)) {
      const v = a.value;
      const lower = v.toLowerCase();
      const first = seen.get(lower);
      if (first) {
        const index = a.path[a.path.length - 1];
        const fix = typeof index === 'number' ? removeElementFix(input.doc, st.s[field], [...st.path, field], index, `Remove the repeated "${v}"`) : undefined;
        out.push(
          report(
            input,
            'policy/duplicate-action',
            'warning',
            a.path,
            `"${v}" is listed twice in this statement's ${field}${first.value === v ? '' : ` (also as "${first.value}")`}; the repeat adds nothing. Remove it.`,
            fix,
          ),
        );
        continue;
      }
      seen.set(lower, a);
      if (v === '*') continue;
      if (!v.includes(':')) {
        const withPrefix = `${prefix}:${v}`;
        const hint = vocabulary.known(withPrefix) ? withPrefix : /[*?]/.test(v) ? undefined : closestAction(withPrefix, vocabulary);
        out.push(
          report(
            input,
            'policy/action-missing-prefix',
            'error',
            a.path,
            `"${v}" has no service prefix: actions are written service:Action${hint ? `, here "${hint}"` : `, e.g. "${vocabulary.example}"`}. ${refusal}.`,
            hint ? replaceValueFix(input.doc, a.path, `Change to "${hint}"`, hint) : undefined,
          ),
        );
        continue;
      }
      if (!v.toLowerCase().startsWith(`${prefix}:`)) {
        out.push(report(input, vocabulary.foreignCode, 'error', a.path, `"${v}" is not an ${owner} action: ${vocabulary.elsewhere}. ${refusal}.`));
        continue;
      }
      if (vocabulary.known(v)) continue;
      const wildcard = /[*?]/.test(v);
      const hint = wildcard ? undefined : closestAction(v, vocabulary);
      out.push(
        report(
          input,
          'policy/unknown-action',
          'error',
          a.path,
          wildcard
            ? `"${v}" matches no ${owner} action, so it grants nothing. Check the spelling of the pattern.`
            : `"${v}" is not an ${owner} action.${hint ? ` Did you mean "${hint}"?` : ''} ${refusal}.`,
          hint ? replaceValueFix(input.doc, a.path, `Change to "${hint}"`, hint) : undefined,
        ),
      );
    }
  }
  return out;
}

interface ParsedResource {
  loc: Located<string>;
  arn: ResourceArn;
}

interface StatementResources {
  diagnostics: Diagnostic[];
  /** Resource and NotResource ARNs that parsed. */
  arns: ParsedResource[];
  /** Whether every Resource/NotResource parsed (a broken one makes the fit check guesswork). */
  allParsed: boolean;
}

function readResources(input: RuleInput, st: Stmt): StatementResources {
  const out: Diagnostic[] = [];
  const arns: ParsedResource[] = [];
  let allParsed = true;
  for (const r of [...stringsAt(st.s, 'Resource', st.path), ...stringsAt(st.s, 'NotResource', st.path)]) {
    if (r.value === '*') continue;
    const parsed = readResourceArnCached(r.value);
    if (!parsed.ok) {
      allParsed = false;
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
          `This policy is for bucket "${want}" but the resource names bucket "${parsed.value.bucket}"; a bucket policy may only name its own bucket. S3 refuses it ("Policy has invalid resource").`,
          replaceValueFix(input.doc, r.path, `Use bucket "${want}"`, fixed),
        ),
      );
    }
  }
  return { diagnostics: out, arns, allParsed };
}

/** The ARN types a Resource entry can match: a bucket pattern with a wildcard matches object ARNs too. */
function kindsOf(arn: ResourceArn): S3ResourceType[] {
  if (arn.key !== undefined) return ['object'];
  return /[*?]/.test(arn.bucket) ? ['bucket', 'object'] : ['bucket'];
}

/** Puts `added` next to the Resource entry at loc: a string becomes a two-element list. */
function addResourceFix(doc: JsonDoc, loc: Located<string>, added: string): Fix {
  const inList = typeof loc.path[loc.path.length - 1] === 'number';
  const pair = `${JSON.stringify(loc.value)}, ${JSON.stringify(added)}`;
  return { title: `Add "${added}"`, edits: [doc.at({ offset: 0, length: 0, newText: inList ? pair : `[${pair}]` }, loc.path)] };
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/**
 * Every action of a statement must apply to at least one of its resources: S3 refuses the whole
 * policy otherwise, even when the other actions fit.
 */
function checkFit(input: RuleInput, st: Stmt, res: StatementResources): Diagnostic[] {
  const out: Diagnostic[] = [];
  // NotAction statements apply to "everything else", and NotResource to "everywhere else".
  if (!stmtHas(st.s, 'Resource') || !res.allParsed) return out;
  if (stringsAt(st.s, 'Resource', st.path).some((r) => r.value === '*')) return out;
  const resources = res.arns.filter((r) => r.loc.field === 'Resource');
  if (resources.length === 0) return out;
  const have = new Set(resources.flatMap((r) => kindsOf(r.arn)));
  const judged = stringsAt(st.s, 'Action', st.path)
    .filter((a) => isS3ActionPattern(a.value))
    .map((a) => ({ a, types: resourceTypesOf(a.value) }))
    .filter((x) => x.types.size > 0);
  const fits = (types: ReadonlySet<S3ResourceType>): boolean => [...types].some((t) => have.has(t));
  const unfit = judged.filter((x) => !fits(x.types));
  if (unfit.length === 0) return out;
  const objectUnfit = unfit.filter((x) => x.types.has('object')).map((x) => x.a.value);
  const bucketUnfit = unfit.filter((x) => x.types.has('bucket')).map((x) => x.a.value);
  const otherUnfit = unfit.filter((x) => !x.types.has('object') && !x.types.has('bucket'));
  const usesObjects = judged.some((x) => x.types.has('object') && have.has('object'));
  const usesBucket = judged.some((x) => x.types.has('bucket') && have.has('bucket'));

  if (objectUnfit.length > 0) {
    // No object ARN in the statement: every resource is a bucket ARN.
    for (const b of resources) {
      const objects = `${b.loc.value}/*`;
      out.push(
        report(
          input,
          'policy/object-action-on-bucket-arn',
          'error',
          b.loc.path,
          `${objectUnfit.join(', ')} ${plural(objectUnfit.length, 'acts', 'act')} on objects, but "${b.loc.value}" is the bucket itself and the statement names no object, so S3 refuses the whole policy ("${S3_NO_RESOURCE_MESSAGE}"). ${usesBucket ? `Add "${objects}" next to it` : `Use "${objects}"`} (or a prefix such as "${b.loc.value}/media/*").`,
          usesBucket ? addResourceFix(input.doc, b.loc, objects) : replaceValueFix(input.doc, b.loc.path, 'Append "/*" to match the objects', objects),
        ),
      );
    }
  }
  if (bucketUnfit.length > 0) {
    // No bucket ARN in the statement: every resource is an object ARN.
    const reported = new Set<string>();
    for (const o of resources) {
      const bucketArn = `arn:${o.arn.partition}:s3:::${o.arn.bucket}`;
      // When object actions use the object ARNs, the bucket ARN is added once, not per object ARN.
      if (usesObjects && reported.has(bucketArn)) continue;
      reported.add(bucketArn);
      out.push(
        report(
          input,
          'policy/bucket-action-on-object-arn',
          'error',
          o.loc.path,
          `${bucketUnfit.join(', ')} ${plural(bucketUnfit.length, 'acts', 'act')} on the bucket, but "${o.loc.value}" names objects and the statement names no bucket, so S3 refuses the whole policy ("${S3_NO_RESOURCE_MESSAGE}"). ${usesObjects ? `Add "${bucketArn}"` : `Use "${bucketArn}"`} (limit listing with a Condition on s3:prefix).`,
          usesObjects ? addResourceFix(input.doc, o.loc, bucketArn) : replaceValueFix(input.doc, o.loc.path, `Use the bucket ARN "${bucketArn}"`, bucketArn),
        ),
      );
    }
  }
  for (const { a } of otherUnfit) {
    const [only, ...more] = matchS3Actions(a.value);
    const description = only && more.length === 0 ? S3_ACTION_INFO.get(only)?.description : undefined;
    const what = description ? ` (${description.charAt(0).toLowerCase()}${description.slice(1)})` : '';
    out.push(
      report(
        input,
        'policy/action-no-resource',
        'error',
        a.path,
        `"${a.value}"${what} applies to neither a bucket nor its objects, so a bucket policy cannot grant it: S3 refuses the whole policy ("${S3_NO_RESOURCE_MESSAGE}"). Grant it in an IAM identity policy instead.`,
      ),
    );
  }
  return out;
}

/** A bucket policy belongs to one bucket; without a known bucket, the first one named sets it. */
function checkOneBucket(input: RuleInput, all: ParsedResource[]): Diagnostic[] {
  if (input.context.bucket) return []; // foreign-bucket already compares against the known one
  const literal = all.filter((r) => !WILD.test(r.arn.bucket));
  const [first] = literal;
  if (!first) return [];
  const out: Diagnostic[] = [];
  for (const r of literal) {
    if (r.arn.bucket === first.arn.bucket) continue;
    const fixed = `arn:${r.arn.partition}:s3:::${first.arn.bucket}${r.arn.key === undefined ? '' : `/${r.arn.key}`}`;
    out.push(
      report(
        input,
        'policy/multiple-buckets',
        'error',
        r.loc.path,
        `This policy already names bucket "${first.arn.bucket}", and "${r.loc.value}" is in bucket "${r.arn.bucket}". A bucket policy belongs to one bucket and S3 refuses resources of any other ("Policy has invalid resource"). Put this grant in the policy of "${r.arn.bucket}", or use "${first.arn.bucket}".`,
        replaceValueFix(input.doc, r.loc.path, `Use bucket "${first.arn.bucket}"`, fixed),
      ),
    );
  }
  return out;
}

const ACCOUNT = /^\d{12}$/;
const IAM_ARN =
  /^arn:aws(-cn|-us-gov)?:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+|group\/.+)|sts::\d{12}:(assumed-role|federated-user)\/.+|iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+)$/;

export function checkPrincipal(input: RuleInput, st: Stmt, key: 'Principal' | 'NotPrincipal'): Diagnostic[] {
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

export function isEveryone(p: unknown): boolean {
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

function renameKeyFix(doc: JsonDoc, path: JsonPath, name: string): Fix {
  return { title: `Change to "${name}"`, edits: [doc.at({ offset: 0, length: 0, newText: JSON.stringify(name) }, path, 'key')] };
}

const NAMESPACE_NAMES: Record<string, string> = { aws: 'AWS (global)', s3: 'Amazon S3', sts: 'AWS STS' };

/**
 * Operators IAM knows (a typo makes the service refuse the policy) and, in the namespaces the
 * document's service evaluates, keys it knows (a key no request carries silently never matches).
 */
export function checkConditions(input: RuleInput, st: Stmt, namespaces: readonly string[], service: string): Diagnostic[] {
  const cond = st.s['Condition'];
  if (!isRecord(cond)) return [];
  const out: Diagnostic[] = [];
  for (const [op, block] of Object.entries(cond)) {
    const opPath = [...st.path, 'Condition', op];
    if (!parseConditionOperator(op)) {
      const hint = closestName(op, conditionOperatorForms());
      const why = /^Null(IfExists)$/.test(op.replace(/^For(Any|All)Values?:/, ''))
        ? ' Null already tests whether the key exists, so it takes no IfExists.'
        : '';
      out.push(
        report(
          input,
          'policy/unknown-condition-operator',
          'error',
          opPath,
          `"${op}" is not an IAM condition operator${hint ? `; did you mean "${hint}"?` : '.'}${why} ${service} refuses the policy. Operators are StringEquals, StringLike, ArnLike, IpAddress, Bool, DateLessThan, NumericLessThan, Null and the like, optionally prefixed ForAnyValue:/ForAllValues: or suffixed IfExists.`,
          hint ? renameKeyFix(input.doc, opPath, hint) : undefined,
          'key',
        ),
      );
    }
    if (!isRecord(block)) continue;
    for (const k of Object.keys(block)) {
      const colon = k.indexOf(':');
      const ns = colon > 0 ? k.slice(0, colon).toLowerCase() : '';
      // Keys of other services and identity providers are not ours to judge.
      if (!namespaces.includes(ns) || lookupConditionKey(k)) continue;
      const hint = suggestConditionKey(k, namespaces);
      const keyPath = [...opPath, k];
      out.push(
        report(
          input,
          'policy/unknown-condition-key',
          'warning',
          keyPath,
          `"${k}" is not a condition key of ${NAMESPACE_NAMES[ns] ?? ns}${hint ? `; did you mean "${hint}"?` : '.'} No request carries an unknown key, so this condition never tests what it seems to.`,
          hint ? renameKeyFix(input.doc, keyPath, hint) : undefined,
          'key',
        ),
      );
    }
  }
  return out;
}

function deniesInsecureTransport(st: Stmt): boolean {
  if (st.s['Effect'] !== 'Deny' || !isRecord(st.s['Condition'])) return false;
  return Object.entries(st.s['Condition']).some(([op, block]) => {
    if (parseConditionOperator(op)?.base !== 'Bool' || !isRecord(block)) return false;
    return Object.entries(block).some(([k, v]) => k.toLowerCase() === 'aws:securetransport' && [v].flat().some((x) => x === false || x === 'false'));
  });
}

const POLICY_KEYS = new Set(['$schema', 'Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

const isStrings = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));

/** One of the pair present, and of the shape the schema wants. */
function onePair(s: Record<string, unknown>, a: string, b: string, shape: (v: unknown) => boolean): boolean {
  return stmtHas(s, a) !== stmtHas(s, b) && shape(s[stmtHas(s, a) ? a : b]);
}

/** The shape of a complete policy, so that a half-written one gets no advice on top of its schema problems. */
function complete(policy: Record<string, unknown>, stmts: Stmt[]): boolean {
  if (policy['Version'] !== '2012-10-17' || Object.keys(policy).some((k) => !POLICY_KEYS.has(k))) return false;
  return stmts.every(
    ({ s }) =>
      (s['Effect'] === 'Allow' || s['Effect'] === 'Deny') &&
      Object.keys(s).every((k) => STATEMENT_KEYS.has(k)) &&
      onePair(s, 'Principal', 'NotPrincipal', (p) => p === '*' || isRecord(p)) &&
      onePair(s, 'Action', 'NotAction', isStrings) &&
      onePair(s, 'Resource', 'NotResource', isStrings) &&
      (s['Condition'] === undefined || isRecord(s['Condition'])),
  );
}

/**
 * A nudge, not a finding: shown only on a complete policy that has nothing worse to say, so that
 * it never competes with a real problem.
 */
function checkSecureTransport(input: RuleInput, policy: Record<string, unknown>, stmts: Stmt[], found: Diagnostic[], all: ParsedResource[]): Diagnostic[] {
  if (stmts.length === 0 || stmts.some(deniesInsecureTransport)) return [];
  if (found.some((d) => d.severity === 'error' || d.severity === 'warning') || !complete(policy, stmts)) return [];
  const bucket = input.context.bucket ?? all.find((r) => !WILD.test(r.arn.bucket))?.arn.bucket;
  let fix: Fix | undefined;
  if (bucket && Array.isArray(policy['Statement'])) {
    const sids = new Set(stmts.map((st) => st.s['Sid']));
    let sid = 'DenyInsecureTransport';
    for (let n = 2; sids.has(sid); n++) sid = `DenyInsecureTransport${n}`;
    const body = JSON.stringify(secureTransportDenyStatement(bucket, sid), null, 2)
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
    fix = {
      title: 'Add a statement that denies plain HTTP',
      edits: [input.doc.at({ offset: 0, length: 0, newText: `\n${body},` }, ['Statement'], 'after-open')],
    };
  }
  return [
    report(
      input,
      'policy/no-secure-transport-deny',
      'info',
      ['Statement'],
      `No statement denies requests over plain HTTP. AWS recommends denying every request where "aws:SecureTransport" is "false", so that nobody reads or writes ${bucket ? `bucket "${bucket}"` : 'this bucket'} without TLS.`,
      fix,
      'key',
    ),
  ];
}

/** Rule entry point for the s3-bucket-policy kind. */
export const policyRules: Rule = (input) => {
  const policy = input.doc.value;
  if (!isRecord(policy)) return [];
  const stmts = statements(policy);
  const out = [...checkVersion(input, policy), ...checkSids(input, stmts, 'S3')];
  const all: ParsedResource[] = [];
  for (const st of stmts) {
    out.push(...checkRequired(input, st, { service: 'S3', resource: true }));
    out.push(...checkActions(input, st));
    const res = readResources(input, st);
    all.push(...res.arns);
    out.push(...res.diagnostics, ...checkFit(input, st, res));
    out.push(...checkPrincipal(input, st, 'Principal'), ...checkPrincipal(input, st, 'NotPrincipal'));
    out.push(...checkGrants(input, st));
    out.push(...checkConditions(input, st, ['aws', 's3'], 'S3'));
  }
  out.push(...checkOneBucket(input, all));
  out.push(...checkSecureTransport(input, policy, stmts, out, all));
  return out;
};
