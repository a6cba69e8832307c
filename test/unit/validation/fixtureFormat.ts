// Reads the `// expect:` and `// context:` header of a validation fixture (see the fixtures' README).
import type { JsonPath, ValidationContext } from '../../../src/core/validation';

export interface Expectation {
  code: string;
  path: JsonPath;
}

export interface FixtureHeader {
  expects: Expectation[];
  context: ValidationContext;
}

export function readHeader(text: string): FixtureHeader {
  const expects: Expectation[] = [];
  let context: ValidationContext = {};
  for (const line of text.split('\n')) {
    const e = /^\/\/\s*expect:\s*(\S+)\s*@\s*(\[.*\])\s*$/.exec(line);
    if (e) expects.push({ code: e[1], path: JSON.parse(e[2]) as JsonPath });
    const c = /^\/\/\s*context:\s*(\{.*\})\s*$/.exec(line);
    if (c) context = toContext(JSON.parse(c[1]) as Record<string, unknown>);
  }
  return { expects, context };
}

function toContext(raw: Record<string, unknown>): ValidationContext {
  const ctx: ValidationContext = {};
  if (typeof raw.bucket === 'string') ctx.bucket = raw.bucket;
  if (typeof raw.now === 'string') ctx.now = new Date(raw.now);
  if (typeof raw.expiryThresholdSeconds === 'number') ctx.expiryThresholdSeconds = raw.expiryThresholdSeconds;
  if (typeof raw.workspaceFile === 'boolean') ctx.workspaceFile = raw.workspaceFile;
  if (Array.isArray(raw.publicAccessBlocked)) {
    const blocked = new Set(raw.publicAccessBlocked as string[]);
    ctx.publicAccessBlocked = (bucket) => blocked.has(bucket);
  }
  return ctx;
}

export function key(code: string, path: JsonPath): string {
  return `${code} @ ${JSON.stringify(path)}`;
}

/** Applies a fix's edits (non-overlapping) to text, last offset first so earlier offsets hold. */
export function applyEdits(text: string, edits: { offset: number; length: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}
