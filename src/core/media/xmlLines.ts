/**
 * Start tags of an XML document with the line each starts on, as a tree. mpd-parser gives no
 * lines, and a finding must name the MPD line a segment comes from; this reads only tags and
 * attributes (no entities, no text), which is all an MPD's structure needs.
 */
export interface XmlElement {
  /** local name, without a namespace prefix */
  name: string;
  attributes: Record<string, string>;
  /** 1-based */
  line: number;
  children: XmlElement[];
  /** text directly inside (BaseURL's value), trimmed */
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** The document's root element, or undefined when the text has none. Unbalanced tags are closed where they end. */
export function scanXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', attributes: {}, line: 1, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (let i = counted; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let lastEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    const between = text.slice(lastEnd, m.index).trim();
    if (top && between !== '') top.text += between;
    lastEnd = m.index + m[0].length;
    const [, closing, opening, attrs, selfClosing] = m;
    if (closing !== undefined) {
      const name = localName(closing);
      let at = stack.length - 1;
      while (at > 0 && stack[at]?.name !== name) at--;
      if (at > 0) stack.length = at;
      continue;
    }
    if (opening === undefined) continue;
    const attributes: Record<string, string> = {};
    for (const a of (attrs ?? '').matchAll(ATTRIBUTE)) if (a[1] !== undefined) attributes[localName(a[1])] = decode(a[2] ?? a[3] ?? '');
    const element: XmlElement = { name: localName(opening), attributes, line: lineAt(m.index), children: [], text: '' };
    top?.children.push(element);
    if (selfClosing !== '/') stack.push(element);
  }
  return root.children[0];
}

function decode(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
}

/** Direct children with this local name. */
export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}
