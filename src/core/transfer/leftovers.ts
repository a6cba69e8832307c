/**
 * Incomplete multipart uploads: what an interrupted upload left on the store, and the listing
 * behind each bucket's "Incomplete Uploads" node. Parts of an unaborted upload are billed
 * storage that no listing of objects shows, so they are listed here, never guessed at: an
 * upload is aborted only by its own id (see multipart.ts), never because its key and start time
 * look like ours.
 */
import type { S3Client } from '@aws-sdk/client-s3';

export interface LeftoverCheck {
  /**
   * clean: aborted, and the store confirms it is gone (or none was created). kept: left for
   * Resume. unverifiable: the store implements neither abort nor ListParts (s3rver). failed: the
   * store could not be asked (see error).
   */
  status: 'clean' | 'kept' | 'unverifiable' | 'failed';
  abortedUploadIds: string[];
  error?: unknown;
}

export interface IncompleteUpload {
  key: string;
  uploadId: string;
  /** As the store's listing gives them: undefined when it leaves them out. */
  initiated?: Date | undefined;
  storageClass?: string | undefined;
}

export type IncompleteListing =
  | { supported: true; uploads: IncompleteUpload[]; truncated: boolean }
  /** The store has no ListMultipartUploads (s3rver answers 501 NotImplemented). */
  | { supported: false };

/**
 * Incomplete uploads under a prefix, at most `limit` of them. The SDK has no paginator for
 * ListMultipartUploads (it pages by key and upload-id markers, not a token), hence the loop.
 */
export async function listIncompleteUploads(
  client: S3Client,
  bucket: string,
  prefix: string,
  opts: { signal?: AbortSignal; limit?: number } = {},
): Promise<IncompleteListing> {
  const { ListMultipartUploadsCommand } = await import('@aws-sdk/client-s3');
  const limit = opts.limit ?? 1000;
  const uploads: IncompleteUpload[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  try {
    for (;;) {
      const page = await client.send(
        new ListMultipartUploadsCommand({
          Bucket: bucket,
          Prefix: prefix || undefined,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
          MaxUploads: Math.min(1000, limit),
        }),
        opts.signal ? { abortSignal: opts.signal } : {},
      );
      for (const u of page.Uploads ?? []) {
        if (u.Key && u.UploadId) uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated, storageClass: u.StorageClass });
      }
      const truncated = page.IsTruncated === true && page.NextKeyMarker !== undefined;
      if (!truncated || uploads.length >= limit) return { supported: true, uploads: uploads.slice(0, limit), truncated };
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotImplemented' || e.$metadata?.httpStatusCode === 501) return { supported: false };
    throw error;
  }
}
