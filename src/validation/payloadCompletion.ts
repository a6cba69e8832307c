import { getLocation, parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Kind } from '../core/validation/kinds';
import { schemaFor } from '../core/validation/schemas';
import type { StorageRegistry } from '../storage/storageModel';
import type { ExplorerProvider } from '../tree/explorer';
import { AWS_REGIONS } from './awsRegions';
import { policyCompletion } from './lazyValidate';
import type { SuggestionKind } from '../core/validation/policyAssist';
import type { KindResolver, ResolvedKind } from './kindResolver';

interface Suggestion {
  value: string;
  detail: string;
  kind: vscode.CompletionItemKind;
}

const ITEM_KIND: Record<SuggestionKind, vscode.CompletionItemKind> = {
  action: vscode.CompletionItemKind.Function,
  operator: vscode.CompletionItemKind.Operator,
  conditionKey: vscode.CompletionItemKind.Property,
  arn: vscode.CompletionItemKind.Value,
  principal: vscode.CompletionItemKind.Reference,
  enum: vscode.CompletionItemKind.EnumMember,
};

/** Items that replace `replace` (a whole string literal, quotes included, or the cursor). */
function items(doc: vscode.TextDocument, suggestions: Suggestion[], replace: { offset: number; length: number }): vscode.CompletionItem[] {
  const range = new vscode.Range(doc.positionAt(replace.offset), doc.positionAt(replace.offset + replace.length));
  return suggestions.map((s, i) => {
    const item = new vscode.CompletionItem(s.value, s.kind);
    item.detail = s.detail;
    item.insertText = JSON.stringify(s.value);
    item.filterText = JSON.stringify(s.value);
    item.range = range;
    item.sortText = `0${String(i).padStart(4, '0')}`;
    return item;
  });
}

const BUCKET_FIELDS = new Set(['bucketName', 'bucket']);
const REGION_FIELDS = new Set(['region', 'aws:RequestedRegion', 's3:LocationConstraint']);

/**
 * Values only this extension knows: buckets of the registered locations and of the connections
 * the tree has listed, location names, regions. Schema enums are left to the JSON language
 * service where our schema reaches it, so the same item is not offered twice.
 */
export class PayloadCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly kinds: KindResolver,
    private readonly registry: StorageRegistry,
    private readonly explorer: ExplorerProvider,
  ) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const resolved = this.kinds.resolve(doc);
    if (!resolved) return [];
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    if (resolved.kind === 's3-bucket-policy') return this.policyItems(doc, text, offset);
    const loc = getLocation(text, offset);
    if (loc.isAtPropertyKey) return [];
    const path = loc.path;
    const last = path[path.length - 1];
    const field = typeof last === 'number' ? path[path.length - 2] : last;
    if (typeof field !== 'string') return [];

    const suggestions = await this.suggestionsFor(resolved, field);
    if (suggestions.length === 0) return [];
    const node = loc.previousNode;
    // Replace the whole string literal, quotes included, so a half-typed value is completed.
    const replace =
      node && node.type === 'string' && offset >= node.offset && offset <= node.offset + node.length
        ? { offset: node.offset, length: node.length }
        : { offset, length: 0 };
    return items(doc, suggestions, replace);
  }

  private async policyItems(doc: vscode.TextDocument, text: string, offset: number): Promise<vscode.CompletionItem[]> {
    const buckets = (await this.buckets()).map((b) => ({ bucket: b.value, detail: b.detail }));
    const prefixes = [...this.registry.model.inputs, ...this.registry.model.outputs]
      .filter((l) => l.location.prefix)
      .map((l) => ({
        bucket: l.location.bucket,
        prefix: l.location.prefix ?? '',
        detail: l.location.role === 'input' ? vscode.l10n.t('input "{0}"', l.location.name) : vscode.l10n.t('output "{0}"', l.location.name),
      }));
    // A half-typed document still has a value for the statements before the cursor.
    const c = policyCompletion(text, offset, parse(text), { buckets, prefixes });
    if (!c) return [];
    return items(
      doc,
      c.suggestions.map((s) => ({ value: s.value, detail: s.detail, kind: ITEM_KIND[s.kind] })),
      c.replace,
    );
  }

  private async suggestionsFor(resolved: ResolvedKind, field: string): Promise<Suggestion[]> {
    const kind = resolved.kind;
    if (kind !== 's3-cors' && BUCKET_FIELDS.has(field)) return this.buckets();
    if (field === 'name' && kind.startsWith('bitmovin-') && kind !== 'bitmovin-response') return this.locationNames(kind);
    if (field === 'cloudRegion' && !resolved.coveredByJsonService) return bitmovinRegions(kind);
    if (REGION_FIELDS.has(field)) return AWS_REGIONS.map((r) => ({ value: r.id, detail: r.name, kind: vscode.CompletionItemKind.EnumMember }));
    if (field === 's3host' && kind === 'impossible-destination') {
      return AWS_REGIONS.map((r) => ({ value: `s3.${r.id}.amazonaws.com`, detail: r.name, kind: vscode.CompletionItemKind.Value }));
    }
    return [];
  }

  private async buckets(): Promise<Suggestion[]> {
    const model = this.registry.model;
    const seen = new Map<string, Suggestion>();
    for (const l of [...model.inputs, ...model.outputs]) {
      if (!seen.has(l.location.bucket)) {
        const detail = l.location.role === 'input' ? vscode.l10n.t('input "{0}"', l.location.name) : vscode.l10n.t('output "{0}"', l.location.name);
        seen.set(l.location.bucket, { value: l.location.bucket, detail, kind: vscode.CompletionItemKind.Folder });
      }
    }
    for (const [bucket, connection] of await this.listedBuckets()) {
      if (!seen.has(bucket)) seen.set(bucket, { value: bucket, detail: vscode.l10n.t('bucket on {0}', connection), kind: vscode.CompletionItemKind.Folder });
    }
    return [...seen.values()];
  }

  /**
   * Buckets the tree has already listed (ListBuckets per connection). Only what is cached is read:
   * completion must not start network requests or wait for them.
   */
  private async listedBuckets(): Promise<[string, string][]> {
    const out: [string, string][] = [];
    const top = await this.explorer.getChildren();
    const group = top.find((n) => n.kind === 'group' && n.group === 'buckets');
    if (!group) return out;
    for (const conn of await this.explorer.getChildren(group)) {
      if (conn.kind !== 'connection') continue;
      for (const child of conn.children ?? []) {
        if (child.kind === 'bucket') out.push([child.bucket, conn.entry.connection.label]);
      }
    }
    return out;
  }

  private locationNames(kind: Kind): Suggestion[] {
    const model = this.registry.model;
    const wanted = kind.endsWith('-input') ? model.inputs : model.outputs;
    return wanted.map((l) => ({
      value: l.location.name,
      detail:
        l.location.role === 'input'
          ? vscode.l10n.t('registered input: s3://{0}/{1}', l.location.bucket, l.location.prefix ?? '')
          : vscode.l10n.t('registered output: s3://{0}/{1}', l.location.bucket, l.location.prefix ?? ''),
      kind: vscode.CompletionItemKind.Reference,
    }));
  }
}

function bitmovinRegions(kind: Kind): Suggestion[] {
  const prop = (schemaFor(kind)['properties'] as Record<string, { enum?: unknown[]; markdownEnumDescriptions?: string[] }> | undefined)?.['cloudRegion'];
  const values = (prop?.enum ?? []).filter((v): v is string => typeof v === 'string');
  return values.map((v, i) => ({ value: v, detail: prop?.markdownEnumDescriptions?.[i] ?? '', kind: vscode.CompletionItemKind.EnumMember }));
}
