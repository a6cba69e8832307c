// Minimal, comment-preserving edits of the registry file. A file that does not parse is never
// edited: rewriting it would throw away whatever the user was in the middle of typing.
import {
  applyEdits,
  modify as formattedModify,
  parseTree,
  type FormattingOptions,
  type JSONPath,
  type ModificationOptions,
  type Node as JsonNode,
} from 'jsonc-parser';
import type { Connection, Location } from './connection';
import { findSecret } from '../secrets';
import { parseRegistry, type RegistryDiagnostic, type RegistrySection } from './registry';

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export type RegistryEditResult =
  | { ok: true; text: string; /** one edit relative to the original text */ edits: TextEdit[] }
  | { ok: false; reason: string; diagnostics: RegistryDiagnostic[] };

type Entry = Connection | Location;

function entryKey(section: RegistrySection): 'id' | 'name' {
  return section === 'connections' ? 'id' : 'name';
}

function formatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/**
 * jsonc-parser's formatter throws on an indent or nesting of 100 levels (its indent cache ends
 * there). The edit is still wanted: unformatted, it is the same JSON, and a user who lays a
 * file out that way can reformat it.
 */
function modify(text: string, path: JSONPath, value: unknown, options: ModificationOptions): ReturnType<typeof formattedModify> {
  try {
    return formattedModify(text, path, value, options);
  } catch {
    const { formattingOptions: _formatting, ...unformatted } = options;
    return formattedModify(text, path, value, unformatted);
  }
}

/** An entry's id or name as written; the schema makes it a string, anything else matches nothing. */
function keyText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function refuse(reason: string, diagnostics: RegistryDiagnostic[] = []): RegistryEditResult {
  return { ok: false, reason, diagnostics };
}

/** Parses and refuses when the file is malformed. */
function load(text: string): { root: JsonNode } | RegistryEditResult {
  const parsed = parseRegistry(text);
  const limit = parsed.diagnostics.find((d) => d.code === 'too-large' || d.code === 'too-deep');
  if (limit) return refuse(`${limit.message.replace(/; not read$/, '')}; it is not edited, the file was not changed`, parsed.diagnostics);
  if (!parsed.wellFormed) {
    const first = parsed.diagnostics.find((d) => d.code === 'syntax');
    const where = first ? ` (first at offset ${first.offset}: ${first.message})` : '';
    return refuse(`the registry file has syntax errors${where}; fix them before editing, the file was not changed`, parsed.diagnostics);
  }
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return refuse('the registry file is not a JSON object; the file was not changed', parsed.diagnostics);
  return { root };
}

function findIndex(root: JsonNode, section: RegistrySection, key: string): { array?: JsonNode; index: number } {
  const prop = root.children?.find((p) => p.children?.[0]?.value === section);
  const array = prop?.children?.[1];
  if (!array || array.type !== 'array') return { index: -1 };
  const field = entryKey(section);
  const index = (array.children ?? []).findIndex(
    (item) => item.type === 'object' && item.children?.some((p) => p.children?.[0]?.value === field && p.children?.[1]?.value === key),
  );
  return { array, index };
}

/** The registry file stores role implicitly by list, so it is dropped from locations. */
function toStored(section: RegistrySection, entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined) continue;
    if (section !== 'connections' && k === 'role') continue;
    out[k] = v;
  }
  return out;
}

function singleEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return [{ offset: start, length: endB - start, content: after.slice(start, endA) }];
}

function done(before: string, after: string): RegistryEditResult {
  return { ok: true, text: after, edits: singleEdit(before, after) };
}

export function addEntry(text: string, section: RegistrySection, entry: Entry): RegistryEditResult {
  const secret = findSecret(entry);
  if (secret) return refuse(`refusing to write ${secret} into the registry; secrets belong in the secret store`);
  const stored = toStored(section, entry);
  const key = keyText(stored[entryKey(section)]);
  if (!text.trim()) {
    // No $schema: the extension associates the schema through jsonValidation, and no path
    // written into the file could point into the installed extension.
    const fresh = { connections: [], inputs: [], outputs: [], [section]: [stored] };
    return done(text, JSON.stringify(fresh, null, 2) + '\n');
  }
  const loaded = load(text);
  if ('ok' in loaded) return loaded;
  const { array, index } = findIndex(loaded.root, section, key);
  if (index >= 0) return refuse(`${section} already has an entry "${key}"; update it instead`);
  const fmt = formatting(text);
  const last = array?.children?.[array.children.length - 1];
  if (last) {
    // jsonc-parser's modify re-formats the neighbouring element too; inserting after the last
    // element by hand leaves every existing byte (and a trailing comma) where it was.
    const lineStart = text.lastIndexOf('\n', last.offset) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))?.[0] ?? '';
    const unit = fmt.insertSpaces ? ' '.repeat(fmt.tabSize ?? 2) : '\t';
    const json = JSON.stringify(stored, null, unit).split('\n').join(`${fmt.eol}${indent}`);
    const at = last.offset + last.length;
    return done(text, `${text.slice(0, at)},${fmt.eol}${indent}${json}${text.slice(at)}`);
  }
  const edits = array
    ? modify(text, [section, -1], stored, { formattingOptions: fmt, isArrayInsertion: true })
    : modify(text, [section], [stored], { formattingOptions: fmt });
  return done(text, applyEdits(text, edits));
}

/** Replaces the entry with id/name `key`, touching only the fields that changed. */
export function updateEntry(text: string, section: RegistrySection, key: string, entry: Entry): RegistryEditResult {
  const secret = findSecret(entry);
  if (secret) return refuse(`refusing to write ${secret} into the registry; secrets belong in the secret store`);
  const loaded = load(text);
  if ('ok' in loaded) return loaded;
  const { array, index } = findIndex(loaded.root, section, key);
  if (!array || index < 0) return refuse(`${section} has no entry "${key}"`);
  const stored = toStored(section, entry);
  const newKey = keyText(stored[entryKey(section)]);
  if (newKey !== key && findIndex(loaded.root, section, newKey).index >= 0) {
    return refuse(`${section} already has an entry "${newKey}"`);
  }
  const item = array.children?.[index] as JsonNode;
  const existing = new Map<string, JsonNode>();
  for (const p of item.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) existing.set(k.value as string, v);
  }
  const fmt = formatting(text);
  let out = text;
  // Field-by-field edits keep comments and the order of untouched fields.
  for (const [name, value] of Object.entries(stored)) {
    const old = existing.get(name);
    if (old && JSON.stringify(nodeValue(old)) === JSON.stringify(value)) continue;
    out = applyEdits(out, modify(out, [section, index, name], value, { formattingOptions: fmt }));
  }
  for (const name of existing.keys()) {
    if (!(name in stored) && !(section !== 'connections' && name === 'role')) {
      out = applyEdits(out, modify(out, [section, index, name], undefined, { formattingOptions: fmt }));
    }
  }
  return done(text, out);
}

export function removeEntry(text: string, section: RegistrySection, key: string): RegistryEditResult {
  const loaded = load(text);
  if ('ok' in loaded) return loaded;
  const { index } = findIndex(loaded.root, section, key);
  if (index < 0) return refuse(`${section} has no entry "${key}"`);
  return done(text, applyEdits(text, modify(text, [section, index], undefined, { formattingOptions: formatting(text) })));
}

function nodeValue(node: JsonNode): unknown {
  if (node.type === 'object') {
    const o: Record<string, unknown> = {};
    for (const p of node.children ?? []) {
      const [k, v] = p.children ?? [];
      if (k && v) o[k.value as string] = nodeValue(v);
    }
    return o;
  }
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  return node.value;
}
