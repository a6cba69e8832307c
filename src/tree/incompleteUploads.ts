import * as vscode from 'vscode';
/**
 * The children of an "Incomplete Uploads" node: the store's own list of unfinished multipart
 * uploads under the node's prefix, joined with the resume store's records (which know the local
 * file, so those can be resumed). Where the store cannot list them (s3rver has no
 * ListMultipartUploads), the records alone are shown, so Resume still works there.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { INTERACTIVE_RETRY } from '../core/storage/client';
import type { IncompleteUpload } from '../core/transfer/leftovers';
import type { ResumeRecord, ResumeStore } from '../core/transfer/resumeStore';
import { listIncompleteUploads } from '../lazyTransfer';
import { type IncompleteGroupNode, IncompleteUploadNode, MessageNode, type PartsKnown, partsOfRecord, type TreeNode } from './nodes';

/** Enough to see what is there and abort it; Abort All lists afresh without this bound. */
export const INCOMPLETE_LIST_LIMIT = 200;
/** ListParts costs one request per upload, so only the first ones are asked. */
const PARTS_LOOKUPS = 20;
const PARTS_LOOKUPS_AT_ONCE = 4;

export const cannotListText = (): string => vscode.l10n.t("This store can't list incomplete uploads (no ListMultipartUploads)");

/**
 * The client with the tree's retry policy (one quick retry at most) on every request that does
 * not name its own. listIncompleteUploads takes no policy, and the gateway's default retries a
 * 501 as a server error for over half a minute: s3rver answers ListMultipartUploads with 501.
 */
export function interactiveClient(client: S3Client): S3Client {
  const send = client.send.bind(client) as (command: unknown, options?: object) => Promise<unknown>;
  return Object.assign(Object.create(client) as S3Client, {
    send: (command: unknown, options?: object) => send(command, { retry: INTERACTIVE_RETRY, ...options }),
  });
}

/** The records of uploads to this connection and bucket under the prefix. */
export async function recordsFor(store: ResumeStore | undefined, connectionKey: string, bucket: string, prefix: string): Promise<ResumeRecord[]> {
  // An unreadable resume folder costs only the Resume action, never the listing.
  const all = (await store?.list().catch(() => [])) ?? [];
  return all
    .filter((r) => r.connectionKey === connectionKey && r.bucket === bucket && r.key.startsWith(prefix))
    .sort((a, b) => a.key.localeCompare(b.key) || a.startedAt.localeCompare(b.startedAt));
}

/** Parts and bytes the store holds for an upload (the first 1,000 parts), undefined where it can't tell. */
async function storedParts(client: S3Client, bucket: string, upload: IncompleteUpload, signal: AbortSignal): Promise<PartsKnown> {
  const { ListPartsCommand } = await import('@aws-sdk/client-s3');
  try {
    const page = await client.send(new ListPartsCommand({ Bucket: bucket, Key: upload.key, UploadId: upload.uploadId }), { abortSignal: signal });
    const parts = page.Parts ?? [];
    return { count: parts.length, bytes: parts.reduce((sum, p) => sum + (p.Size ?? 0), 0), more: page.IsTruncated === true };
  } catch (error) {
    // An abort of the whole listing is the listing's to report; one upload's parts are a detail.
    if (signal.aborted) throw error;
    return undefined;
  }
}

export async function loadIncompleteChildren(
  pooled: S3Client,
  group: IncompleteGroupNode,
  store: ResumeStore | undefined,
  signal: AbortSignal,
): Promise<TreeNode[]> {
  const client = interactiveClient(pooled);
  const connectionKey = group.connection?.key ?? '';
  const [records, listing] = await Promise.all([
    recordsFor(store, connectionKey, group.bucket, group.prefix),
    listIncompleteUploads(client, group.bucket, group.prefix, { signal, limit: INCOMPLETE_LIST_LIMIT }),
  ]);
  const out: TreeNode[] = [];
  if (!listing.supported) {
    out.push(
      new MessageNode(
        group.id,
        cannotListText(),
        vscode.l10n.t('Only the uploads this editor kept for Resume are shown; uploads started elsewhere may hold parts here that cannot be seen.'),
        undefined,
        'warning',
      ),
    );
    for (const r of records) out.push(new IncompleteUploadNode(group, r.key, r.uploadId, undefined, r, partsOfRecord(r)));
    if (!records.length) out.push(new MessageNode(group.id, vscode.l10n.t('None kept for Resume'), undefined, undefined, 'circle-slash'));
    return out;
  }

  const byId = new Map(records.map((r) => [r.uploadId, r]));
  const lookups = listing.uploads.filter((u) => !byId.has(u.uploadId)).slice(0, PARTS_LOOKUPS);
  const parts = new Map<string, PartsKnown>();
  const queue = [...lookups];
  await Promise.all(
    Array.from({ length: Math.min(PARTS_LOOKUPS_AT_ONCE, queue.length) }, async () => {
      for (let u = queue.shift(); u; u = queue.shift()) parts.set(u.uploadId, await storedParts(client, group.bucket, u, signal));
    }),
  );
  for (const u of listing.uploads) {
    const record = byId.get(u.uploadId);
    out.push(new IncompleteUploadNode(group, u.key, u.uploadId, u.initiated, record, record ? partsOfRecord(record) : parts.get(u.uploadId)));
  }
  if (listing.truncated) {
    out.push(
      new MessageNode(
        group.id,
        vscode.l10n.t('Showing the first {0}; there are more', INCOMPLETE_LIST_LIMIT),
        vscode.l10n.t('Abort All covers every incomplete upload here, not only those shown.'),
        undefined,
        'ellipsis',
      ),
    );
  } else {
    // A complete listing without the record's upload: it was completed or aborted elsewhere,
    // and the record is shown so that it can be forgotten rather than linger in Resume's list.
    const listed = new Set(listing.uploads.map((u) => u.uploadId));
    for (const r of records) {
      if (!listed.has(r.uploadId)) out.push(new IncompleteUploadNode(group, r.key, r.uploadId, undefined, r, partsOfRecord(r), true));
    }
  }
  if (!out.length) {
    out.push(
      new MessageNode(
        group.id,
        vscode.l10n.t('None'),
        vscode.l10n.t('No multipart upload in {0} is waiting to be completed or aborted.', group.s3Uri),
        undefined,
        'circle-slash',
      ),
    );
  }
  return out;
}
