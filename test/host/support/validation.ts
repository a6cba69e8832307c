// Helpers for the validation tests: the extension's validation API, and waiting for the
// diagnostics of a document the way the Problems view gets them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ErrorReporter } from '../../../src/errors/errorReporter';
import type { ValidationApi } from '../../../src/validation';
import { api, type TestApi } from './api';

export type ValidationTestApi = TestApi & { validation: ValidationApi; errors: ErrorReporter };

export async function validationApi(): Promise<ValidationTestApi> {
  const a = (await api()) as ValidationTestApi;
  assert.ok(a.validation, 'the API has no validation part');
  return a;
}

export const SOURCE = 'Media Storage';

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Polls until `check` holds for the document's diagnostics (all sources), or fails with the last state. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  check: (all: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const all = vscode.languages.getDiagnostics(uri);
    if (check(all)) return all;
    if (Date.now() > until) {
      assert.fail(`${what}: timed out; diagnostics now: ${all.map((d) => `${d.source ?? '?'}:${codeOf(d)} ${d.message}`).join(' | ') || '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The range of the first occurrence of `literal` in the document. */
export function rangeOf(doc: vscode.TextDocument, literal: string, from = 0): vscode.Range {
  const at = doc.getText().indexOf(literal, from);
  assert.ok(at >= 0, `"${literal}" is not in ${doc.uri.toString()}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + literal.length));
}

export function summary(ds: vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
}

export function at(r: vscode.Range, code: string): string {
  return `${code}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function completionLabels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}
