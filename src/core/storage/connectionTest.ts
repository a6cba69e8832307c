import type { S3Client } from '@aws-sdk/client-s3';
import { INTERACTIVE_RETRY, sendOptions } from './client';
import { listBuckets } from './listing';

/** What a new or edited connection's test found. */
export type ConnectionTestResult = { kind: 'buckets'; buckets: string[] } | { kind: 'bucket'; bucket: string };

/**
 * Proves a connection signs and reaches its service: ListBuckets, or HeadBucket on one bucket
 * where the keys may not list all buckets (a policy scoped to one bucket). Throws the SDK's error,
 * which the caller decodes.
 */
export async function testConnection(client: S3Client, opts: { bucket?: string | undefined; signal?: AbortSignal }): Promise<ConnectionTestResult> {
  if (opts.bucket === undefined) {
    const buckets = await listBuckets(client, { ...(opts.signal ? { signal: opts.signal } : {}), retry: INTERACTIVE_RETRY });
    return { kind: 'buckets', buckets: buckets.map((b) => b.name) };
  }
  const { HeadBucketCommand } = await import('@aws-sdk/client-s3');
  await client.send(new HeadBucketCommand({ Bucket: opts.bucket }), sendOptions({ abortSignal: opts.signal, retry: INTERACTIVE_RETRY }));
  return { kind: 'bucket', bucket: opts.bucket };
}
