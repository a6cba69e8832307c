/**
 * Turning a decoded error into text for the log channel (a block) and for a notification (one
 * line). Everything leaves through `redact`, because envelopes and S3 bodies echo back request
 * URLs, canonical requests and payload fields that can carry keys and presigned signatures.
 */
import { redact } from '../log/redact';
import { isRecord } from '../guards';
import { lookupHttpStatus } from './bitmovinCodes';
import type { Decoded, DecodedElement, DecodedLink } from './types';

const SOURCE_LABEL: Record<Decoded['source'], string> = {
  bitmovin: 'Bitmovin error',
  s3: 'S3 error',
  network: 'Network error',
  http: 'HTTP',
  text: 'Error',
};

function titleLine(d: Decoded): string {
  const meaning = d.meaning && d.meaning !== d.title ? ` — ${d.meaning}` : '';
  if (d.source === 'bitmovin' && d.ok) {
    return 'Bitmovin request succeeded';
  }
  if (d.source === 'http' || d.source === 'text') {
    return `${d.title}${meaning}`;
  }
  const code = d.code ? ` ${d.code}` : '';
  return `${SOURCE_LABEL[d.source]}${code}: ${d.title}${meaning}`;
}

// Continuation lines of a multi-line value line up under its first line.
function indentValue(value: string, indent: string): string {
  return value.replace(/\r?\n/g, `\n${indent}`);
}

function linkText(l: DecodedLink): string {
  return l.title ? `${l.title}: ${l.href}` : l.href;
}

function httpLine(d: Decoded): string | undefined {
  if (d.httpStatus === undefined || d.source === 'http') return undefined;
  // SDK and fetch errors often carry the status without its reason phrase; the catalog has it.
  const reason = d.httpStatusText ?? lookupHttpStatus(d.httpStatus)?.reason;
  const text = reason ? ` ${reason}` : '';
  return `${d.httpStatus}${text}${d.httpMeaning ? ` — ${d.httpMeaning}` : ''}`;
}

function resultLine(result: unknown): string | undefined {
  if (!isRecord(result)) return undefined;
  const parts: string[] = [];
  for (const k of ['id', 'name', 'status', 'type']) {
    const v = result[k];
    if (typeof v === 'string' || typeof v === 'number') parts.push(`${k}=${String(v).slice(0, 80)}`);
  }
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * An argument's value is as secret as the argument it belongs to: S3 answers an "Unsupported
 * Authorization Type" with ArgumentName Authorization and the whole header as ArgumentValue. The
 * redactor judges a value by its name, so it is given the value under the argument's name.
 */
function elementValue(e: DecodedElement, all: readonly DecodedElement[]): string {
  if (e.name !== 'ArgumentValue') return e.value;
  const argument = all.find((x) => x.name === 'ArgumentName')?.value.trim();
  if (!argument || !/^[A-Za-z][\w.-]*$/.test(argument)) return e.value;
  const prefix = `${argument}: `;
  return redact(prefix + e.value).slice(prefix.length);
}

/** A multi-line, human-readable block for the log channel; secrets redacted. */
export function renderBlock(d: Decoded): string {
  const lines: string[] = [titleLine(d)];
  const field = (label: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') {
      const prefix = `  ${label}: `;
      lines.push(prefix + indentValue(value, ' '.repeat(prefix.length)));
    }
  };
  field('Category', d.category);
  field('HTTP status', httpLine(d));
  field('Request id', d.requestId);
  field('Host id', d.hostId);
  field('Message', d.message);
  field('Developer message', d.developerMessage);
  for (const f of d.facts ?? []) field(f.label, f.text);
  field('Bucket', d.bucket);
  field('Key', d.key);
  field('Endpoint', d.endpoint);
  field('Bucket region', d.region);
  const elements = d.elements ?? [];
  for (const e of elements) field(e.name, elementValue(e, elements));
  field('Result', d.ok ? resultLine(d.result) : undefined);
  if (d.details.length > 0) {
    lines.push(d.ok ? '  Messages:' : '  Details:');
    for (const m of d.details) {
      const type = m.type ? `${m.type} ` : '';
      const where = m.field ? `${m.field}: ` : '';
      const when = m.date ? ` (${m.date})` : '';
      lines.push(`    - ${type}${where}${indentValue(m.text ?? '(no text)', '      ')}${when}`);
      for (const l of m.links) lines.push(`      Link: ${linkText(l)}`);
    }
  }
  if (d.links.length > 0) {
    lines.push('  Links:');
    for (const l of d.links) lines.push(`    - ${linkText(l)}`);
  }
  if (d.remedy.length > 0) {
    lines.push('  What to do:');
    for (const r of d.remedy) lines.push(`    - ${r}`);
  }
  if (d.problems.length > 0) {
    lines.push('  Could not read:');
    for (const p of d.problems) lines.push(`    - ${p}`);
  }
  const title = redactedTitle(lines[0] ?? '', d);
  return lines.length > 1 ? `${title}\n${redact(lines.slice(1).join('\n'))}` : title;
}

/**
 * The title line is redacted in two parts, around the code: to the redactor, "ExpiredToken:
 * Session credentials expired" is a token field whose value is "Session".
 */
function redactedTitle(line: string, d: Decoded): string {
  const head = d.code ? `${SOURCE_LABEL[d.source]} ${d.code}: ` : undefined;
  if (head === undefined || !line.startsWith(head)) return redact(line);
  return `${redact(head.slice(0, -2))}: ${redact(line.slice(head.length))}`;
}

const SUMMARY_MAX = 240;
const SHORT_LABEL: Record<Decoded['source'], string> = {
  bitmovin: 'Bitmovin',
  s3: 'S3',
  network: 'Network',
  http: 'HTTP',
  text: 'Error',
};

/** One line for a notification: code, what it is, the server's message, the request id. */
export function summaryLine(d: Decoded): string {
  let head: string;
  if (d.source === 'bitmovin' && d.ok) {
    head = 'Bitmovin request succeeded';
  } else if (d.source === 'http' || d.source === 'text') {
    head = d.title;
  } else {
    const label = SHORT_LABEL[d.source];
    // Bitmovin codes are numbers and need their title; S3 and errno codes are names already.
    head = d.source === 'bitmovin' || !d.code ? `${label}${d.code ? ` ${d.code}` : ''} ${d.title}` : `${label} ${d.code} (${d.title})`;
  }
  const detail = d.message ?? (d.ok ? undefined : d.meaning);
  let line = detail && detail !== d.title ? `${head}: ${detail}` : head;
  if (d.region && (d.code === 'PermanentRedirect' || d.code === 'AuthorizationHeaderMalformed')) {
    line += ` (bucket region: ${d.region})`;
  }
  line = line.replace(/\s+/g, ' ').trim();
  if (line.length > SUMMARY_MAX) line = `${line.slice(0, SUMMARY_MAX - 1)}…`;
  const request = d.requestId ? ` [request ${d.requestId.replace(/\s+/g, ' ').slice(0, 80)}]` : '';
  return redact(line + request);
}
