import { getLocation, type JSONPath } from 'jsonc-parser';
import * as vscode from 'vscode';
import { schemaFor, type JsonSchema } from '../core/validation/schemas';
import { isRecord } from '../core/guards';
import type { KindResolver } from './kindResolver';
import { policyHover } from './lazyValidate';

/** The subschema a JSON path leads to, following properties, items and local $refs. */
function schemaAt(root: JsonSchema, path: JSONPath): JsonSchema | undefined {
  const deref = (s: unknown): JsonSchema | undefined => {
    if (!isRecord(s)) return undefined;
    const ref = s['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      let target: unknown = root;
      for (const part of ref.slice(2).split('/')) target = isRecord(target) ? target[part] : undefined;
      return isRecord(target) ? target : undefined;
    }
    return s;
  };
  let s = deref(root);
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') {
      s = deref(s['items']);
      continue;
    }
    const props = s['properties'];
    s = deref(isRecord(props) ? props[seg] : undefined);
  }
  return s;
}

/**
 * Hovers that explain a field and where its rule comes from: S3 actions, condition operators and
 * keys in policies, and the schema's description of payload fields where VS Code's JSON service
 * does not already show it (content-detected or explicitly associated documents).
 */
export class PayloadHover implements vscode.HoverProvider {
  constructor(private readonly kinds: KindResolver) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const resolved = this.kinds.resolve(doc);
    if (!resolved) return undefined;
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const range = (o: number, l: number): vscode.Range => new vscode.Range(doc.positionAt(o), doc.positionAt(o + l));
    if (resolved.kind === 's3-bucket-policy') {
      const h = policyHover(text, offset);
      if (h) return new vscode.Hover(new vscode.MarkdownString(h.markdown), range(h.offset, h.length));
    }
    if (resolved.coveredByJsonService) return undefined;
    const loc = getLocation(text, offset);
    const node = loc.previousNode;
    if (!loc.isAtPropertyKey || !node) return undefined;
    const root = schemaFor(resolved.kind);
    const sub = schemaAt(root, loc.path);
    const description = sub?.['markdownDescription'] ?? sub?.['description'];
    if (typeof description !== 'string') return undefined;
    const source = typeof root['description'] === 'string' ? `\n\n_${root['description']}_` : '';
    return new vscode.Hover(new vscode.MarkdownString(`${description}${source}`), range(node.offset, node.length));
  }
}
