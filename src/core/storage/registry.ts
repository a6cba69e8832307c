// Reads the workspace registry `.vscode/media-storage.json` (JSONC). Every problem is reported
// with an offset and length so the editor can underline the exact spot; nothing is guessed or
// silently dropped.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import {
  CANNED_ACLS,
  checkBucketName,
  validateConnection,
  validateLocation,
  type Connection,
  type Issue,
  type Location,
  type LocationRole,
} from './connection';
import { isSecretFieldName, looksLikeSecretValue } from '../secrets';

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

type FieldType = 'string' | 'boolean' | 'record' | readonly string[];

const CONNECTION_FIELDS: Record<string, FieldType> = {
  id: 'string',
  label: 'string',
  kind: ['aws', 's3-compatible'],
  region: 'string',
  profile: 'string',
  endpoint: 'string',
  useTls: 'boolean',
  forcePathStyle: 'boolean',
  signingRegion: 'string',
  checksumMode: ['default', 'when-required'],
};
const CONNECTION_REQUIRED = ['id', 'label', 'kind', 'region'];

const LOCATION_FIELDS: Record<string, FieldType> = {
  name: 'string',
  role: ['input', 'output'],
  connection: 'string',
  bucket: 'string',
  prefix: 'string',
  acl: CANNED_ACLS,
  storageClass: 'string',
  cacheControl: 'string',
  contentType: 'string',
  contentDisposition: 'string',
  metadata: 'record',
};
const LOCATION_REQUIRED = ['name', 'connection', 'bucket'];

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
    return { code: 'too-large', severity: 'error', message: `The registry file is larger than ${MAX_REGISTRY_BYTES / 1024 / 1024} MiB (${bytes} bytes); not read`, offset: 0, length: 0 };
  }
  const tooDeep = depthExceeded(text, MAX_REGISTRY_DEPTH);
  if (tooDeep >= 0) {
    return { code: 'too-deep', severity: 'error', message: `The registry file is nested deeper than ${MAX_REGISTRY_DEPTH} levels; not read`, offset: tooDeep, length: 1 };
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

export function parseRegistry(text: string): ParsedRegistry {
  const diagnostics: RegistryDiagnostic[] = [];
  const registry: Registry = { connections: [], inputs: [], outputs: [] };
  const rejected: RejectedEntry[] = [];
  const push = (code: DiagnosticCode, message: string, node: { offset: number; length: number }, severity: 'error' | 'warning' = 'error'): void => {
    diagnostics.push({ code, severity, message, offset: node.offset, length: node.length });
  };

  if (!text.trim()) {
    push('syntax', 'the registry file is empty; expected an object { "connections": [], "inputs": [], "outputs": [] }', { offset: 0, length: 0 });
    return { registry, diagnostics, wellFormed: false, rejected };
  }
  const limit = checkRegistryLimits(text);
  if (limit) return { registry, diagnostics: [limit], wellFormed: false, rejected };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    push('syntax', `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`, { offset: e.offset, length: Math.max(e.length, 1) });
  }
  const wellFormed = errors.length === 0 && root !== undefined;
  if (!root) return { registry, diagnostics, wellFormed: false, rejected };
  scanSecrets(root, push);
  if (root.type !== 'object') {
    push('wrong-type', 'the registry must be a JSON object with "connections", "inputs" and "outputs"', root);
    return { registry, diagnostics, wellFormed, rejected };
  }

  const sections: Partial<Record<RegistrySection, JsonNode>> = {};
  for (const prop of root.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = keyNode.value as string;
    if (name === '$schema') {
      if (valueNode.type !== 'string') push('wrong-type', '"$schema" must be a string', valueNode);
    } else if (name === 'connections' || name === 'inputs' || name === 'outputs') {
      if (valueNode.type !== 'array') push('wrong-type', `"${name}" must be an array`, valueNode);
      else sections[name] = valueNode;
    } else if (!isSecretFieldName(name)) {
      push('unknown-field', `unknown field "${name}"; expected "$schema", "connections", "inputs" or "outputs"`, keyNode, 'warning');
    }
  }

  const reject = (section: RegistrySection, index: number, item: JsonNode, read: ReadEntry | undefined, problems: EntryProblem[]): void => {
    const key = read?.value[entryKeyField(section)];
    rejected.push({ section, index, offset: item.offset, problems, ...(typeof key === 'string' ? { key } : {}) });
  };
  const connIds = new Map<string, JsonNode>();
  (sections.connections?.children ?? []).forEach((item, index) => {
    const read = readEntry(item, 'connection', CONNECTION_FIELDS, CONNECTION_REQUIRED, push);
    if (!read) return reject('connections', index, item, read, [{ field: '', message: 'each connection must be an object' }]);
    const conn = read.value as unknown as Connection;
    if (typeof conn.id === 'string') {
      if (connIds.has(conn.id)) push('duplicate-name', `duplicate connection id "${conn.id}"`, read.nodes.id ?? item);
      else connIds.set(conn.id, item);
    }
    reportIssues(validateConnection(conn), read, item, push);
    if (read.errors.length === 0) registry.connections.push(conn);
    else reject('connections', index, item, read, read.errors);
  });

  for (const section of ['inputs', 'outputs'] as const) {
    const role: LocationRole = section === 'inputs' ? 'input' : 'output';
    const names = new Set<string>();
    for (const [index, item] of (sections[section]?.children ?? []).entries()) {
      const read = readEntry(item, role, LOCATION_FIELDS, LOCATION_REQUIRED, push);
      if (!read) {
        reject(section, index, item, read, [{ field: '', message: `each ${role} must be an object` }]);
        continue;
      }
      const loc = read.value as unknown as Location;
      if (loc.role !== undefined && loc.role !== role) {
        push('role-mismatch', `an entry in "${section}" has role "${loc.role}"; move it to the other list or drop "role"`, read.nodes.role ?? item);
        read.bad.add('role');
      }
      loc.role = role;
      if (typeof loc.name === 'string') {
        if (names.has(loc.name)) push('duplicate-name', `duplicate ${role} name "${loc.name}"`, read.nodes.name ?? item);
        names.add(loc.name);
      }
      if (typeof loc.connection === 'string' && !connIds.has(loc.connection)) {
        const known = [...connIds.keys()];
        push(
          'unknown-connection',
          `no connection with id "${loc.connection}"${known.length ? `; known ids: ${known.join(', ')}` : ' (the "connections" list is empty)'}`,
          read.nodes.connection ?? item,
        );
      }
      reportIssues(validateLocation(loc), read, item, push);
      if (read.errors.length === 0) registry[section].push(loc);
      else reject(section, index, item, read, read.errors);
    }
  }
  // Checks run section by section; the editor and tests read them top to bottom.
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { registry, diagnostics, wellFormed, rejected };
}

function entryKeyField(section: RegistrySection): 'id' | 'name' {
  return section === 'connections' ? 'id' : 'name';
}

export type CheckedEntry<T> = { ok: true; entry: T } | { ok: false; key?: string; problems: EntryProblem[] };

/**
 * One entry of the user settings (mediaStorage.connections/inputs/outputs) through the same
 * type checks and validators as the workspace file: settings are just another way to write an
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
  const what = section === 'connections' ? 'connection' : section === 'inputs' ? 'input' : 'output';
  const item = text === undefined || checkRegistryLimits(text) ? undefined : parseTree(text);
  if (!item || item.type !== 'object') return { ok: false, problems: [{ field: '', message: `each ${what} must be an object of at most ${MAX_REGISTRY_DEPTH} levels` }] };
  const ignore: Push = () => undefined;
  const read =
    section === 'connections'
      ? readEntry(item, what, CONNECTION_FIELDS, CONNECTION_REQUIRED, ignore)
      : readEntry(item, what, LOCATION_FIELDS, LOCATION_REQUIRED, ignore);
  if (!read) return { ok: false, problems: [{ field: '', message: `each ${what} must be an object` }] };
  if (section !== 'connections') {
    const role = section === 'inputs' ? 'input' : 'output';
    if (read.value.role !== undefined && read.value.role !== role) read.errors.push({ field: 'role', message: `an entry in "${section}" has role "${String(read.value.role)}"` });
    read.value.role = role;
  }
  const issues = section === 'connections' ? validateConnection(read.value as unknown as Connection) : validateLocation(read.value as unknown as Location);
  reportIssues(issues, read, item, ignore);
  const key = read.value[entryKeyField(section)];
  if (read.errors.length > 0) return { ok: false, problems: read.errors, ...(typeof key === 'string' ? { key } : {}) };
  return { ok: true, entry: read.value as unknown as Connection | Location };
}

/** "input "x" is not used: bucket: …" for the tree and the log. */
export function describeRejected(section: RegistrySection, key: string | undefined, problems: EntryProblem[]): string {
  const what = section === 'connections' ? 'connection' : section === 'inputs' ? 'input' : 'output';
  const reasons = problems.map((p) => (p.field ? `"${p.field}": ${p.message}` : p.message)).join('; ');
  return `${what}${key !== undefined ? ` "${key}"` : ''} is not used: ${reasons}`;
}

interface ReadEntry {
  value: Record<string, unknown>;
  nodes: Record<string, JsonNode>;
  /** fields already reported (missing/wrong type) so validation does not repeat them */
  bad: Set<string>;
  /** errors that keep the entry out of the registry: the rest of the extension would connect with it */
  errors: EntryProblem[];
}

type Push = (code: DiagnosticCode, message: string, node: { offset: number; length: number }, severity?: 'error' | 'warning') => void;

function readEntry(
  item: JsonNode,
  what: string,
  fields: Record<string, FieldType>,
  required: string[],
  push: Push,
): ReadEntry | undefined {
  if (item.type !== 'object') {
    push('wrong-type', `each ${what} must be an object`, item);
    return undefined;
  }
  const value: Record<string, unknown> = {};
  const nodes: Record<string, JsonNode> = {};
  const bad = new Set<string>();
  const errors: EntryProblem[] = [];
  for (const prop of item.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = keyNode.value as string;
    const type = fields[name];
    if (type === undefined) {
      // Secret-looking names already have an error; an extra "unknown field" would be noise.
      if (!isSecretFieldName(name)) {
        push('unknown-field', `unknown ${what} field "${name}"; known fields: ${Object.keys(fields).join(', ')}`, keyNode, 'warning');
      }
      continue;
    }
    nodes[name] = valueNode;
    const problem = typeProblem(valueNode, type);
    if (problem) {
      push('wrong-type', `"${name}" ${problem}`, valueNode);
      bad.add(name);
      errors.push({ field: name, message: `"${name}" ${problem}` });
      continue;
    }
    value[name] = type === 'record' ? readRecord(valueNode) : valueNode.value;
  }
  for (const name of required) {
    if (!(name in nodes)) {
      push('missing-field', `${what} is missing required field "${name}"`, { offset: item.offset, length: 1 });
      bad.add(name);
      errors.push({ field: name, message: `required field "${name}" is missing` });
    }
  }
  return { value, nodes, bad, errors };
}

function typeProblem(node: JsonNode, type: FieldType): string | undefined {
  if (type === 'string') return node.type === 'string' ? undefined : `must be a string, not ${node.type}`;
  if (type === 'boolean') return node.type === 'boolean' ? undefined : `must be true or false, not ${node.type}`;
  if (type === 'record') {
    if (node.type !== 'object') return `must be an object of string values, not ${node.type}`;
    const nonString = (node.children ?? []).find((p) => p.children?.[1]?.type !== 'string');
    return nonString ? `values must be strings ("${String(nonString.children?.[0]?.value)}" is not)` : undefined;
  }
  if (node.type !== 'string' || !type.includes(node.value as string)) {
    return `must be one of ${type.map((t) => `"${t}"`).join(', ')}`;
  }
  return undefined;
}

function readRecord(node: JsonNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k && v) out[k.value as string] = v.value as string;
  }
  return out;
}

function reportIssues(issues: Issue[], read: ReadEntry, item: JsonNode, push: Push): void {
  for (const issue of issues) {
    const root = issue.field.split('.')[0];
    if (read.bad.has(root)) continue;
    const node = read.nodes[root] ?? { offset: item.offset, length: 1 };
    const bucketProblem = root === 'bucket' && !checkBucketName(String(read.value.bucket ?? '')).ok;
    push(bucketProblem ? 'invalid-bucket' : 'invalid-value', issue.message, node, issue.severity ?? 'error');
    if (issue.severity !== 'warning') read.errors.push({ field: issue.field, message: issue.message });
  }
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
