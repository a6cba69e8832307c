/**
 * Parsing an HTTP response as `curl -i` (or `curl -v`) prints it. curl prints every response
 * it received — `100 Continue`, a proxy's `200 Connection established`, redirects when `-L` is
 * used — so the one that matters is the last.
 */

export interface ParsedHttpResponse {
  httpVersion: string;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
  /** Status lines of the responses before the final one, e.g. ['HTTP/1.1 100 Continue']. */
  earlier: string[];
  problems: string[];
}

const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?)\s+(\d{3})(?:[ \t]+([^\r\n]*))?$/;

/** Whether the text starts with an HTTP status line (after `curl -v` markers are removed). */
export function looksLikeHttpResponse(text: string): boolean {
  return /^\s*(?:<\s)?HTTP\/\d(?:\.\d)?\s+\d{3}/.test(text.replace(/^\uFEFF/, '')) || /^< HTTP\/\d/m.test(text);
}

/** `curl -v` prefixes response lines with '< ' and adds '*', '>', '{', '}' lines; keep only the response. */
function unverbose(text: string): string {
  if (!/^< HTTP\/\d/m.test(text)) {
    return text;
  }
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('< ')) out.push(line.slice(2));
    else if (line === '<') out.push('');
    else if (/^[*>{}](?: |$)/.test(line)) continue;
    else out.push(line);
  }
  return out.join('\n');
}

export function parseHttpResponse(input: string): ParsedHttpResponse | undefined {
  const text = unverbose(input.replace(/^\uFEFF/, '').replace(/^\s+/, ''));
  const earlier: string[] = [];
  const problems: string[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = text.indexOf('\n', pos);
    const statusLine = (lineEnd === -1 ? text.slice(pos) : text.slice(pos, lineEnd)).replace(/\r$/, '');
    const [, httpVersion, statusCode, reason] = STATUS_LINE.exec(statusLine.trim()) ?? [];
    if (httpVersion === undefined || statusCode === undefined) {
      return undefined;
    }
    const headers: Record<string, string> = {};
    let cursor = lineEnd === -1 ? text.length : lineEnd + 1;
    let endedHeaders = false;
    while (cursor < text.length) {
      const e = text.indexOf('\n', cursor);
      const line = (e === -1 ? text.slice(cursor) : text.slice(cursor, e)).replace(/\r$/, '');
      cursor = e === -1 ? text.length : e + 1;
      if (line.trim() === '') {
        endedHeaders = true;
        break;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) {
        problems.push(`Header line not understood: "${line.slice(0, 60)}".`);
        continue;
      }
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(statusCode);
    const rest = text.slice(cursor);
    // An interim or tunnel response is followed by the real one; curl prints both.
    if (endedHeaders && STATUS_LINE.test((rest.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '').trim())) {
      earlier.push(statusLine.trim());
      pos = cursor + (rest.length - rest.replace(/^\s+/, '').length);
      continue;
    }
    if (!endedHeaders) {
      problems.push('The response ends inside the headers (no blank line before a body).');
    }
    const declared = headers['content-length'] !== undefined ? Number(headers['content-length']) : NaN;
    const body = rest.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    const received = Buffer.byteLength(rest, 'utf8');
    if (Number.isFinite(declared) && received < declared) {
      problems.push(`The body is shorter than its Content-Length (${received} of ${declared} bytes): it was cut off.`);
    }
    return {
      httpVersion,
      status,
      statusText: (reason ?? '').trim(),
      headers,
      body,
      earlier,
      problems,
    };
  }
}
