// Checks of an IAM role trust policy (who may assume the role), with what Bitmovin documents for
// role-based S3 inputs and outputs: its user arn:aws:iam::630681592166:user/bitmovinCustomerS3Access
// assumes the role with sts:AssumeRole, and an sts:ExternalId condition keeps other Bitmovin
// customers from having it assume yours.
import { isRecord } from '../../guards';
import { BITMOVIN_AWS_ACCOUNT, BITMOVIN_ROLE_PRINCIPAL } from '../generators';
import type { Diagnostic, JsonPath } from '../types';
import {
  checkActions,
  checkConditions,
  checkPrincipal,
  checkRequired,
  checkSids,
  checkVersion,
  isEveryone,
  statements,
  type ActionVocabulary,
  type Stmt,
} from './policy';
import { replaceValueFix, report, stringsAt, type Located, type Rule, type RuleInput } from './rule';

/** The STS actions a role trust policy grants (Service Authorization Reference, AWS STS). */
export const STS_TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

const STS_LOWER = new Set(STS_TRUST_ACTIONS.map((a) => a.toLowerCase()));

function matchesSts(pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return [...STS_LOWER].some((a) => re.test(a));
}

const STS_VOCABULARY: ActionVocabulary = {
  prefix: 'sts',
  owner: 'AWS STS',
  example: 'sts:AssumeRole',
  refusal: 'IAM refuses the trust policy (MalformedPolicyDocument)',
  known: matchesSts,
  canonical: STS_TRUST_ACTIONS,
  elsewhere:
    'a role trust policy only says who may assume the role (sts:AssumeRole and related STS actions); what the role may do belongs in its permission policies',
  foreignCode: 'trust/non-sts-action',
};

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function awsPrincipals(st: Stmt): Located<string>[] {
  const p = st.s['Principal'];
  return isRecord(p) ? stringsAt(p, 'AWS', [...st.path, 'Principal']) : [];
}

function isBitmovin(value: string): boolean {
  return (
    value === BITMOVIN_AWS_ACCOUNT || value.startsWith(`arn:aws:iam::${BITMOVIN_AWS_ACCOUNT}:`) || value.startsWith(`arn:aws:sts::${BITMOVIN_AWS_ACCOUNT}:`)
  );
}

function externalIds(st: Stmt): { value: unknown; path: JsonPath }[] {
  const cond = st.s['Condition'];
  if (!isRecord(cond)) return [];
  const out: { value: unknown; path: JsonPath }[] = [];
  for (const [op, block] of Object.entries(cond)) {
    if (!isRecord(block)) continue;
    for (const [k, v] of Object.entries(block)) {
      if (k.toLowerCase() !== 'sts:externalid') continue;
      const path = [...st.path, 'Condition', op, k];
      if (Array.isArray(v)) v.forEach((x: unknown, i) => out.push({ value: x, path: [...path, i] }));
      else out.push({ value: v, path });
    }
  }
  return out;
}

function checkBitmovin(input: RuleInput, st: Stmt): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bitmovin = awsPrincipals(st).filter((p) => isBitmovin(p.value));
  for (const p of bitmovin) {
    if (p.value === BITMOVIN_ROLE_PRINCIPAL) continue;
    out.push(
      report(
        input,
        'trust/bitmovin-principal',
        'error',
        p.path,
        `"${p.value}" is in Bitmovin's account, but Bitmovin assumes roles only as "${BITMOVIN_ROLE_PRINCIPAL}": with any other principal its role-based inputs and outputs cannot use this role.`,
        replaceValueFix(input.doc, p.path, "Use Bitmovin's principal", BITMOVIN_ROLE_PRINCIPAL),
      ),
    );
  }
  if (bitmovin.length === 0 || st.s['Effect'] !== 'Allow') return out;
  const ids = externalIds(st);
  if (ids.length === 0) {
    out.push(
      report(
        input,
        'trust/missing-external-id',
        'warning',
        [...st.path, 'Condition'],
        'Bitmovin may assume this role without an external id: then any Bitmovin customer who learns the role ARN can read or write your bucket through Bitmovin. Create the role-based input or output first (externalIdMode GENERATED), then add "Condition": { "StringEquals": { "sts:ExternalId": "<the externalId Bitmovin returned>" } }.',
      ),
    );
  }
  return out;
}

function checkExternalIds(input: RuleInput, st: Stmt): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { value, path } of externalIds(st)) {
    if (typeof value === 'string' && EXTERNAL_ID.test(value)) continue;
    out.push(
      report(
        input,
        'trust/invalid-external-id',
        'error',
        path,
        `${JSON.stringify(value)} is not an external id a caller can pass: STS accepts 2 to 1224 letters, digits and the characters _+=,.@:/- only, so no AssumeRole call ever matches it. Put the externalId of your Bitmovin input or output (or of the third party) here.`,
      ),
    );
  }
  return out;
}

function checkPublic(input: RuleInput, st: Stmt): Diagnostic[] {
  if (st.s['Effect'] !== 'Allow' || !isEveryone(st.s['Principal']) || st.s['Condition'] !== undefined) return [];
  return [
    report(
      input,
      'policy/public-allow',
      'warning',
      [...st.path, 'Principal'],
      'Principal "*" without a Condition lets anyone in any AWS account assume this role. Name the account, user or role that should assume it.',
    ),
  ];
}

/** Rule entry point for the iam-trust-policy kind. */
export const trustPolicyRules: Rule = (input) => {
  const policy = input.doc.value;
  if (!isRecord(policy)) return [];
  const stmts = statements(policy);
  const out = [...checkVersion(input, policy), ...checkSids(input, stmts, 'IAM')];
  for (const st of stmts) {
    out.push(...checkRequired(input, st, { service: 'IAM', resource: false }));
    out.push(...checkActions(input, st, STS_VOCABULARY));
    out.push(...checkPrincipal(input, st, 'Principal'), ...checkPrincipal(input, st, 'NotPrincipal'));
    out.push(...checkPublic(input, st), ...checkBitmovin(input, st), ...checkExternalIds(input, st));
    out.push(...checkConditions(input, st, ['aws', 'sts'], 'IAM'));
  }
  return out;
};
