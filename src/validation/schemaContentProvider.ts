import type * as vscode from 'vscode';
import { editorSchema } from '../core/validation/editorSchema';
import { detectKindFromSchemaRef } from '../core/validation/kinds';
import { schemaFor } from '../core/validation/schemas';

/**
 * Serves the bundled schemas as `media-storage-schema:/<kind>.schema.json`.
 *
 * Why: a `$schema` naming our `$id` (https://media-storage-workbench.dev/schemas/…) makes VS
 * Code's JSON service download it, which fails offline and shows a warning. The JSON service
 * reads any non-http scheme through `openTextDocument`, so with this provider a document can
 * name its schema in `$schema` and get completion, hover and schema checks with no network.
 * It serves the editor copy, like the `jsonValidation` files: without `required`, whose
 * omissions the extension reports itself as errors (see editorSchema.ts).
 */
export class SchemaContentProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const kind = detectKindFromSchemaRef(uri.path);
    if (!kind) throw new Error(`No Media Storage schema is named ${uri.toString()}`);
    return JSON.stringify(editorSchema(schemaFor(kind)), null, 2);
  }
}
