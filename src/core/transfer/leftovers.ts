/**
 * Finds and aborts incomplete multipart uploads that a cancelled or failed upload left behind.
 * lib-storage aborts its own upload, but only after its in-flight parts finish and only if the
 * store is still reachable; and parts of an unaborted upload are billed storage that no
 * listing of objects shows. So after a cancel or failure the store is checked, not trusted.
 */
import type { S3Client } from '@aws-sdk/client-s3';

export interface LeftoverCheck {
  /**
   * clean: listed after the abort and none of ours remain. unverifiable: the store does not
   * implement ListMultipartUploads (s3rver). failed: the store could not be asked (see error).
   */
  status: 'clean' | 'unverifiable' | 'failed';
  abortedUploadIds: string[];
  error?: unknown;
}

/** SigV4 refuses requests from clocks more than 15 minutes apart, which bounds the skew. */
const CLOCK_SKEW_MS = 15 * 60_000;

function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string } | undefined;
  return e?.Code ?? e?.name ?? '';
}

/**
 * Aborts incomplete uploads of exactly `key` begun since `startedAt`, and lists again until none
 * remain: an upload whose CreateMultipartUpload was in flight at the cancel appears a little later.
 */
export async function abortLeftoverUploads(
  client: S3Client,
  bucket: string,
  key: string,
  startedAt: Date,
  opts: { settleMs?: number } = {},
): Promise<LeftoverCheck> {
  const { ListMultipartUploadsCommand, AbortMultipartUploadCommand } = await import('@aws-sdk/client-s3');
  const since = startedAt.getTime() - CLOCK_SKEW_MS;
  const aborted: string[] = [];
  const deadline = Date.now() + (opts.settleMs ?? 3_000);
  let quietRounds = 0;
  try {
    for (;;) {
      const ours: string[] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const page = await client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          const initiated = upload.Initiated?.getTime() ?? Number.POSITIVE_INFINITY;
          if (upload.Key === key && upload.UploadId && initiated >= since) {
            ours.push(upload.UploadId);
          }
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);

      for (const uploadId of ours) {
        try {
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
          aborted.push(uploadId);
        } catch (error) {
          // lib-storage's own abort may have got there first.
          if (errorName(error) !== 'NoSuchUpload') {
            throw error;
          }
        }
      }
      quietRounds = ours.length === 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 2 || Date.now() > deadline) {
        return ours.length === 0
          ? { status: 'clean', abortedUploadIds: aborted }
          : { status: 'failed', abortedUploadIds: aborted, error: new Error(`Incomplete uploads of "${key}" remain: ${ours.join(', ')}`) };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    if (errorName(error) === 'NotImplemented') {
      return { status: 'unverifiable', abortedUploadIds: aborted };
    }
    return { status: 'failed', abortedUploadIds: aborted, error };
  }
}
