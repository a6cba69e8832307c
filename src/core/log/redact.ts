/**
 * Redaction of secrets from any text that may reach a log, a notification or the clipboard
 * history of a bug report. Applied to every log line, so it errs on the side of hiding:
 * a redacted non-secret costs a little readability, a leaked secret costs a key rotation.
 *
 * What counts as a secret is decided by `core/secrets.ts`; this file only finds the shapes
 * text gives it: `name=value` (query strings, form bodies, env and INI files), `name: value`
 * (headers, YAML), JSON and JS fields (also inside escaped JSON strings), XML elements,
 * multipart form fields, Authorization headers, bare access key ids and STS tokens, and the
 * exact values the caller registered.
 */
import { BARE_CREDENTIAL_SOURCE, secretFieldKind, type SecretFieldKind } from '../secrets';

export const REDACTED = '[REDACTED]';

/**
 * Shorter registered values would hide ordinary words; real keys are longer. It is also the
 * length of a fragment of a registered value that must not survive a cut: a text truncated in
 * the middle of a key still hides the part that is left.
 */
export const MIN_SECRET_FRAGMENT = 8;

// Every "name:" and "name=" in a log line is looked up, and logs repeat the same few names.
type NameKind = SecretFieldKind | 'authorization' | undefined;
const kinds = new Map<string, NameKind>();
function nameKind(name: string): NameKind {
  if (kinds.has(name)) return kinds.get(name);
  const kind: NameKind = /^(?:proxy)?authorization$/i.test(name.replace(/[-_]/g, '')) ? 'authorization' : secretFieldKind(name);
  if (kinds.size > 4096) kinds.clear();
  kinds.set(name, kind);
  return kind;
}

// [start, end, replacement]; overlapping stretches merge into one plain marker.
type Range = [start: number, end: number, by?: string];

// A registered value can reach text percent-encoded (a query string) or JSON-escaped. The
// logger passes the same few values with every line.
const encoded = new Map<string, string[]>();
function encodings(secret: string): string[] {
  let forms = encoded.get(secret);
  if (!forms) {
    forms = encodingsOf(secret);
    if (encoded.size > 256) encoded.clear();
    encoded.set(secret, forms);
  }
  return forms;
}

function encodingsOf(secret: string): string[] {
  const out = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), secret.replace(/\//g, '\\/')]);
  try {
    out.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate has no percent-encoding; the raw form is still covered.
  }
  return [...out].filter((f) => f.length >= MIN_SECRET_FRAGMENT);
}

/**
 * Every stretch of `text` that is a registered value, or at least 8 characters from its start
 * or its end: what is left of a key that a `slice(0, N)` or a line wrap cut in two.
 */
function knownSecretRanges(text: string, secrets: Iterable<string>): Range[] {
  const ranges: Range[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_FRAGMENT) continue;
    for (const form of encodings(secret)) {
      const head = form.slice(0, MIN_SECRET_FRAGMENT);
      for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
        let n = MIN_SECRET_FRAGMENT;
        while (n < form.length && text[i + n] === form[n]) n++;
        ranges.push([i, i + n]);
      }
      const tail = form.slice(-MIN_SECRET_FRAGMENT);
      for (let i = text.indexOf(tail); i >= 0; i = text.indexOf(tail, i + 1)) {
        const end = i + MIN_SECRET_FRAGMENT;
        let n = MIN_SECRET_FRAGMENT;
        while (n < form.length && end - n - 1 >= 0 && text[end - n - 1] === form[form.length - n - 1]) n++;
        ranges.push([end - n, end]);
      }
    }
  }
  return ranges;
}

function replaceRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  ranges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let out = '';
  let pos = 0;
  const emit = ([start, end, by]: Required<Range>): void => {
    out += text.slice(pos, start) + by;
    pos = end;
  };
  // Sorted by start, so a range overlaps the stretch being built exactly when it starts before its end.
  let stretch: Required<Range> | undefined;
  for (const [start, end, by] of ranges) {
    if (stretch && start < stretch[1]) {
      stretch = [stretch[0], Math.max(stretch[1], end), REDACTED];
      continue;
    }
    if (stretch) emit(stretch);
    stretch = [Math.max(start, pos), end, by ?? REDACTED];
  }
  if (stretch) emit(stretch);
  return out + text.slice(pos);
}

// A field name and its separator. The name may be quoted, or quoted with escaped quotes inside
// a JSON string ({\"secretKey\":\"…\"}, the shape Bitmovin's developerMessage echoes payloads in).
const FIELD_NAME = /(?<![\w.-])(\\?["']?)([A-Za-z][\w.-]*)\\?["']?[ \t]*[:=][ \t]*/g;
// Where an unquoted value ends: query and form separators, JSON and XML structure, quotes.
const UNQUOTED_END = /[\s,;&}\])<>"'\\]/;

interface ValueSpan {
  start: number;
  end: number;
  quoted: boolean;
}

/** The extent of the value starting at `p`, without its quotes; undefined for an object or array. */
function valueAt(text: string, p: number, toLineEnd: boolean): ValueSpan | undefined {
  const c = text[p];
  if (c === undefined || c === '{' || c === '[' || c === '\n' || c === '\r') return undefined;
  if (c === '"' || c === "'") {
    let j = p + 1;
    while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    // An unterminated string (a cut text) is a value to its line's end.
    return { start: p + 1, end: Math.min(j, text.length), quoted: true };
  }
  if (c === '\\' && text[p + 1] === '"') {
    const close = text.indexOf('\\"', p + 2);
    const stop = /["\n]/.exec(text.slice(p + 2));
    const limit = stop ? p + 2 + stop.index : text.length;
    return { start: p + 2, end: close >= 0 && close < limit ? close : limit, quoted: true };
  }
  let j = p;
  if (toLineEnd) {
    while (j < text.length && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '"') j++;
  } else {
    while (j < text.length && !UNQUOTED_END.test(text.charAt(j))) j++;
  }
  return j > p ? { start: p, end: j, quoted: false } : undefined;
}

// A POST policy is base64 and names the bucket, key and conditions a signature grants; a bucket
// policy is a JSON document that a log should keep readable. Signatures and credential scopes
// are hidden whatever their shape.
function isReadablePolicy(name: string, value: string): boolean {
  return /^policy$/i.test(name) && !/^[A-Za-z0-9+/=]{16}/.test(value);
}

// Signature V4 schemes keep the algorithm and SignedHeaders readable; their Credential= and
// Signature= parts are fields of their own.
const SIGNED_SCHEME = /^(?:AWS4|GOOG4)-[A-Z0-9-]+\s/;

function fieldRanges(text: string): Range[] {
  const ranges: Range[] = [];
  FIELD_NAME.lastIndex = 0;
  for (let m = FIELD_NAME.exec(text); m; m = FIELD_NAME.exec(text)) {
    const [whole, quote, name] = m;
    // Neither group is optional in the pattern, so a match always has both.
    if (quote === undefined || name === undefined) continue;
    const after = m.index + whole.length;
    const kind = nameKind(name);
    if (!kind) continue;
    if (kind === 'authorization') {
      const v = valueAt(text, after, true);
      if (!v) continue;
      const value = text.slice(v.start, v.end);
      if (SIGNED_SCHEME.test(value) || value.startsWith(REDACTED)) continue;
      // "Bearer <token>", "Basic <b64>", "AWS <id>:<signature>" keep their scheme word.
      const scheme = /^[A-Za-z][\w-]*\s+/.exec(value);
      ranges.push([v.start + (scheme ? scheme[0].length : 0), v.end]);
      continue;
    }
    const v = valueAt(text, after, false);
    if (!v || v.end <= v.start) continue;
    const value = text.slice(v.start, v.end);
    if (value === REDACTED) continue;
    if (kind === 'presign' && isReadablePolicy(name, value)) continue;
    if (!v.quoted && /^(?:null|true|false)$/.test(value)) continue;
    // A number in JSON becomes a string, so that the redacted text still parses.
    const jsonNumber = !v.quoted && quote !== '' && /^-?\d[\d.eE+-]*$/.test(value);
    ranges.push([v.start, v.end, jsonNumber ? `"${REDACTED}"` : REDACTED]);
  }
  return ranges;
}

// <SecretAccessKey>…</SecretAccessKey>, with or without a namespace prefix; an element cut off
// by truncation is a value to the next tag or the end.
const XML_ELEMENT = /<(?:[\w-]+:)?([A-Za-z][\w.-]*)(?:\s[^<>]*)?>([^<]*)/g;

function xmlRanges(text: string): Range[] {
  const ranges: Range[] = [];
  XML_ELEMENT.lastIndex = 0;
  for (let m = XML_ELEMENT.exec(text); m; m = XML_ELEMENT.exec(text)) {
    const [whole, name, content] = m;
    // Neither group is optional in the pattern, so a match always has both.
    if (name === undefined || content === undefined) continue;
    if (!content.trim() || content === REDACTED) continue;
    const kind = nameKind(name);
    if (!kind || kind === 'authorization' || (kind === 'presign' && isReadablePolicy(name, content))) continue;
    const end = m.index + whole.length;
    ranges.push([end - content.length, end]);
  }
  return ranges;
}

// A multipart/form-data part (how a presigned POST's fields travel): the name in the part's
// headers (a part has at most a few), the value on the line after the blank one. File parts
// are content, not fields.
const FORM_DATA_PART = /\bname="([^"\r\n]+)"([^\r\n]*)(?:\r?\n[^\r\n]+){0,4}\r?\n\r?\n([^\r\n]*)/g;

function formDataRanges(text: string): Range[] {
  const ranges: Range[] = [];
  FORM_DATA_PART.lastIndex = 0;
  for (let m = FORM_DATA_PART.exec(text); m; m = FORM_DATA_PART.exec(text)) {
    const [whole, name, rest, value] = m;
    // No group is optional in the pattern, so a match always has all three.
    if (name === undefined || rest === undefined || value === undefined) continue;
    const kind = nameKind(name);
    if (!kind || kind === 'authorization' || /filename=/i.test(rest) || !value || value === REDACTED || (kind === 'presign' && isReadablePolicy(name, value))) {
      continue;
    }
    const end = m.index + whole.length;
    ranges.push([end - value.length, end]);
  }
  return ranges;
}

const BARE_CREDENTIAL = new RegExp(BARE_CREDENTIAL_SOURCE, 'g');

function bareRanges(text: string): Range[] {
  const ranges: Range[] = [];
  BARE_CREDENTIAL.lastIndex = 0;
  for (let m = BARE_CREDENTIAL.exec(text); m; m = BARE_CREDENTIAL.exec(text)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/**
 * Returns `text` with secrets replaced by `[REDACTED]`. `knownSecrets` are exact values (for
 * example the secret keys held in SecretStorage) hidden wherever they appear, even in shapes no
 * pattern anticipates, and so are their first and last 8+ characters where a cut left them.
 * Idempotent: redacting redacted text changes nothing.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  // Registered values first: a field pattern that rewrote part of one would leave the rest
  // unrecognisable.
  const out = replaceRanges(text, knownSecretRanges(text, knownSecrets));
  return replaceRanges(out, [...fieldRanges(out), ...xmlRanges(out), ...formDataRanges(out), ...bareRanges(out)]);
}

/**
 * Redacts, shortens to at most `max` characters (an ellipsis marks the cut), then redacts the
 * result again. The order is the point: a text cut first can end in part of a key that no
 * longer matches the key or any field pattern.
 */
export function truncateRedacted(text: string, max: number, knownSecrets: Iterable<string> = []): string {
  const secrets = [...knownSecrets];
  const out = redact(text, secrets);
  if (out.length <= max) return out;
  if (max < 1) return '';
  let cut = max - 1;
  for (;;) {
    // Never end inside a marker or between the halves of a surrogate pair.
    const marker = out.lastIndexOf(REDACTED, cut);
    if (marker >= 0 && marker < cut && marker + REDACTED.length > cut) cut = marker;
    if (cut > 0 && /[\uD800-\uDBFF]/.test(out.charAt(cut - 1))) cut--;
    // Redacted again without the ellipsis, which would read as a value after "Signature=".
    const head = redact(out.slice(0, cut), secrets);
    if (head.length < max || cut === 0) return `${head}…`;
    // What the cut exposed was redacted into a longer marker; cut earlier.
    cut = Math.max(0, cut - (head.length - max + 1));
  }
}

/** Redacts every string inside `value` (a decoded error, say) before anything renders or cuts it. */
export function redactStrings<T>(value: T, knownSecrets: Iterable<string> = []): T {
  const secrets = [...knownSecrets];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (depth > 32 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x: unknown) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
