// `npm run bench -- --tune` on s3rver also runs this: where a multipart upload's time goes
// on the server, measured phase by phase with plain SDK calls (no lib-storage, no hashing).
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { open } from 'fs/promises';
import type { BenchServer } from './benchServer';
import { deletePrefix } from './benchServer';
import { mbPerSecond } from './stats';

export interface ProbeResult {
  bytes: number;
  partSize: number;
  queue: number;
  createMs: number;
  partsMs: number;
  completeMs: number;
  singlePutMs: number;
}

/** Parts are read into memory first, so that only server time is measured. */
export async function probeMultipart(b: BenchServer, file: string, bytes: number, partSize: number, queue: number): Promise<ProbeResult> {
  const fh = await open(file, 'r');
  const parts: Buffer[] = [];
  try {
    for (let offset = 0; offset < bytes; offset += partSize) {
      const buf = Buffer.allocUnsafe(Math.min(partSize, bytes - offset));
      await fh.read(buf, 0, buf.length, offset);
      parts.push(buf);
    }
  } finally {
    await fh.close();
  }
  const { client, bucket } = b;
  const Key = 'probe/multipart.bin';
  const t0 = performance.now();
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
  const t1 = performance.now();
  const etags: { ETag?: string | undefined; PartNumber: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: queue }, async () => {
      for (let i = next++; i < parts.length; i = next++) {
        const out = await client.send(
          new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: i + 1, Body: parts[i], ContentLength: parts[i].length }),
        );
        etags[i] = { ETag: out.ETag, PartNumber: i + 1 };
      }
    }),
  );
  const t2 = performance.now();
  await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: etags } }));
  const t3 = performance.now();
  const whole = Buffer.concat(parts);
  const t4 = performance.now();
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'probe/single.bin', Body: whole, ContentLength: whole.length }));
  const t5 = performance.now();
  await deletePrefix(b, 'probe/');
  return { bytes, partSize, queue, createMs: t1 - t0, partsMs: t2 - t1, completeMs: t3 - t2, singlePutMs: t5 - t4 };
}

export function describeProbe(p: ProbeResult): string {
  const total = p.createMs + p.partsMs + p.completeMs;
  return (
    `multipart ${p.bytes / 2 ** 20} MiB as ${p.partSize / 2 ** 20} MiB parts × ${p.queue}: create ${p.createMs.toFixed(0)} ms, ` +
    `parts ${(p.partsMs / 1000).toFixed(2)} s (${mbPerSecond(p.bytes, p.partsMs).toFixed(0)} MB/s), complete ${(p.completeMs / 1000).toFixed(2)} s ` +
    `(${((p.completeMs / total) * 100).toFixed(0)} % of ${(total / 1000).toFixed(2)} s, ${mbPerSecond(p.bytes, total).toFixed(0)} MB/s overall); ` +
    `the same bytes as one PutObject: ${(p.singlePutMs / 1000).toFixed(2)} s (${mbPerSecond(p.bytes, p.singlePutMs).toFixed(0)} MB/s)`
  );
}
