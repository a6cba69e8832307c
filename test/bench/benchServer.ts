// Starts the S3 servers for benchmarks through the test fixtures, with room for the big files.
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { makeClient, startCeph, startS3rver, uniqueBucket } from '../s3/servers';
import type { S3TestServer } from '../s3/types';

export type Kind = S3TestServer['kind'];

export interface BenchServer {
  server: S3TestServer;
  client: S3Client;
  bucket: string;
  version: string;
}

export async function startBenchServer(kind: Kind, version: string): Promise<BenchServer> {
  if (kind === 'ceph') {
    // The memstore OSD holds objects in RAM up to this cap; several 1 GiB uploads plus the
    // 100,000-object listing set are alive at once before garbage collection frees them.
    process.env.CEPH_RGW_MEMSTORE_BYTES ??= String(12 * 1024 ** 3);
  }
  const server = kind === 'ceph' ? await startCeph() : await startS3rver();
  try {
    const client = makeClient(server);
    const bucket = uniqueBucket(`bench-${kind}`);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return { server, client, bucket, version };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export async function stopBenchServer(b: BenchServer): Promise<void> {
  b.client.destroy();
  await b.server.stop();
}

/** Deletes every object under `prefix` one by one (Ceph 16 refuses the SDK's checksummed DeleteObjects). */
export async function deletePrefix(b: BenchServer, prefix: string, parallel = 16): Promise<void> {
  let token: string | undefined;
  do {
    const page = await b.client.send(new ListObjectsV2Command({ Bucket: b.bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((o) => o.Key).filter((k): k is string => k !== undefined);
    for (let i = 0; i < keys.length; i += parallel) {
      await Promise.all(keys.slice(i, i + parallel).map((Key) => b.client.send(new DeleteObjectCommand({ Bucket: b.bucket, Key }))));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
