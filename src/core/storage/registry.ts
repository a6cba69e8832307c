// Reads the workspace registry `.vscode/media-storage.json` (JSONC) and the entries of the user
// settings. Every problem is reported once, with an offset and length so the editor can underline
// the exact spot; nothing is guessed or silently dropped. What an entry is made of (fields, types,
// required fields) is the registry schema's (registrySchema.ts, run by the ajv of core/validation);
// what is left here are the checks a schema cannot make: values (connection.ts), secrets,
// duplicates, references between entries and the limits on what is read at all.
import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type JSONPath, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { checkBucketName, normalizePrefix, validateConnection, validateLocation, type Connection, type Location, type LocationRole } from './connection';
import { isSecretFieldName, looksLikeSecretValue } from '../secrets';
import { decodePointer } from '../validation/schemaErrors';
import { validatorForSchema } from '../validation/schemas';
import { CONNECTION_SCHEMA, entryDefinition, LOCATION_SCHEMA, REGISTRY_SCHEMA } from './registrySchema';

export const REGISTRY_PATH = '.vscode/media-storage.json';
export const REGISTRY_SCHEMA_URL = './schemas/media-storage-registry.schema.json';

export type RegistrySection = 'connections' | 'inputs' | 'outputs';

export interface Registry {
  connections: Connection[];
  inputs: Location[];
  outputs: Location[];
}

export type DiagnosticCode =
  | 'syntax'
  | 'wrong-type'
  | 'unknown-field'
  | 'missing-field'
  | 'invalid-value'
  | 'invalid-bucket'
  | 'duplicate-name'
  | 'unknown-connection'
  | 'role-mismatch'
  | 'secret-in-registry'
  | 'too-large'
  | 'too-deep'
  /** the reader failed in a way no check foresaw; the file is skipped rather than the view lost */
  | 'internal';

export interface RegistryDiagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
}

export interface EntryProblem {
  /** the entry's own field the problem is in, e.g. 'bucket' */
  field: string;
  message: string;
}

/** An entry left out of the registry because using it would mean connecting with bad data. */
export interface RejectedEntry {
  section: RegistrySection;
  index: number;
  /** its id (connections) or name (locations), when it has one */
  key?: string;
  offset: number;
  problems: EntryProblem[];
}

export interface ParsedRegistry {
  registry: Registry;
  diagnostics: RegistryDiagnostic[];
  /** false when the text is not well-formed JSONC; such a file must never be edited */
  wellFormed: boolean;
  rejected: RejectedEntry[];
}

/** A team file is a handful of entries; anything this big is a mistake or an attack and is not read. */
export const MAX_REGISTRY_BYTES = 1024 * 1024;
/** The registry itself is 4 levels deep; the parser recurses per level and would overflow the stack. */
export const MAX_REGISTRY_DEPTH = 64;

// Which names and values are secrets is decided once, for the log, the lint and the writers too.
export { isSecretFieldName, looksLikeSecretValue } from '../secrets';

/**
 * Why the text must not be handed to the parser, or undefined. The depth is found by a scan
 * that does not recurse, because jsonc-parser's parseTree overflows the stack at a few
 * thousand levels.
 */
export function checkRegistryLimits(text: string): RegistryDiagnostic | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_REGISTRY_BYTES) {
    return {
      code: 'too-large',
      severity: 'error',
      message: `The registry file is larger than ${MAX_REGISTRY_BYTES / 1024 / 1024} MiB (${bytes} bytes); not read`,
      offset: 0,
      length: 0,
    };
  }
  const tooDeep = depthExceeded(text, MAX_REGISTRY_DEPTH);
  if (tooDeep >= 0) {
    return {
      code: 'too-deep',
      severity: 'error',
      message: `The registry file is nested deeper than ${MAX_REGISTRY_DEPTH} levels; not read`,
      offset: tooDeep,
      length: 1,
    };
  }
  return undefined;
}

/** Offset of the first bracket past `limit` levels, or -1; strings and comments do not count. */
function depthExceeded(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

export interface ParseOptions {
  /**
   * false leaves out the problems VS Code's JSON service reports itself where the registry
   * schema applies (syntax and schema problems), so that a file open in an editor lists each
   * problem once. The entries they concern are refused all the same.
   */
  includeSchema?: boolean;
}

const WHAT: Record<RegistrySection, 'connection' | 'input' | 'output'> = { connections: 'connection', inputs: 'input', outputs: 'output' };

/** A problem of the file or of one entry, placed relative to it. */
interface Finding {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  path: JSONPath;
  /** the value at path, the key of its property, or the start of the object at path (a missing field) */
  anchor: 'value' | 'key' | 'object';
  /** VS Code's JSON service reports it too, wherever the schema applies */
  bySchema: boolean;
  /** why the entry cannot be used, when it cannot */
  refuses?: EntryProblem;
}

interface Located {
  err: ErrorObject;
  path: JSONPath;
}

interface Words {
  what: string;
  /** the message when the value itself is not an object */
  notObject: string;
  unknown: (name: string, known: string[]) => string;
}

type Push = (code: DiagnosticCode, message: string, node: { offset: number; length: number }, severity?: 'error' | 'warning') => void;

export function parseRegistry(text: string, options: ParseOptions = {}): ParsedRegistry {
  const includeSchema = options.includeSchema !== false;
  const diagnostics: RegistryDiagnostic[] = [];
  const registry: Registry = { connections: [], inputs: [], outputs: [] };
  const rejected: RejectedEntry[] = [];
  const push: Push = (code, message, node, severity = 'error') => {
    diagnostics.push({ code, severity, message, offset: node.offset, length: node.length });
  };
  const report = (f: Finding, base: JsonNode): void => {
    if (!f.bySchema || includeSchema) push(f.code, f.message, place(base, f.path, f.anchor), f.severity);
  };

  if (!text.trim()) {
    push('syntax', 'the registry file is empty; expected an object { "connections": [], "inputs": [], "outputs": [] }', { offset: 0, length: 0 });
    return { registry, diagnostics, wellFormed: false, rejected };
  }
  const limit = checkRegistryLimits(text);
  if (limit) return { registry, diagnostics: [limit], wellFormed: false, rejected };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of includeSchema ? errors : []) {
    push('syntax', `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`, { offset: e.offset, length: Math.max(e.length, 1) });
  }
  const wellFormed = errors.length === 0 && root !== undefined;
  if (!root) return { registry, diagnostics, wellFormed: false, rejected };
  scanSecrets(root, push);

  // One validation of the whole file; its errors are then handed to the entries they are in.
  const doc: unknown = getNodeValue(root);
  const check = validatorForSchema(REGISTRY_SCHEMA);
  const ofEntry = new Map<string, Located[]>();
  const ofFile: Located[] = [];
  for (const err of check(doc) ? [] : (check.errors ?? [])) {
    const path = decodePointer(err.instancePath, doc);
    if (path.length < 2 || typeof path[1] !== 'number') {
      ofFile.push({ err, path });
      continue;
    }
    const at = `${String(path[0])}/${path[1]}`;
    const list = ofEntry.get(at) ?? [];
    if (list.length === 0) ofEntry.set(at, list);
    list.push({ err, path: path.slice(2) });
  }
  const fileWords: Words = {
    what: 'registry',
    notObject: 'the registry must be a JSON object with "connections", "inputs" and "outputs"',
    unknown: (name) => `unknown field "${name}"; expected "$schema", "connections", "inputs" or "outputs"`,
  };
  for (const f of schemaFindings(ofFile, fileWords)) report(f, root);
  if (root.type !== 'object') return { registry, diagnostics, wellFormed, rejected };

  // The last of repeated keys counts, as it does in the value the schema checked.
  const items = (section: RegistrySection): JsonNode[] => {
    const prop = root.children?.filter((p) => p.children?.[0]?.value === section).pop();
    const list = prop?.children?.[1];
    return list?.type === 'array' ? (list.children ?? []) : [];
  };
  const review = (section: RegistrySection, index: number, item: JsonNode): Review =>
    reviewEntry(section, getNodeValue(item), ofEntry.get(`${section}/${index}`) ?? []);
  /** Reports what was found in an entry; true when it can be used. */
  const settle = (section: RegistrySection, index: number, item: JsonNode, r: Review, found: Finding[]): boolean => {
    for (const f of found) report(f, item);
    const problems = refusals(found);
    if (problems.length > 0) rejected.push({ section, index, offset: item.offset, problems, ...(r.key !== undefined ? { key: r.key } : {}) });
    return problems.length === 0;
  };

  const connIds = new Map<string, JsonNode>();
  items('connections').forEach((item, index) => {
    const r = review('connections', index, item);
    const conn = r.value as unknown as Connection | undefined;
    if (typeof conn?.id === 'string') {
      if (connIds.has(conn.id)) push('duplicate-name', `duplicate connection id "${conn.id}"`, place(item, ['id'], 'value'));
      else connIds.set(conn.id, item);
    }
    if (settle('connections', index, item, r, [...r.findings, ...(r.value ? valueFindings('connections', r.value, r.flagged) : [])]) && conn) {
      registry.connections.push(conn);
    }
  });

  for (const section of ['inputs', 'outputs'] as const) {
    const role: LocationRole = section === 'inputs' ? 'input' : 'output';
    const names = new Set<string>();
    items(section).forEach((item, index) => {
      const r = review(section, index, item);
      if (!r.value) return void settle(section, index, item, r, r.findings);
      const loc = r.value as unknown as Location;
      if (loc.role !== undefined && loc.role !== role) {
        push('role-mismatch', `an entry in "${section}" has role "${loc.role}"; move it to the other list or drop "role"`, place(item, ['role'], 'value'));
        r.flagged.add('role');
      }
      loc.role = role;
      if (typeof loc.name === 'string') {
        if (names.has(loc.name)) push('duplicate-name', `duplicate ${role} name "${loc.name}"`, place(item, ['name'], 'value'));
        names.add(loc.name);
      }
      if (typeof loc.connection === 'string' && !connIds.has(loc.connection)) {
        const known = [...connIds.keys()];
        push(
          'unknown-connection',
          `no connection with id "${loc.connection}"${known.length ? `; known ids: ${known.join(', ')}` : ' (the "connections" list is empty)'}`,
          place(item, ['connection'], 'value'),
        );
      }
      if (settle(section, index, item, r, [...r.findings, ...valueFindings(section, r.value, r.flagged)])) registry[section].push(asFolder(loc));
    });
  }
  // Checks run section by section; the editor and tests read them top to bottom.
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { registry, diagnostics, wellFormed, rejected };
}

/** A location as it is used: its prefix a folder ("newcomer" → "newcomer/"), which validateLocation warns about. */
function asFolder(loc: Location): Location {
  if (typeof loc.prefix !== 'string') return loc;
  const prefix = normalizePrefix(loc.prefix);
  if (prefix === undefined) delete loc.prefix;
  else loc.prefix = prefix;
  return loc;
}

function entryKeyField(section: RegistrySection): 'id' | 'name' {
  return section === 'connections' ? 'id' : 'name';
}

export type CheckedEntry<T> = { ok: true; entry: T } | { ok: false; key?: string; problems: EntryProblem[] };

/**
 * One entry of the user settings (mediaStorage.connections/inputs/outputs) through the same
 * schema and value checks as the workspace file: settings are just another way to write an
 * entry, and a weaker path would be the way around the checks. Unknown fields are dropped, as
 * they are from the file. Checks that need the other entries (duplicates, connection ids) are
 * the caller's.
 */
export function checkEntry(section: 'connections', raw: unknown): CheckedEntry<Connection>;
export function checkEntry(section: 'inputs' | 'outputs', raw: unknown): CheckedEntry<Location>;
export function checkEntry(section: RegistrySection, raw: unknown): CheckedEntry<Connection | Location> {
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch {
    // cycles cannot come from settings JSON, but the stack limit can
  }
  const what = WHAT[section];
  const value: unknown = text === undefined || checkRegistryLimits(text) ? undefined : JSON.parse(text);
  if (!isObject(value)) return { ok: false, problems: [{ field: '', message: `each ${what} must be an object of at most ${MAX_REGISTRY_DEPTH} levels` }] };
  const check = validatorForSchema(REGISTRY_SCHEMA, `#/definitions/${entryDefinition(section)}`);
  const r = reviewEntry(section, value, check(value) ? [] : (check.errors ?? []).map((err) => ({ err, path: decodePointer(err.instancePath, value) })));
  const entry: Record<string, unknown> = r.value ?? {};
  const problems = refusals(r.findings);
  if (section !== 'connections') {
    const role = section === 'inputs' ? 'input' : 'output';
    if (entry['role'] !== undefined && entry['role'] !== role) {
      problems.push({ field: 'role', message: `an entry in "${section}" has role ${JSON.stringify(entry['role'])}` });
    }
    entry['role'] = role;
  }
  problems.push(...refusals(valueFindings(section, entry, r.flagged)));
  if (problems.length > 0) return { ok: false, problems, ...(r.key !== undefined ? { key: r.key } : {}) };
  return { ok: true, entry: section === 'connections' ? (entry as unknown as Connection) : asFolder(entry as unknown as Location) };
}

/** "input "x" is not used: bucket: …" for the tree and the log. */
export function describeRejected(section: RegistrySection, key: string | undefined, problems: EntryProblem[]): string {
  const what = WHAT[section];
  const reasons = problems.map((p) => (p.field ? `"${p.field}": ${p.message}` : p.message)).join('; ');
  return `${what}${key !== undefined ? ` "${key}"` : ''} is not used: ${reasons}`;
}

interface Review {
  /** the schema's findings */
  findings: Finding[];
  /** the known fields that passed the schema, for the value checks; absent when the entry is not an object */
  value?: Record<string, unknown>;
  /** fields with a problem already, which later checks leave alone */
  flagged: Set<string>;
  key?: string;
}

function reviewEntry(section: RegistrySection, raw: unknown, errors: Located[]): Review {
  const what = WHAT[section];
  const findings = schemaFindings(errors, {
    what,
    notObject: `each ${what} must be an object`,
    unknown: (name, known) => `unknown ${what} field "${name}"; known fields: ${known.join(', ')}`,
  });
  const flagged = new Set(refusals(findings).map((p) => p.field));
  if (!isObject(raw)) return { findings, flagged };
  const known = Object.keys(section === 'connections' ? CONNECTION_SCHEMA.properties : LOCATION_SCHEMA.properties);
  // A field the schema refused is not checked again (its message says it) nor handed on.
  const value = Object.fromEntries(known.filter((k) => Object.hasOwn(raw, k) && !flagged.has(k)).map((k) => [k, raw[k]]));
  const key = value[entryKeyField(section)];
  return { findings, value, flagged, ...(typeof key === 'string' ? { key } : {}) };
}

// ajv also reports the enumeration that a value of the wrong type fails; the type error says it.
const KEYWORD_RANK: Record<string, number> = { type: 0, enum: 1 };

/** ajv's errors as findings, one per problem, in the words the registry has always used. */
function schemaFindings(errors: Located[], words: Words): Finding[] {
  const out: Finding[] = [];
  const valuesSeen = new Set<string>();
  const ranked = [...errors].sort((a, b) => (KEYWORD_RANK[a.err.keyword] ?? 2) - (KEYWORD_RANK[b.err.keyword] ?? 2));
  for (const { err, path } of ranked) {
    if (err.keyword === 'if') continue; // the error of its `then` says why
    if (err.keyword === 'required') {
      const field = String(err.params['missingProperty']);
      const when = requiredWhen(err, errors);
      out.push({
        code: 'missing-field',
        severity: 'error',
        message: `${words.what} is missing required field "${field}"${when}`,
        path,
        anchor: 'object',
        bySchema: true,
        refuses: { field, message: `required field "${field}" is missing${when}` },
      });
    } else if (err.keyword === 'additionalProperties') {
      const field = String(err.params['additionalProperty']);
      // Secret-looking names already have an error; an extra "unknown field" would be noise.
      if (isSecretFieldName(field)) continue;
      const known = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      out.push({ code: 'unknown-field', severity: 'warning', message: words.unknown(field, known), path: [...path, field], anchor: 'key', bySchema: true });
    } else {
      const at = JSON.stringify(path);
      if (valuesSeen.has(at)) continue;
      valuesSeen.add(at);
      const message = path.length === 0 ? words.notObject : `${fieldLabel(path)} ${valueProblem(err)}`;
      const code = err.keyword === 'type' || err.keyword === 'enum' || err.keyword === 'const' ? 'wrong-type' : 'invalid-value';
      out.push({ code, severity: 'error', message, path, anchor: 'value', bySchema: true, refuses: { field: String(path[0] ?? ''), message } });
    }
  }
  return out;
}

/** ' (needed when "kind" is "s3-compatible")' for a field that an `if`/`then` requires. */
function requiredWhen(err: ErrorObject, errors: Located[]): string {
  if (!err.schemaPath.endsWith('/then/required')) return '';
  const ifPath = err.schemaPath.replace(/\/then\/required$/, '/if');
  const ifError = errors.find((e) => e.err.keyword === 'if' && e.err.schemaPath === ifPath && e.err.instancePath === err.instancePath);
  const condition = (ifError?.err.schema ?? {}) as { properties?: Record<string, { const?: unknown }> };
  const parts = Object.entries(condition.properties ?? {})
    .filter(([, s]) => s.const !== undefined)
    .map(([name, s]) => `"${name}" is ${JSON.stringify(s.const)}`);
  return parts.length > 0 ? ` (needed when ${parts.join(' and ')})` : '';
}

function fieldLabel(path: JSONPath): string {
  const [field, ...rest] = path;
  return rest.length === 0 ? `"${String(field)}"` : `"${String(field)}" value "${rest.join('.')}"`;
}

function valueProblem(err: ErrorObject): string {
  const actual = err.data === null ? 'null' : Array.isArray(err.data) ? 'array' : typeof err.data;
  if (err.keyword === 'enum') return `must be one of ${(err.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (err.keyword !== 'type') return err.message ?? 'is not valid';
  switch (String(err.params['type'])) {
    case 'boolean':
      return `must be true or false, not ${actual}`;
    case 'object': {
      const values = (err.parentSchema as { additionalProperties?: { type?: unknown } } | undefined)?.additionalProperties?.type;
      return `must be an object${values === 'string' ? ' of string values' : ''}, not ${actual}`;
    }
    case 'array':
      return `must be an array, not ${actual}`;
    default:
      return `must be a ${String(err.params['type'])}, not ${actual}`;
  }
}

/** The value checks of connection.ts, but not on fields that already have a problem. */
function valueFindings(section: RegistrySection, value: Record<string, unknown>, flagged: Set<string>): Finding[] {
  const issues = section === 'connections' ? validateConnection(value as unknown as Connection) : validateLocation(value as unknown as Location);
  return issues.flatMap((issue): Finding[] => {
    // split always yields at least one piece; the default only satisfies the type
    const [field = issue.field] = issue.field.split('.');
    if (flagged.has(field)) return [];
    const present = Object.hasOwn(value, field);
    const named = value['bucket'];
    const bucket = field === 'bucket' && !checkBucketName(typeof named === 'string' ? named : '').ok;
    return [
      {
        code: bucket ? 'invalid-bucket' : 'invalid-value',
        severity: issue.severity ?? 'error',
        message: issue.message,
        path: present ? [field] : [],
        anchor: present ? 'value' : 'object',
        bySchema: false,
        ...(issue.severity === 'warning' ? {} : { refuses: { field: issue.field, message: issue.message } }),
      },
    ];
  });
}

function refusals(findings: Finding[]): EntryProblem[] {
  return findings.flatMap((f) => (f.refuses ? [f.refuses] : []));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function place(base: JsonNode, path: JSONPath, anchor: Finding['anchor']): { offset: number; length: number } {
  const node = findNodeAtLocation(base, path) ?? base;
  if (anchor === 'object') return { offset: node.offset, length: 1 };
  const key = anchor === 'key' && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const at = key ?? node;
  return { offset: at.offset, length: at.length };
}

function scanSecrets(node: JsonNode, push: Push): void {
  if (node.type === 'property') {
    const [k, v] = node.children ?? [];
    if (k && v && isSecretFieldName(k.value as string)) {
      push(
        'secret-in-registry',
        `"${String(k.value)}" looks like a secret; secrets belong in the VS Code secret store or your AWS profile, not in a workspace file`,
        { offset: node.offset, length: node.length },
      );
      return;
    }
  }
  if (node.type === 'string' && typeof node.value === 'string' && looksLikeSecretValue(node.value)) {
    push('secret-in-registry', 'this value looks like an AWS secret access key; remove it from the workspace file and store it in the secret store', node);
    return;
  }
  for (const c of node.children ?? []) scanSecrets(c, push);
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: '":" expected',
    CommaExpected: '"," expected',
    CloseBraceExpected: '"}" expected',
    CloseBracketExpected: '"]" expected',
    EndOfFileExpected: 'text after the end of the JSON value',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfComment: 'unterminated comment',
  };
  return words[code] ?? code;
}
