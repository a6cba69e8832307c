// Completion and hover for bucket policies, from the same tables the validator checks against:
// what the editor offers and what it then accepts must never disagree.
import { getLocation, type Location } from 'jsonc-parser';
import { BITMOVIN_ROLE_PRINCIPAL, IMPOSSIBLE_CANONICAL_USER } from './generators';
import { CONDITION_KEYS, CONDITION_OPERATORS } from './conditions';
import { S3_ACTION_INFO, conditionKeysOf } from './s3Actions';

export type SuggestionKind = 'action' | 'operator' | 'conditionKey' | 'arn' | 'principal' | 'enum';

export interface Suggestion {
  value: string;
  /** one line shown next to the label */
  detail: string;
  kind: SuggestionKind;
}

/** Where a completion goes: the string literal under the cursor (quotes included), or the cursor. */
export interface Completion {
  suggestions: Suggestion[];
  /** a property name (inserted with its colon by the glue) rather than a value */
  isKey: boolean;
  replace: { offset: number; length: number };
}

/** What only the editor knows: buckets and prefixes of registered locations and listed connections. */
export interface PolicyAssistContext {
  buckets: readonly { bucket: string; detail: string }[];
  prefixes: readonly { bucket: string; prefix: string; detail: string }[];
}

const STATEMENT_ENUMS: Record<string, Suggestion[]> = {
  Effect: [
    { value: 'Allow', detail: 'Grants the actions', kind: 'enum' },
    { value: 'Deny', detail: 'Refuses the actions, whatever else allows them', kind: 'enum' },
  ],
};

// Principals the vendors document; offered so that nobody types a 12-digit account id by hand.
const AWS_PRINCIPALS: Suggestion[] = [
  { value: BITMOVIN_ROLE_PRINCIPAL, detail: 'Bitmovin (role-based inputs and outputs; with an sts:ExternalId condition)', kind: 'principal' },
  { value: '*', detail: 'Anyone: a public grant', kind: 'principal' },
];
const CANONICAL_PRINCIPALS: Suggestion[] = [{ value: IMPOSSIBLE_CANONICAL_USER, detail: 'Impossible Software (canonical user)', kind: 'principal' }];

function stringRange(loc: Location, offset: number): { offset: number; length: number } {
  const node = loc.previousNode;
  if (node && (node.type === 'string' || node.type === 'property') && offset >= node.offset && offset <= node.offset + node.length) {
    return { offset: node.offset, length: node.length };
  }
  return { offset, length: 0 };
}

/** The statement's actions as written (for narrowing condition keys to the ones they support). */
function actionsOf(statement: unknown): string[] {
  if (typeof statement !== 'object' || statement === null) return [];
  const a = (statement as Record<string, unknown>)['Action'];
  return (Array.isArray(a) ? a : [a]).filter((x): x is string => typeof x === 'string');
}

function arns(ctx: PolicyAssistContext): Suggestion[] {
  const out: Suggestion[] = [];
  for (const b of ctx.buckets) {
    out.push({ value: `arn:aws:s3:::${b.bucket}/*`, detail: `objects of ${b.detail}`, kind: 'arn' });
    out.push({ value: `arn:aws:s3:::${b.bucket}`, detail: b.detail, kind: 'arn' });
  }
  for (const p of ctx.prefixes) out.push({ value: `arn:aws:s3:::${p.bucket}/${p.prefix}*`, detail: p.detail, kind: 'arn' });
  const seen = new Set<string>();
  return out.filter((s) => !seen.has(s.value) && seen.add(s.value));
}

function conditionKeys(statement: unknown): Suggestion[] {
  const actions = actionsOf(statement);
  // Narrow S3 keys to those the statement's actions support; with no actions yet, offer all.
  // A half-typed or unknown action supports nothing known, which must not hide every S3 key.
  const known = new Set(actions.flatMap((a) => [...conditionKeysOf(a)]));
  const supported = known.size ? known : undefined;
  return [...CONDITION_KEYS]
    .filter(([key]) => !supported || !key.startsWith('s3:') || supported.has(key))
    .map(([value, info]) => ({ value, detail: info.description, kind: 'conditionKey' as const }));
}

/**
 * Suggestions at `offset` of a bucket policy, or undefined where this module has nothing to say
 * (other fields are the JSON schema's). `statement` is looked up in the parsed value.
 */
export function policyCompletion(text: string, offset: number, value: unknown, ctx: PolicyAssistContext): Completion | undefined {
  const loc = getLocation(text, offset);
  const path = loc.path;
  // Statement may be one object or an array of them.
  const si = path[0] === 'Statement' ? (typeof path[1] === 'number' ? 2 : 1) : -1;
  if (si < 0) return undefined;
  const rest = path.slice(si);
  const statements = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Statement'] : undefined;
  const statement: unknown = Array.isArray(statements) && typeof path[1] === 'number' ? (statements as unknown[])[path[1]] : statements;
  const field = rest[0];
  const replace = stringRange(loc, offset);
  const make = (suggestions: Suggestion[], isKey = false): Completion => ({ suggestions, isKey, replace });

  if (field === 'Condition') {
    if (rest.length === 2 && loc.isAtPropertyKey) {
      return make(
        [...CONDITION_OPERATORS].map(([v, d]) => ({ value: v, detail: d, kind: 'operator' as const })),
        true,
      );
    }
    if (rest.length === 3 && loc.isAtPropertyKey) return make(conditionKeys(statement), true);
    return undefined;
  }
  if (loc.isAtPropertyKey) return undefined;
  if (field === 'Action' || field === 'NotAction') {
    return make([...S3_ACTION_INFO].map(([v, info]) => ({ value: v, detail: info.description, kind: 'action' as const })));
  }
  if (field === 'Resource' || field === 'NotResource') return make(arns(ctx));
  if (field === 'Principal' || field === 'NotPrincipal') {
    if (rest[1] === 'AWS') return make(AWS_PRINCIPALS);
    if (rest[1] === 'CanonicalUser') return make(CANONICAL_PRINCIPALS);
    return undefined;
  }
  if (typeof field === 'string' && rest.length === 1 && STATEMENT_ENUMS[field]) return make(STATEMENT_ENUMS[field]);
  return undefined;
}

/** Markdown for the action, condition operator or condition key under the cursor. */
export function policyHover(text: string, offset: number): { markdown: string; offset: number; length: number } | undefined {
  const loc = getLocation(text, offset);
  const node = loc.previousNode;
  // A property key's node is of type 'property', a value's 'string'.
  if (!node || (node.type !== 'string' && node.type !== 'property') || typeof node.value !== 'string') return undefined;
  const word = node.value;
  const where = { offset: node.offset, length: node.length };
  const action = S3_ACTION_INFO.get(word) ?? [...S3_ACTION_INFO].find(([k]) => k.toLowerCase() === word.toLowerCase())?.[1];
  const inCondition = loc.path.includes('Condition');
  if (action && !inCondition) {
    const types = action.resources.filter((r) => r !== 'other');
    const applies = types.length
      ? `Applies to ${types.map((t) => (t === 'bucket' ? 'the bucket ARN' : 'object ARNs')).join(' and ')}.`
      : 'Applies to no bucket or object ARN: a bucket policy cannot grant it.';
    return { markdown: `**${word}**: ${action.description}\n\n${applies}\n\n_Source: AWS Service Authorization Reference for Amazon S3._`, ...where };
  }
  if (inCondition && loc.isAtPropertyKey) {
    const op = CONDITION_OPERATORS.get(word.replace(/^For(All|Any)Values:/, '').replace(/IfExists$/, '')) ?? CONDITION_OPERATORS.get(word);
    if (op) return { markdown: `**${word}**: ${op}\n\n_Source: IAM JSON policy elements: Condition operators._`, ...where };
    const key = CONDITION_KEYS.get(word) ?? CONDITION_KEYS.get(word.replace(/\/.*$/, '/<key>'));
    if (key) {
      return { markdown: `**${word}** (${key.type}): ${key.description}\n\n_Source: AWS global condition context keys and the S3 condition keys._`, ...where };
    }
  }
  return undefined;
}
