import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isAccessKeyIdFieldName, isPlaceholder, isSecretAccessKeyFieldName } from '../core/secrets';
import { ACCESS_KEY_PLACEHOLDER, SECRET_KEY_PLACEHOLDER } from '../core/validation/generators';
import type { JsonPath } from '../core/validation/types';
import type { Logger } from '../logger';
import type { CredentialStore } from '../storage/credentialStore';
import type { StorageRegistry } from '../storage/storageModel';
import { BACK, type PrompterHolder } from '../ui/prompter';

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
      const name = p.children?.[0]?.value;
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
 * credentials of a registered connection, and leaves a placeholder in the file. Returns the
 * connection id, or undefined when the user cancelled.
 */
export async function movePayloadSecret(deps: SecretMoveDeps, uri: vscode.Uri, path: JsonPath): Promise<string | undefined> {
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
  const serving = new Set([...model.inputs, ...model.outputs].filter((l) => l.location.bucket === bucket).map((l) => l.connection?.connection.id));
  const prompter = deps.prompts.current;
  const connectionId = await prompter.pick<string>({
    id: 'payloadSecret.connection',
    placeholder: 'Keep this secret as the credentials of which connection?',
    items: model.connections.map((c) => ({
      label: c.connection.id,
      description: c.connection.label,
      ...(serving.has(c.connection.id) ? { detail: `serves bucket "${bucket ?? ''}"`, picked: true } : {}),
      value: c.connection.id,
    })),
  });
  if (connectionId === undefined || connectionId === BACK) return undefined;

  const stored = await deps.credentials.get(connectionId);
  let accessKeyId = (keyNode?.value as string | undefined) ?? stored?.accessKeyId;
  if (!accessKeyId) {
    const typed = await prompter.input({ id: 'payloadSecret.accessKeyId', prompt: `Access key ID that goes with this secret (connection "${connectionId}")`, validate: (v) => (/^\S+$/.test(v) ? undefined : 'Enter the access key ID') });
    if (typed === undefined || typed === BACK) return undefined;
    accessKeyId = typed;
  }
  // Replacing other stored keys silently would lose the ones the connection works with today.
  if (stored && (stored.secretAccessKey !== secret || stored.accessKeyId !== accessKeyId)) {
    const ok = await prompter.confirm({ id: 'payloadSecret.replace', message: `Connection "${connectionId}" already has credentials in the secret store. Replace them with the ones from this file?`, confirmLabel: 'Replace' });
    if (!ok) return undefined;
  }
  await deps.credentials.set(connectionId, { accessKeyId, secretAccessKey: secret });

  const edit = new vscode.WorkspaceEdit();
  const replace = (n: JsonNode, text: string): void => edit.replace(uri, new vscode.Range(doc.positionAt(n.offset), doc.positionAt(n.offset + n.length)), JSON.stringify(text));
  replace(valueNode, SECRET_KEY_PLACEHOLDER);
  // The key id travels with the secret: it is stored now, and an AWS key id left behind still
  // identifies the account.
  if (keyNode) replace(keyNode, ACCESS_KEY_PLACEHOLDER);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit of the document');
  // The secret must leave the disk too, not only the editor buffer.
  if (!doc.isUntitled) await doc.save();
  deps.log.info(`Moved a secret from ${vscode.workspace.asRelativePath(uri)} to the secret store (connection "${connectionId}")`);
  return connectionId;
}
