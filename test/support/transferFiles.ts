// Shared bits of the transfer tests: scratch folders, files with known content, buckets.
import { randomBytes } from 'crypto';
import { mkdtempSync, promises as fs, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Created on first use, so a block that mocha filters out (--grep) leaves nothing behind. */
export function scratchDir(label: string): { readonly dir: string; remove: () => void } {
  let dir: string | undefined;
  return {
    get dir(): string {
      dir ??= mkdtempSync(path.join(tmpdir(), `msw-transfer-${label}-`));
      return dir;
    },
    remove: () => {
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function writeRandomFile(file: string, bytes: number): Promise<Buffer> {
  const data = randomBytes(bytes);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data);
  return data;
}

export async function createBucket(client: S3Client, bucket: string): Promise<string> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return false;
    }
    throw err;
  }
}

export const MiB = 1024 * 1024;
