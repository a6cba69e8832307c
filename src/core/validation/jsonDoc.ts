// A parsed document whose positions are found on demand, all in one pass. A syntax tree of a
// 1 MB payload costs 25-40 ms to build; a targeted scan for the few paths that have diagnostics
// costs a few. So diagnostics are created with placeholder ranges registered through `at()`,
// and `resolve()` fills them in with a single scan that skips every subtree off those paths.
import { parse, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { JsonPath } from './types';

export interface Range {
  offset: number;
  length: number;
}

export interface SyntaxProblem extends Range {
  message: string;
}

/**
 * Where a range goes: the value at the path ('value': a string/number literal whole, an object or
 * array by its opening bracket, since underlining a whole object is noise), the property key
 * ('key'), or the empty position just inside an object's opening brace ('after-open', for
 * inserting a property). A missing path falls back to its nearest existing ancestor.
 */
export type Anchor = 'value' | 'key' | 'after-open';

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false };

interface Found {
  offset: number;
  length: number;
  container: boolean;
  keyOffset?: number;
  keyLength?: number;
}

interface Trie {
  children: Map<string | number, Trie>;
  found?: Found;
  /** A registered path ends here and has not been settled (found, or known missing) yet. */
  open: boolean;
}

/** Thrown to stop the scan once every registered path is settled: the rest of the text is irrelevant. */
const DONE = new Error('all paths located');

interface Pending {
  target: Range;
  path: JsonPath;
  anchor: Anchor;
}

interface Frame {
  trie: Trie | undefined;
  array: boolean;
  index: number;
  key: string;
}

export class JsonDoc {
  readonly value: unknown;
  readonly syntaxErrors: SyntaxProblem[];
  private pending: Pending[] = [];

  constructor(readonly text: string) {
    let value: unknown;
    let errors: ParseError[] = [];
    try {
      value = JSON.parse(text);
    } catch {
      // Comments or a real syntax error: the tolerant parser tells which, with positions.
      errors = [];
      value = parse(text, errors, PARSE_OPTIONS);
    }
    this.value = value;
    // One mistake often yields several parser errors at the same spot; the first says it best.
    const seen = new Set<number>();
    this.syntaxErrors = errors
      .filter((e) => !seen.has(e.offset) && seen.add(e.offset))
      .map((e) => ({ offset: e.offset, length: Math.max(e.length, 1), message: describeParseError(e) }));
  }

  /** Registers target to receive the range of path at the next resolve(); returns target. */
  at<T extends Range>(target: T, path: JsonPath, anchor: Anchor = 'value'): T {
    this.pending.push({ target, path, anchor });
    return target;
  }

  /** Fills every registered target in one scan of the text. */
  resolve(): void {
    if (this.pending.length === 0) return;
    const root: Trie = { children: new Map(), open: false };
    let open = 0;
    for (const p of this.pending) {
      let t = root;
      for (const seg of p.path) {
        let next = t.children.get(seg);
        if (!next) t.children.set(seg, (next = { children: new Map(), open: false }));
        t = next;
      }
      if (!t.open) open++;
      t.open = true;
    }
    try {
      scan(this.text, root, open);
    } catch (e) {
      if (e !== DONE) throw e;
    }
    for (const p of this.pending) Object.assign(p.target, place(root, p.path, p.anchor, this.text.length));
    this.pending = [];
  }
}

function scan(text: string, root: Trie, openCount: number): void {
  let open = openCount;
  const settle = (t: Trie): void => {
    if (!t.open) return;
    t.open = false;
    if (--open === 0) throw DONE;
  };
  // Everything below a missing node is missing too; settle it when its parent closes.
  const settleAll = (t: Trie): void => {
    for (const c of t.children.values()) {
      if (!c.found) {
        settleAll(c);
        settle(c);
      }
    }
  };
  const stack: Frame[] = [];
  const childFor = (): Trie | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    return top.trie?.children.get(top.array ? top.index : top.key);
  };
  const begin = (offset: number, array: boolean): boolean => {
    const t = childFor();
    if (t) t.found = { ...t.found, offset, length: 1, container: true };
    stack.push({ trie: t, array, index: 0, key: '' });
    if (t && t.children.size === 0) settle(t);
    // Returning false skips the subtree's callbacks: nothing below it was asked for.
    return t !== undefined && t.children.size > 0;
  };
  const end = (): void => {
    const top = stack.pop();
    if (top?.trie) {
      settleAll(top.trie);
      settle(top.trie);
    }
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => begin(offset, false),
      onArrayBegin: (offset) => begin(offset, true),
      onObjectEnd: end,
      onArrayEnd: end,
      onObjectProperty: (name, offset, length) => {
        const top = stack[stack.length - 1];
        // A property is always inside an object whose begin pushed an entry.
        if (!top) return;
        top.key = name;
        const t = top.trie?.children.get(name);
        if (t) t.found = { offset: t.found?.offset ?? offset, length: t.found?.length ?? length, container: false, keyOffset: offset, keyLength: length };
      },
      onLiteralValue: (_v, offset, length) => {
        const t = childFor();
        if (t) {
          t.found = { ...t.found, offset, length, container: false };
          settleAll(t);
          settle(t);
        }
      },
      onSeparator: (ch) => {
        const top = stack[stack.length - 1];
        if (ch === ',' && top?.array) top.index++;
      },
    },
    PARSE_OPTIONS,
  );
}

function place(root: Trie, path: JsonPath, anchor: Anchor, textLength: number): Range {
  const chain: (Found | undefined)[] = [root.found];
  let t: Trie | undefined = root;
  for (const seg of path) {
    t = t?.children.get(seg);
    chain.push(t?.found);
  }
  const exact = chain[path.length];
  if (exact && anchor === 'key' && exact.keyOffset !== undefined) return { offset: exact.keyOffset, length: exact.keyLength ?? 0 };
  if (exact && anchor === 'after-open' && exact.container) return { offset: exact.offset + 1, length: 0 };
  for (let i = path.length; i >= 0; i--) {
    const f = chain[i];
    if (f) return { offset: f.offset, length: f.container ? 1 : f.length };
  }
  return { offset: 0, length: Math.min(textLength, 1) };
}

function describeParseError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const words: Record<string, string> = {
    InvalidSymbol: 'Invalid symbol',
    InvalidNumberFormat: 'Invalid number',
    PropertyNameExpected: 'Property name expected (in double quotes)',
    ValueExpected: 'Value expected',
    ColonExpected: 'Colon expected',
    CommaExpected: 'Comma expected',
    CloseBraceExpected: 'Closing brace "}" expected',
    CloseBracketExpected: 'Closing bracket "]" expected',
    EndOfFileExpected: 'End of file expected: only one JSON value is allowed',
    InvalidCommentToken: 'Invalid comment',
    UnexpectedEndOfComment: 'Unterminated comment',
    UnexpectedEndOfString: 'Unterminated string',
    UnexpectedEndOfNumber: 'Unterminated number',
    InvalidUnicode: 'Invalid unicode escape',
    InvalidEscapeCharacter: 'Invalid escape character in string',
    InvalidCharacter: 'Invalid character in string',
  };
  return `${words[code] ?? code}.`;
}

/** The JSON path as people read it: Statement[0].Resource. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += /^[A-Za-z_$][\w$]*$/.test(seg) ? (out ? `.${seg}` : seg) : `[${JSON.stringify(seg)}]`;
  }
  return out || 'the top level';
}
