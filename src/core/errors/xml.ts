/**
 * Tolerant reading of the flat XML bodies S3 sends for errors. A parser library would reject
 * the truncated or hand-edited bodies users paste, and these bodies never nest meaningfully,
 * so a scan for `<Name>text</Name>` pairs reads more of them than a strict parser would.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (m, ent: string) => {
    if (ent.startsWith('#')) {
      const n = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      // Out-of-range code points would make fromCodePoint throw; keep them as written.
      return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[ent] ?? m;
  });
}

export interface XmlFields {
  /** First value of every leaf element, by element name. */
  fields: Map<string, string>;
  /** Name of the first element (the document root), when there is one. */
  root?: string | undefined;
  /** True when an element was opened but the text ends before it closes. */
  truncated: boolean;
}

/** Reads leaf elements; an element cut off by truncation keeps the text up to the cut. */
export function readFlatXml(text: string): XmlFields {
  const fields = new Map<string, string>();
  let root: string | undefined;
  let truncated = false;
  // Skip the prolog and comments so the first real tag is the root.
  const body = text.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const open = /<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>/g;
  let m: RegExpExecArray | null;
  while ((m = open.exec(body)) !== null) {
    const name = m[1];
    // Group 1 is not optional in the pattern, so a match always has it.
    if (name === undefined) continue;
    if (root === undefined) {
      root = name;
    }
    const start = m.index + m[0].length;
    const next = body.indexOf('<', start);
    if (next === -1) {
      // Text runs to the end without a closing tag: the body was cut off inside this element.
      const partial = body.slice(start).trim();
      if (partial && !fields.has(name)) {
        fields.set(name, decodeXmlEntities(partial));
      }
      truncated = true;
      break;
    }
    const close = `</${name}>`;
    if (body.startsWith(close, next)) {
      if (!fields.has(name)) {
        fields.set(name, decodeXmlEntities(body.slice(start, next).trim()));
      }
      open.lastIndex = next + close.length;
    } else {
      // A nested element or a mismatched close: carry on scanning from the next tag.
      open.lastIndex = next;
    }
  }
  if (!truncated && root !== undefined && !body.includes(`</${root}>`) && !/\/>\s*$/.test(body.trim())) {
    truncated = true;
  }
  return { fields, root, truncated };
}

/** Whether the text looks like an XML document at all (so callers can choose this decoder). */
export function looksLikeXml(text: string): boolean {
  return /^\s*(?:\uFEFF)?</.test(text) && /<[A-Za-z?!]/.test(text.slice(0, 200));
}
