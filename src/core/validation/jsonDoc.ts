// A parsed document with positions on demand. The syntax tree is the slow part of parsing a
// large payload, so it is built only when a diagnostic needs a range; the value comes from the
// native JSON.parse whenever the text is strict JSON.
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { JsonPath } from './types';

export interface Range {
  offset: number;
  length: number;
}

export interface SyntaxProblem extends Range {
  message: string;
}

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false };

export class JsonDoc {
  readonly value: unknown;
  readonly syntaxErrors: SyntaxProblem[];
  private tree: Node | undefined;
  private treeBuilt = false;

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

  get root(): Node | undefined {
    if (!this.treeBuilt) {
      this.tree = parseTree(this.text, [], PARSE_OPTIONS);
      this.treeBuilt = true;
    }
    return this.tree;
  }

  node(path: JsonPath): Node | undefined {
    const root = this.root;
    if (!root) return undefined;
    return path.length === 0 ? root : findNodeAtLocation(root, path);
  }

  /** Range of the value at path; the nearest existing ancestor when the path does not exist. */
  rangeOf(path: JsonPath): Range {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node) {
        // A whole object or array is too wide to underline usefully: mark its opening bracket.
        if ((node.type === 'object' || node.type === 'array') && n === path.length) return { offset: node.offset, length: 1 };
        if (n < path.length && (node.type === 'object' || node.type === 'array')) return { offset: node.offset, length: 1 };
        return { offset: node.offset, length: node.length };
      }
    }
    return { offset: 0, length: Math.min(this.text.length, 1) };
  }

  /** Range of the property key at path (path ends with the property name), else of the value. */
  keyRangeOf(path: JsonPath): Range {
    const value = this.node(path);
    const key = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
    return key ? { offset: key.offset, length: key.length } : this.rangeOf(path);
  }
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
