import * as vscode from 'vscode';
import { formatBytes, formatDate } from '../core/format';
import { HEADER_FIELDS, HEADER_NAMES } from '../core/ops/headers';
import type { ObjectProperties } from '../core/ops/metadata';
import { toS3Uri } from '../core/storage/s3url';

/** The scheme of the read-only properties documents. */
export const PROPERTIES_SCHEME = 'media-storage-object';

/**
 * An object's properties as a read-only document beside the tree. A document rather than a
 * hover or a quick pick: it stays open while the user works in the tree, every value (an ETag, a
 * version id, a metadata value) can be selected and copied, it can be searched, and it reads the
 * same in the desktop and in a browser. Edit Metadata redraws an open one.
 */
export class ObjectPropertiesDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPERTIES_SCHEME, this);
  }

  /** One document per object and connection; the tab reads "<name> (properties)". */
  static uriFor(connectionKey: string, bucket: string, key: string): vscode.Uri {
    return vscode.Uri.from({
      scheme: PROPERTIES_SCHEME,
      path: `/${bucket}/${key} (properties)`,
      query: new URLSearchParams({ connection: connectionKey }).toString(),
    });
  }

  /** Shows (or redraws) the document of these properties. */
  async show(connectionKey: string, connectionLabel: string, p: ObjectProperties): Promise<vscode.TextEditor> {
    const uri = this.update(connectionKey, connectionLabel, p);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  }

  /** Redraws the document if it was shown; returns its URI. */
  update(connectionKey: string, connectionLabel: string, p: ObjectProperties): vscode.Uri {
    const uri = ObjectPropertiesDocuments.uriFor(connectionKey, p.bucket, p.key);
    this.texts.set(uri.toString(), propertiesText(p, connectionLabel));
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // A document restored from an earlier session has no text here; its properties may have
    // changed meanwhile, so it asks to be shown again rather than showing old values.
    return (
      this.texts.get(uri.toString()) ??
      vscode.l10n.t('The properties of this object are read when they are shown. Choose Properties on the object in the Media Storage view to read them again.')
    );
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** The document's text: what HeadObject says of the object, one property a line. */
export function propertiesText(p: ObjectProperties, connectionLabel: string): string {
  const none = vscode.l10n.t('(not set)');
  const lines: [string, string][] = [
    [vscode.l10n.t('Object'), toS3Uri(p.bucket, p.key)],
    [vscode.l10n.t('Connection'), connectionLabel],
    [vscode.l10n.t('Size'), vscode.l10n.t('{0} ({1} bytes)', formatBytes(p.size), p.size.toLocaleString('en-US'))],
    [vscode.l10n.t('Last modified'), p.lastModified ? formatDate(p.lastModified) : none],
    ['ETag', p.etag ?? none],
    [vscode.l10n.t('Version id'), p.versionId ?? vscode.l10n.t('(none: the bucket keeps no versions)')],
    [vscode.l10n.t('Storage class'), p.storageClass],
    ...HEADER_FIELDS.map((f): [string, string] => [HEADER_NAMES[f], p[f] ?? none]),
  ];
  if (p.serverSideEncryption) {
    lines.push([vscode.l10n.t('Encryption'), p.sseKmsKeyId ? `${p.serverSideEncryption} (${p.sseKmsKeyId})` : p.serverSideEncryption]);
  }
  if (p.sseCustomerAlgorithm) lines.push([vscode.l10n.t('Encryption'), vscode.l10n.t('customer-provided key ({0})', p.sseCustomerAlgorithm)]);
  if (p.partsCount !== undefined) lines.push([vscode.l10n.t('Parts'), String(p.partsCount)]);
  if (p.websiteRedirectLocation) lines.push([vscode.l10n.t('Website redirect'), p.websiteRedirectLocation]);
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const out = lines.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  const meta = Object.entries(p.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('', vscode.l10n.t('User metadata (x-amz-meta-*):'));
  if (meta.length === 0) out.push(`  ${none}`);
  for (const [name, value] of meta) out.push(`  x-amz-meta-${name}: ${value}`);
  return `${out.join('\n')}\n`;
}
