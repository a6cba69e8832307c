// What every rule gets. Rules read the parsed value and ask the document for ranges only when
// they have something to report, so a clean document never pays for a syntax tree.
import type { Anchor, JsonDoc } from '../jsonDoc';
import type { Kind } from '../kinds';
import type { Diagnostic, Fix, JsonPath, Severity, ValidationContext } from '../types';

export interface RuleInput {
  doc: JsonDoc;
  kind: Kind;
  context: ValidationContext;
}

export type Rule = (input: RuleInput) => Diagnostic[];

/** A value found in a document; its path is built only when a diagnostic needs it. */
export class Located<T> {
  constructor(
    readonly value: T,
    private readonly base: JsonPath,
    /** The property the value belongs to (for a list, the list's property). */
    readonly field: string,
    private readonly index?: number,
  ) {}

  get path(): JsonPath {
    return this.index === undefined ? this.base.concat(this.field) : this.base.concat(this.field, this.index);
  }
}

/** The strings of a string-or-array-of-strings field. Hot on large policies, hence the plain loop. */
export function stringsAt(obj: Record<string, unknown>, key: string, base: JsonPath): Located<string>[] {
  const v = obj[key];
  if (typeof v === 'string') return [new Located(v, base, key)];
  const out: Located<string>[] = [];
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'string') out.push(new Located(item, base, key, i));
    }
  }
  return out;
}

/** A diagnostic whose range is filled in when the document resolves its positions. */
export function report(input: RuleInput, code: string, severity: Severity, path: JsonPath, message: string, fix?: Fix, anchor: Anchor = 'value'): Diagnostic {
  const d: Diagnostic = { code, severity, path, message, offset: 0, length: 0 };
  if (fix) d.fix = fix;
  return input.doc.at(d, path, anchor);
}

/** A fix that replaces the JSON value at path with newValue (re-encoded, so escapes stay right). */
export function replaceValueFix(doc: JsonDoc, path: JsonPath, title: string, newValue: unknown): Fix {
  return { title, edits: [doc.at({ offset: 0, length: 0, newText: JSON.stringify(newValue) }, path)] };
}

/** A fix that inserts `"key": value` as the first property of the object at path. */
export function insertPropertyFix(doc: JsonDoc, path: JsonPath, objectIsEmpty: boolean, title: string, key: string, value: unknown): Fix {
  const newText = `\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}${objectIsEmpty ? '\n' : ','}`;
  return { title, edits: [doc.at({ offset: 0, length: 0, newText }, path, 'after-open')] };
}
