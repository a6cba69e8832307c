// Turns ajv errors into diagnostics a person can act on: exact ranges, one message per problem.
// With allErrors, ajv reports every failing branch of an anyOf; only the branch whose type fits
// the value is what the author meant, so the rest is dropped as noise.
import type { ErrorObject } from 'ajv';
import { formatPath, type Anchor, type JsonDoc } from './jsonDoc';
import type { JsonSchema } from './schemas';
import type { Diagnostic, Fix, JsonPath } from './types';

/** An ajv instancePath as a path into root, array indices as numbers. */
export function decodePointer(pointer: string, root: unknown): JsonPath {
  if (!pointer) return [];
  const path: JsonPath = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      path.push(i);
      cur = cur[i];
    } else {
      path.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function resolveRef(s: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = s['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let cur: unknown = root;
  for (const seg of ref.slice(2).split('/')) cur = (cur as Record<string, unknown> | undefined)?.[seg];
  return (cur as JsonSchema | undefined) ?? s;
}

/** JSON types a schema branch accepts, or undefined when it does not constrain the type. */
function branchTypes(branch: JsonSchema, root: JsonSchema): string[] | undefined {
  const s = resolveRef(branch, root);
  const { type, enum: values } = s;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type as string[];
  if ('const' in s) return [jsonType(s['const'])];
  if (Array.isArray(values)) return [...new Set((values as unknown[]).map(jsonType))];
  return undefined;
}

function typeFits(types: string[] | undefined, actual: string): boolean {
  return !types || types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  // Every index read below is within 0..b.length, the row's length: the `?? 0`s never apply.
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(tmp + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

interface Mapped {
  err: ErrorObject;
  path: JsonPath;
}

/** Drops the errors of anyOf/oneOf branches whose type does not fit the value. */
function pruneBranches(items: Mapped[], root: JsonSchema): Mapped[] {
  const drop = new Set<ErrorObject>();
  const replace = new Map<ErrorObject, string>();
  for (const { err, path } of items) {
    if (err.keyword !== 'anyOf' && err.keyword !== 'oneOf') continue;
    const branches = Array.isArray(err.schema) ? (err.schema as JsonSchema[]) : [];
    const actual = jsonType(err.data);
    const fitting = branches.filter((b) => typeFits(branchTypes(b, root), actual));
    const atPath = items.filter((m) => m.err !== err && samePath(m.path, path) && (m.err.keyword === 'type' || m.err.keyword === 'const'));
    // Errors of an inline branch that does not fit are noise whatever their keyword.
    branches.forEach((b, i) => {
      if (fitting.includes(b)) return;
      const prefix = `${err.schemaPath}/${i}/`;
      for (const m of items) if (m.err.schemaPath.startsWith(prefix)) drop.add(m.err);
    });
    if (fitting.length === 0) {
      // Nothing fits: one message naming the accepted types beats one per branch.
      for (const m of atPath) drop.add(m.err);
      const names = [...new Set(branches.flatMap((b) => branchTypes(b, root) ?? []))];
      replace.set(err, names.length ? `Expected ${names.join(' or ')}, got ${actual}.` : 'Value does not match any allowed form.');
    } else {
      drop.add(err);
      // Type failures at this path come from the branches that do not fit, and so do const
      // failures whose constant is of another type than the value.
      for (const m of atPath) if (m.err.keyword === 'type' || !typeFits([jsonType(m.err.schema)], actual)) drop.add(m.err);
    }
  }
  // A value of the wrong type also fails its enum; the type error alone says what to fix.
  const typeAt = new Set(items.filter((m) => m.err.keyword === 'type' && !drop.has(m.err)).map((m) => JSON.stringify(m.path)));
  for (const m of items) if ((m.err.keyword === 'enum' || m.err.keyword === 'const') && typeAt.has(JSON.stringify(m.path))) drop.add(m.err);
  return items
    .filter((m) => !drop.has(m.err))
    .map((m) => {
      const message = replace.get(m.err);
      return message === undefined ? m : { ...m, err: { ...m.err, message } };
    });
}

/**
 * Diagnostics for ajv's errors. `only: 'required'` keeps just the missing properties: what the
 * editor's JSON service no longer reports, since it gets the schemas without `required`
 * (editorSchema.ts). Branches are pruned before that, so a missing property of an anyOf branch the
 * value does not fit is still dropped.
 */
export function schemaDiagnostics(errors: ErrorObject[], doc: JsonDoc, root: JsonSchema, only?: 'required'): Diagnostic[] {
  const mapped: Mapped[] = errors
    // `if` only says "must match then": the errors of `then` already say why.
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames')
    .map((err) => ({ err, path: decodePointer(err.instancePath, doc.value) }));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const { err, path } of pruneBranches(mapped, root)) {
    if (only !== undefined && err.keyword !== only) continue;
    const d = toDiagnostic(err, path, doc);
    const key = `${d.code}|${JSON.stringify(d.path)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function toDiagnostic(err: ErrorObject, path: JsonPath, doc: JsonDoc): Diagnostic {
  const where = formatPath(path);
  const at = path.length ? `in ${where}` : 'at the top level';
  const p = err.params as Record<string, unknown>;
  const parent = (err.parentSchema ?? {}) as JsonSchema;
  const mk = (code: string, at: JsonPath, message: string, anchor: Anchor = 'value', fix?: Fix): Diagnostic => {
    const d: Diagnostic = { code, severity: 'error', path: at, message, offset: 0, length: 0 };
    if (fix) d.fix = fix;
    return doc.at(d, at, anchor);
  };
  const edit = (at: JsonPath, anchor: Anchor, newText: string) => doc.at({ offset: 0, length: 0, newText }, at, anchor);
  if (err.propertyName !== undefined) {
    return mk('schema/property-name', [...path, err.propertyName], `"${err.propertyName}" is not a valid key here: ${err.message ?? 'invalid name'}.`, 'key');
  }
  switch (err.keyword) {
    case 'required': {
      const missing = String(p['missingProperty']);
      // The range is the object lacking the property; the path names what is missing.
      return mk('schema/required', [...path, missing], `Missing required property "${missing}" ${at}.`);
    }
    case 'additionalProperties': {
      const extra = String(p['additionalProperty']);
      const keyPath = [...path, extra];
      const known = Object.keys(parent['properties'] ?? {}).filter((k) => k !== '$schema');
      const suggestion = closest(extra, known);
      const message = `Property "${extra}" is not allowed ${at}.${suggestion ? ` Did you mean "${suggestion}"?` : known.length ? ` Allowed: ${known.join(', ')}.` : ''}`;
      const fix = suggestion ? { title: `Rename to "${suggestion}"`, edits: [edit(keyPath, 'key', JSON.stringify(suggestion))] } : undefined;
      return mk('schema/unknown-property', keyPath, message, 'key', fix);
    }
    case 'enum':
    case 'const': {
      const allowed = err.keyword === 'enum' ? (p['allowedValues'] as unknown[]) : [p['allowedValue']];
      const suggestion =
        typeof err.data === 'string'
          ? closest(
              err.data,
              allowed.filter((a): a is string => typeof a === 'string'),
            )
          : undefined;
      const fix = suggestion ? { title: `Change to ${JSON.stringify(suggestion)}`, edits: [edit(path, 'value', JSON.stringify(suggestion))] } : undefined;
      return mk(
        'schema/enum',
        path,
        `${where}: ${JSON.stringify(err.data)} is not allowed. Use ${allowed.map((a) => JSON.stringify(a)).join(', ')}.`,
        'value',
        fix,
      );
    }
    case 'type':
      return mk('schema/type', path, `${where} must be ${String(p['type']).replace(',', ' or ')}, not ${jsonType(err.data)}.`);
    case 'anyOf':
    case 'oneOf':
      return mk('schema/type', path, `${where}: ${err.message ?? 'no allowed form matches'}`);
    case 'not': {
      // The schemas use `not` only for mutually exclusive keys: `dependencies: { B: { not:
      // { required: [A] } } }` or `not: { required: [A, B] }`.
      const required = ((err.schema as JsonSchema | undefined)?.['required'] ?? []) as string[];
      const dependent = /\/dependencies\/([^/]+)\/not$/.exec(err.schemaPath)?.[1];
      const [only] = required;
      const pair = dependent && required.length === 1 && only !== undefined ? [only, dependent.replace(/~1/g, '/').replace(/~0/g, '~')] : required;
      const [first, second] = pair;
      if (pair.length !== 2 || first === undefined || second === undefined) return mk('schema/not', path, `${where}: ${err.message ?? 'not allowed'}`);
      return mk('schema/exclusive', [...path, second], `Use either "${first}" or "${second}" ${at}, not both.`, 'key');
    }
    case 'pattern':
      return mk(
        'schema/pattern',
        path,
        `${where}: ${JSON.stringify(err.data)} does not have the expected form${typeof parent['description'] === 'string' ? ` (${parent['description']})` : ''}.`,
      );
    default: {
      const code = `schema/${err.keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return mk(code, path, `${where} ${err.message ?? 'is invalid'}.`);
    }
  }
}
