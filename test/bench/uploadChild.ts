// One upload in a fresh Node process, so "ours" is timed like the competitors' command-line
// tools (process start and SDK load included) and its peak memory is its own.
//   node out/test/bench/uploadChild.js '<json UploadJob>'   → prints one JSON line (UploadReport)
import { createReadStream, statSync } from 'fs';
import { basename } from 'path';
import { makeClient } from '../s3/servers';
import type { S3TestServer } from '../s3/types';

/** The fields that have a value: exactOptionalPropertyTypes keeps `undefined` from standing for "not set". */
function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export type UploadMode =
  /** uploadBatch, the extension's own path (hashing and HeadObject verification included). */
  | 'ours'
  /** lib-storage's Upload alone with a file stream: no local hashing, no verification. */
  | 'lib-storage'
  /** one PutObject with a file stream body: no hashing, unsigned payload. */
  | 'put-stream'
  /** prototypes of proposed changes (prototypes.ts), hashing and verification included */
  | 'proto-streamed-put'
  | 'proto-part-hashed';

export interface UploadJob {
  server: Pick<S3TestServer, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'kind'>;
  mode: UploadMode;
  sources: string[];
  bucket: string;
  prefix: string;
  multipartThresholdBytes?: number | undefined;
  partSizeBytes?: number | undefined;
  queueSize?: number | undefined;
  concurrency?: number | undefined;
  verify?: boolean | undefined;
}

export interface UploadReport {
  ms: number;
  files: number;
  failed: number;
  maxRssMB: number;
  firstError?: string | undefined;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as UploadJob;
  const client = makeClient({ ...job.server, checksSignatures: false, stop: async () => undefined });
  const started = process.hrtime.bigint();
  let files = 0;
  let failed = 0;
  let firstError: string | undefined;
  if (job.mode === 'ours') {
    const { uploadBatch } = await import('../../src/core/transfer/upload');
    const result = await uploadBatch(
      client,
      job.sources,
      { bucket: job.bucket, prefix: job.prefix },
      {
        overwrite: 'overwrite',
        // Only what the tuning run sets: the rest keeps the engine's defaults.
        ...defined({
          multipartThresholdBytes: job.multipartThresholdBytes,
          partSizeBytes: job.partSizeBytes,
          queueSize: job.queueSize,
          concurrency: job.concurrency,
          verify: job.verify,
        }),
      },
    );
    files = result.uploaded.length;
    failed = result.files.length - result.uploaded.length;
    const bad = result.files.find((f) => f.status !== 'uploaded');
    if (bad) firstError = `${bad.key}: ${bad.status} ${String((bad.error as Error | undefined)?.message ?? bad.error)}`;
  } else if (job.mode.startsWith('proto-')) {
    const { streamedPut, partHashedMultipart } = await import('./prototypes');
    for (const source of job.sources) {
      const size = statSync(source).size;
      const key = `${job.prefix}${basename(source)}`;
      if (job.mode === 'proto-streamed-put') await streamedPut(client, source, size, job.bucket, key);
      else await partHashedMultipart(client, source, size, job.bucket, key, job.partSizeBytes ?? 16 * 2 ** 20, job.queueSize ?? 8);
      files += 1;
    }
  } else {
    const [{ PutObjectCommand }, { Upload }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]);
    for (const source of job.sources) {
      const size = statSync(source).size;
      const params = { Bucket: job.bucket, Key: `${job.prefix}${basename(source)}`, Body: createReadStream(source), ContentLength: size };
      if (job.mode === 'put-stream') {
        await client.send(new PutObjectCommand(params));
      } else {
        await new Upload({
          client,
          params,
          ...(job.partSizeBytes === undefined ? {} : { partSize: job.partSizeBytes }),
          ...(job.queueSize === undefined ? {} : { queueSize: job.queueSize }),
        }).done();
      }
      files += 1;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const report: UploadReport = { ms, files, failed, maxRssMB: process.resourceUsage().maxRSS / 1024, firstError };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  client.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
