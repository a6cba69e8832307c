import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isAccessKeyIdFieldName, isPlaceholder, isSecretAccessKeyFieldName } from '../core/secrets';
import { ACCESS_KEY_PLACEHOLDER, SECRET_KEY_PLACEHOLDER } from '../core/validation/generators';
import type { JsonPath } from '../core/validation/types';
import type { Logger } from '../logger';
import { describeConnection } from '../storage/credentialConsent';
import { pickConnectionEntry, storeMovedSecret } from '../storage/credentialPrompts';
import type { CredentialStore } from '../storage/credentialStore';
import type { StorageRegistry } from '../storage/storageModel';
import type { PrompterHolder } from '../ui/prompter';

/** Secret fields whose value is an S3 secret access key, which a connection's credentials can hold. */
export const MOVABLE_SECRET_FIELDS: Pick<ReadonlySet<string>, 'has'> = { has: isSecretAccessKeyFieldName };

export interface SecretMoveDeps {
  registry: StorageRegistry;
  credentials: CredentialStore;
  prompts: PrompterHolder;
  log: Logger;
}

function property(obj: JsonNode | undefined, name: string): JsonNode | undefined {
  return obj?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}

/** The access key id next to a secret: an id-named field, or the bare "key" of Dolby.io and Qencode auth. */
function keyIdSibling(owner: JsonNode | undefined): JsonNode | undefined {
  return owner?.children
    ?.filter((p) => {
      const name: unknown = p.children?.[0]?.value;
      return typeof name === 'string' && (isAccessKeyIdFieldName(name) || name === 'key');
    })
    .map((p) => p.children?.[1])
    .find((n) => n?.type === 'string' && !isPlaceholder(n.value as string));
}

/** The bucket a payload is about, to suggest the connection that serves it. */
function payloadBucket(root: JsonNode, owner: JsonNode | undefined): string | undefined {
  for (const obj of [owner, root]) {
    for (const name of ['bucketName', 'bucket']) {
      const v = property(obj, name);
      if (v?.type === 'string') return v.value as string;
    }
  }
  return undefined;
}

/**
 * Takes a plaintext secret out of a payload: stores it (with its access key id) as the
 * credentials of a registered connection, and leaves a placeholder in the file.
 */
export async function movePayloadSecret(deps: SecretMoveDeps, uri: vscode.Uri, path: JsonPath): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const root = parseTree(doc.getText(), [], { allowTrailingComma: true, disallowComments: false });
  const valueNode = root && findNodeAtLocation(root, path);
  if (!root || valueNode?.type !== 'string') throw new Error('the secret is no longer at that place in the document');
  const secret = valueNode.value as string;
  deps.log.addSecret(secret);
  const owner = valueNode.parent?.parent;
  const keyNode = keyIdSibling(owner);

  const model = deps.registry.model;
  const bucket = payloadBucket(root, owner);
  const serving = new Set([...model.inputs, ...model.outputs].filter((l) => l.location.bucket === bucket).map((l) => l.connection));
  const prompter = deps.prompts.current;
  const entry = await pickConnectionEntry(
    prompter,
    'payloadSecret.connection',
    vscode.l10n.t('Keep this secret as the credentials of which connection?'),
    model.connections,
    (c) => (serving.has(c) ? vscode.l10n.t('serves bucket "{0}"', bucket ?? '') : undefined),
  );
  if (!entry) return;

  if (!(await storeMovedSecret(prompter, deps.credentials, entry, secret, keyNode?.value as string | undefined, 'payloadSecret'))) return;

  const edit = new vscode.WorkspaceEdit();
  const replace = (n: JsonNode, text: string): void =>
    edit.replace(uri, new vscode.Range(doc.positionAt(n.offset), doc.positionAt(n.offset + n.length)), JSON.stringify(text));
  replace(valueNode, SECRET_KEY_PLACEHOLDER);
  // The key id travels with the secret: it is stored now, and an AWS key id left behind still
  // identifies the account.
  if (keyNode) replace(keyNode, ACCESS_KEY_PLACEHOLDER);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit of the document');
  // The secret must leave the disk too, not only the editor buffer.
  if (!doc.isUntitled) await doc.save();
  deps.log.info(`Moved a secret from ${vscode.workspace.asRelativePath(uri)} to the secret store (${describeConnection(entry)})`);
}
