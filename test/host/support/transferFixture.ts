// A real S3 server registered as connection "xfer" with an input "xin" (in/, prefix media/) and
// an output "xout", for the transfer tests. The registry lives in the fixture workspace only
// for the duration of a describe block.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TransferApi } from '../../../src/transfer';
import { makeClient, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { api, type TestApi } from './api';
import { removeRegistry, writeRegistry } from './storage';

export type XferApi = TestApi & { transfers: TransferApi; explorer: TestApi['explorer'] & { refresh(node?: unknown): void } };

export interface XferStorage {
  a: XferApi;
  server: S3TestServer;
  client: S3Client;
  inBucket: string;
  outBucket: string;
  tmp: string;
}

export async function registerXfer(server: S3TestServer): Promise<XferStorage> {
  const a = (await api()) as XferApi;
  const client = makeClient(server);
  const inBucket = uniqueBucket('xin');
  const outBucket = uniqueBucket('xout');
  for (const b of [inBucket, outBucket]) await client.send(new CreateBucketCommand({ Bucket: b }));
  await writeRegistry(a, {
    connections: [
      {
        id: 'xfer',
        label: `Transfers (${server.kind})`,
        kind: 's3-compatible',
        region: server.region,
        endpoint: server.endpoint,
        forcePathStyle: true,
        checksumMode: 'when-required',
      },
    ],
    inputs: [{ name: 'xin', connection: 'xfer', bucket: inBucket, prefix: 'media/' }],
    outputs: [{ name: 'xout', connection: 'xfer', bucket: outBucket }],
  });
  // After registering: keys belong to the workspace connection as registered.
  await a.credentials.set('xfer', { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-xfer-'));
  return { a, server, client, inBucket, outBucket, tmp };
}

export async function unregisterXfer(s: XferStorage | undefined): Promise<void> {
  if (!s) return;
  s.a.setPrompter(undefined);
  await s.a.credentials.clear('xfer');
  await removeRegistry(s.a);
  s.client.destroy();
  fs.rmSync(s.tmp, { recursive: true, force: true });
}

export function put(s: XferStorage, bucket: string, key: string, body: Buffer | string, contentType?: string): Promise<unknown> {
  return s.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === 'string' ? Buffer.from(body) : body, ContentType: contentType }));
}

export async function get(s: XferStorage, bucket: string, key: string): Promise<{ body: Buffer; contentType?: string | undefined }> {
  const r = await s.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: Buffer.from(await r.Body!.transformToByteArray()), contentType: r.ContentType };
}

export async function exists(s: XferStorage, bucket: string, key: string): Promise<boolean> {
  try {
    await s.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** Every key the store holds under `prefix`, sorted: what a batch left there, checked without the extension. */
export async function keysUnder(s: XferStorage, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Every file below `dir`, as sorted paths relative to it with "/" separators. */
export function filesUnder(dir: string): string[] {
  const walk = (rel: string): string[] =>
    fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      const child = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? walk(child) : e.isFile() ? [child] : [];
    });
  return fs.existsSync(dir) ? walk('').sort() : [];
}

/** A local file with deterministic content. */
export function localFile(s: XferStorage, rel: string, size: number, seed = 1): string {
  const file = path.join(s.tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + seed) & 0xff;
  fs.writeFileSync(file, buf);
  return file;
}

/** For an afterEach: on a failed test, appends the extension's last log lines to the host log, which says why a command returned nothing. */
export function dumpLogOnFailure(test: { state?: string | undefined } | undefined, s: XferStorage | undefined): void {
  const out = process.env.MSW_HOST_LOG;
  if (test?.state === 'failed' && s && out) fs.appendFileSync(out, `--- extension log:\n${s.a.logger.recent.slice(-12).join('\n')}\n`);
}
