// What every rule gets. Rules read the parsed value and ask the document for ranges only when
// they have something to report, so a clean document never pays for a syntax tree.
import type { JsonDoc } from '../jsonDoc';
import type { Kind } from '../kinds';
import type { Diagnostic, JsonPath, ValidationContext } from '../types';

export interface RuleInput {
  doc: JsonDoc;
  kind: Kind;
  context: ValidationContext;
}

export type Rule = (input: RuleInput) => Diagnostic[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface Located<T> {
  value: T;
  path: JsonPath;
}

/** The strings of a string-or-array-of-strings field, each with its own path. */
export function stringsAt(obj: Record<string, unknown>, key: string, base: JsonPath): Located<string>[] {
  const v = obj[key];
  if (typeof v === 'string') return [{ value: v, path: [...base, key] }];
  if (Array.isArray(v)) {
    return v.flatMap((item, i) => (typeof item === 'string' ? [{ value: item, path: [...base, key, i] }] : []));
  }
  return [];
}

/** A fix that replaces the JSON value at path with newValue (re-encoded, so escapes stay right). */
export function replaceValueFix(doc: JsonDoc, path: JsonPath, title: string, newValue: unknown): { title: string; edits: { offset: number; length: number; newText: string }[] } {
  const r = doc.rangeOf(path);
  return { title, edits: [{ offset: r.offset, length: r.length, newText: JSON.stringify(newValue) }] };
}
