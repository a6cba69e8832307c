// Shared bits of the fault tier: clients made by the extension's own factory (timeouts, retries,
// cancel exactly as the product has them), pointed at a real server or at a fault proxy in front
// of one. Everything here talks to 127.0.0.1 only.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type NetworkOptions } from '../../src/core/storage/client';
import type { S3TestServer } from '../s3/servers';

export async function gatewayClient(server: S3TestServer, endpoint = server.endpoint, network: Partial<NetworkOptions> = {}): Promise<S3Client> {
  return createS3Client(
    { id: 'fault', label: 'Fault', kind: 's3-compatible', region: server.region, endpoint, forcePathStyle: true },
    { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    network,
  );
}

/** Fast retries, so a test that rides out a fault does not wait for production backoff. */
export const QUICK_RETRY = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 800 };

export async function md5OfObject(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hash = createHash('md5');
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest('hex');
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

export async function md5OfLocal(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export async function incompleteUploads(client: S3Client, bucket: string): Promise<string[]> {
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (out.Uploads ?? []).map((u) => `${u.Key ?? ''} ${u.UploadId ?? ''}`);
}

export { seeded } from '../support/random';
