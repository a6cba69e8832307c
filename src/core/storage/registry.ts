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
  | 'secret-in-registry';

export interface RegistryDiagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
}

export interface ParsedRegistry {
  registry: Registry;
  diagnostics: RegistryDiagnostic[];
  /** false when the text is not well-formed JSONC; such a file must never be edited */
  wellFormed: boolean;
}

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

// Property names that hold secrets in the payloads our users copy from (Bitmovin secretKey,
// Impossible aws_secret_access_key, Qencode/Dolby secret, SDK secretAccessKey/sessionToken).
const SECRET_NAME_RE = /secret|password|passwd|session_?token|private_?key|^x-amz-security-token$/i;
// An AWS secret access key: 40 characters of base64 alphabet, mixed case and digits.
const SECRET_VALUE_RE = /^[A-Za-z0-9/+]{40}$/;

export function looksLikeSecretValue(v: string): boolean {
  return SECRET_VALUE_RE.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v);
}

export function isSecretFieldName(name: string): boolean {
  return SECRET_NAME_RE.test(name);
}

export function parseRegistry(text: string): ParsedRegistry {
  const diagnostics: RegistryDiagnostic[] = [];
  const registry: Registry = { connections: [], inputs: [], outputs: [] };
  const push = (code: DiagnosticCode, message: string, node: { offset: number; length: number }, severity: 'error' | 'warning' = 'error'): void => {
    diagnostics.push({ code, severity, message, offset: node.offset, length: node.length });
  };

  if (!text.trim()) {
    push('syntax', 'the registry file is empty; expected an object { "connections": [], "inputs": [], "outputs": [] }', { offset: 0, length: 0 });
    return { registry, diagnostics, wellFormed: false };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    push('syntax', `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`, { offset: e.offset, length: Math.max(e.length, 1) });
  }
  const wellFormed = errors.length === 0 && root !== undefined;
  if (!root) return { registry, diagnostics, wellFormed: false };
  scanSecrets(root, push);
  if (root.type !== 'object') {
    push('wrong-type', 'the registry must be a JSON object with "connections", "inputs" and "outputs"', root);
    return { registry, diagnostics, wellFormed };
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

  const connIds = new Map<string, JsonNode>();
  for (const item of sections.connections?.children ?? []) {
    const read = readEntry(item, 'connection', CONNECTION_FIELDS, CONNECTION_REQUIRED, push);
    if (!read) continue;
    const conn = read.value as unknown as Connection;
    if (typeof conn.id === 'string') {
      if (connIds.has(conn.id)) push('duplicate-name', `duplicate connection id "${conn.id}"`, read.nodes.id ?? item);
      else connIds.set(conn.id, item);
    }
    reportIssues(validateConnection(conn), read, item, push);
    if (complete(read, CONNECTION_REQUIRED)) registry.connections.push(conn);
  }

  for (const section of ['inputs', 'outputs'] as const) {
    const role: LocationRole = section === 'inputs' ? 'input' : 'output';
    const names = new Set<string>();
    for (const item of sections[section]?.children ?? []) {
      const read = readEntry(item, role, LOCATION_FIELDS, LOCATION_REQUIRED, push);
      if (!read) continue;
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
      if (complete(read, LOCATION_REQUIRED)) registry[section].push(loc);
    }
  }
  // Checks run section by section; the editor and tests read them top to bottom.
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { registry, diagnostics, wellFormed };
}

/** Entries without their required fields are reported but not handed to the rest of the
 *  extension, which relies on those fields being present and typed. */
function complete(read: ReadEntry, required: string[]): boolean {
  return required.every((f) => !read.bad.has(f));
}

interface ReadEntry {
  value: Record<string, unknown>;
  nodes: Record<string, JsonNode>;
  /** fields already reported (missing/wrong type) so validation does not repeat them */
  bad: Set<string>;
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
      continue;
    }
    value[name] = type === 'record' ? readRecord(valueNode) : valueNode.value;
  }
  for (const name of required) {
    if (!(name in nodes)) {
      push('missing-field', `${what} is missing required field "${name}"`, { offset: item.offset, length: 1 });
      bad.add(name);
    }
  }
  return { value, nodes, bad };
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
