/**
 * Decoding Bitmovin response envelopes ({ requestId, status, data, more }). Every field is read
 * defensively: users paste envelopes cut off by a log line limit, edited by hand, or produced by
 * an older API, and the part that can be read is still worth showing.
 */
import { getLocation, parse, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { bitmovinRemedy } from './bitmovinRemedies';
import { explainUnknownBitmovinCode, lookupBitmovinCode, lookupHttpStatus } from './bitmovinCodes';
import { type Decoded, type DecodedDetail, type DecodedLink, emptyDecoded, type HttpContext } from './types';
import { isRecord } from '../guards';

export interface ParsedJson {
  value: unknown;
  problems: string[];
}

const MAX_DEPTH = 64;

/** Offset where bracket nesting (outside strings) first exceeds `max`, or undefined. */
function nestingCap(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
      } // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

/** Strict parse first; on failure the tolerant parse keeps whatever precedes the damage. */
export function parseJsonTolerant(input: string): ParsedJson {
  let text = input;
  try {
    return { value: JSON.parse(text) as unknown, problems: [] };
  } catch {
    // fall through to the tolerant parser, which reports where the damage is
  }
  const errors: ParseError[] = [];
  const problems: string[] = [];
  // The tolerant parser recurses per level; an envelope nests a handful of levels, so anything
  // deeper is damage, and parsing only the text before it keeps the readable fields cheaply.
  const cap = nestingCap(text, MAX_DEPTH);
  if (cap !== undefined) {
    problems.push(`The JSON nests deeper than ${MAX_DEPTH} levels at offset ${cap}; read only the text before it.`);
    text = text.slice(0, cap);
  }
  let value: unknown;
  try {
    value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    // Pathologically deep nesting overflows the recursive parser.
    return { value: undefined, problems: [...problems, `The JSON could not be parsed (${e instanceof Error ? e.name : 'error'}).`] };
  }
  // ParseErrorCode is a const enum that isolatedModules cannot inline; its printed name is the same test.
  const cutString = errors.find((e) => printParseErrorCode(e.error) === 'UnexpectedEndOfString');
  if (cutString) {
    const where = markCutString(text, value, cutString.offset);
    if (where) problems.push(`${where} is cut off (marked with …).`);
  }
  const [first] = errors;
  if (first) {
    const cutOff = errors.some((e) => e.offset >= text.trimEnd().length - 1);
    problems.push(
      `The JSON is ${cutOff ? 'cut off or ' : ''}malformed (${printParseErrorCode(first.error)} at offset ${first.offset}` +
        `${errors.length > 1 ? `, ${errors.length - 1} more error(s)` : ''}); showing the fields that could be read.`,
    );
  }
  return { value, problems };
}

/** Appends '…' to the string value the text ends inside, so nobody mistakes it for the whole value. */
function markCutString(text: string, value: unknown, offset: number): string | undefined {
  let path: (string | number)[];
  try {
    path = getLocation(text, offset).path;
  } catch {
    return undefined;
  }
  const last = path.at(-1);
  if (last === undefined) return undefined;
  let holder: unknown = value;
  for (const seg of path.slice(0, -1)) {
    holder = typeof holder === 'object' && holder !== null ? (holder as Record<string | number, unknown>)[seg] : undefined;
  }
  if (typeof holder !== 'object' || holder === null) return undefined;
  const h = holder as Record<string | number, unknown>;
  if (typeof h[last] !== 'string') return undefined;
  h[last] = `${h[last]}…`;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Whether a parsed value has the shape of a Bitmovin envelope rather than some other JSON. */
export function looksLikeEnvelope(v: unknown): boolean {
  if (!isRecord(v)) {
    return false;
  }
  if ('requestId' in v || v['status'] === 'SUCCESS' || v['status'] === 'ERROR') {
    return true;
  }
  const data = v['data'];
  return isRecord(data) && ('code' in data || 'developerMessage' in data);
}

class Reader {
  constructor(readonly problems: string[]) {}

  string(obj: Record<string, unknown>, key: string, path: string, required = false): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (required) this.problems.push(`${path} is missing.`);
      return undefined;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') {
      this.problems.push(`${path} should be a string but is a ${typeof v}; used its text.`);
      return String(v);
    }
    this.problems.push(`${path} should be a string but is ${Array.isArray(v) ? 'an array' : 'an object'}; ignored.`);
    return undefined;
  }

  array(obj: Record<string, unknown>, key: string, path: string): unknown[] {
    const v = obj[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.problems.push(`${path} should be an array but is ${typeof v}; ignored.`);
    return [];
  }

  links(obj: Record<string, unknown>, key: string, path: string): DecodedLink[] {
    const out: DecodedLink[] = [];
    this.array(obj, key, path).forEach((l, i) => {
      if (!isRecord(l)) {
        this.problems.push(`${path}[${i}] is not a link object; ignored.`);
        return;
      }
      const href = this.string(l, 'href', `${path}[${i}].href`, true);
      const title = this.string(l, 'title', `${path}[${i}].title`);
      if (href !== undefined) out.push(title !== undefined ? { href, title } : { href });
    });
    return out;
  }

  messages(obj: Record<string, unknown>, key: string, path: string): DecodedDetail[] {
    const out: DecodedDetail[] = [];
    this.array(obj, key, path).forEach((m, i) => {
      const p = `${path}[${i}]`;
      if (!isRecord(m)) {
        if (typeof m === 'string') out.push({ text: m, links: [] });
        else this.problems.push(`${p} is not a message object; ignored.`);
        return;
      }
      const detail: DecodedDetail = { links: this.links(m, 'links', `${p}.links`) };
      for (const f of ['id', 'type', 'text', 'field', 'date'] as const) {
        const v = this.string(m, f, `${p}.${f}`);
        if (v !== undefined) detail[f] = v;
      }
      out.push(detail);
    });
    return out;
  }
}

/** Reads `code`, which Bitmovin sends as a number but proxies and hand edits turn into text. */
function readCode(data: Record<string, unknown>, problems: string[]): number | undefined {
  const v = data['code'];
  if (v === undefined || v === null) {
    problems.push('data.code is missing.');
    return undefined;
  }
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) {
    problems.push('data.code is a string; read it as a number.');
    return Number(v);
  }
  problems.push(`data.code should be a number but is ${JSON.stringify(v)?.slice(0, 40) ?? typeof v}; ignored.`);
  return undefined;
}

/** Decodes an already-parsed envelope; `problems` from parsing are carried over. */
export function decodeEnvelopeValue(value: unknown, http: HttpContext = {}, parseProblems: string[] = []): Decoded {
  const problems = [...parseProblems];
  const r = new Reader(problems);
  if (!isRecord(value)) {
    const d = emptyDecoded('bitmovin', 'Unreadable Bitmovin response');
    d.problems = [...problems, 'The response is not a JSON object.'];
    applyHttp(d, http);
    return d;
  }
  const requestId = r.string(value, 'requestId', 'requestId', true);
  const rawStatus = r.string(value, 'status', 'status', true);
  const status = rawStatus?.toUpperCase();
  if (rawStatus !== undefined && status !== 'SUCCESS' && status !== 'ERROR') {
    problems.push(`status is "${rawStatus.slice(0, 40)}", expected SUCCESS or ERROR.`);
  }
  const rawData = value['data'];
  let data: Record<string, unknown> = {};
  if (isRecord(rawData)) {
    data = rawData;
  } else if (rawData !== undefined && rawData !== null) {
    problems.push('data should be an object; ignored.');
  }
  // Without a readable status, an error code or an HTTP error status still tells which it is.
  const isError = status === 'ERROR' || (status !== 'SUCCESS' && ('code' in data || 'developerMessage' in data || (http.status ?? 0) >= 400));

  if (!isError) {
    const d = emptyDecoded('bitmovin', 'Bitmovin request succeeded');
    d.ok = true;
    d.requestId = requestId;
    d.result = data['result'];
    d.details = r.messages(data, 'messages', 'data.messages');
    d.problems = problems;
    applyHttp(d, http);
    return d;
  }
  if (status === 'ERROR' && rawData === undefined) {
    problems.push('data is missing from the error response.');
  }
  const code = readCode(data, problems);
  const info = code !== undefined ? lookupBitmovinCode(code) : undefined;
  const unknown = code !== undefined && !info ? explainUnknownBitmovinCode(code) : undefined;
  const d = emptyDecoded('bitmovin', info?.title ?? unknown?.title ?? 'Bitmovin error');
  d.code = code !== undefined ? String(code) : undefined;
  d.meaning = info?.meaning ?? unknown?.meaning;
  const category = info?.category ?? unknown?.category;
  d.category = category ? `${category.title} (${category.range})` : undefined;
  d.requestId = requestId;
  d.message = r.string(data, 'message', 'data.message', true);
  d.developerMessage = r.string(data, 'developerMessage', 'data.developerMessage', true);
  d.links = r.links(data, 'links', 'data.links');
  d.details = r.messages(data, 'details', 'data.details');
  applyHttp(d, http);
  d.remedy = bitmovinRemedy(code, http.status);
  d.problems = problems;
  return d;
}

function applyHttp(d: Decoded, http: HttpContext): void {
  if (http.status === undefined) return;
  d.httpStatus = http.status;
  d.httpStatusText = http.statusText;
  d.httpMeaning = lookupHttpStatus(http.status)?.meaning;
  if (d.ok && http.status >= 400) d.ok = false;
}

export function decodeBitmovinEnvelope(text: string, http: HttpContext = {}): Decoded {
  const parsed = parseJsonTolerant(text);
  return decodeEnvelopeValue(parsed.value, http, parsed.problems);
}
