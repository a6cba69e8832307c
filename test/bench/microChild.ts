// CPU-only figures in a fresh Node process: presigning rate and validation of a 1 MB document.
//   node out/test/bench/microChild.js  → prints one JSON line (MicroReport)
import { S3Client } from '@aws-sdk/client-s3';

export interface MicroReport {
  presignGetPerSecond: number;
  presignPutPerSecond: number;
  /** Undefined when src/core/validation has no validate() (yet). */
  validate?: { bytes: number; statements: number; diagnostics: number; firstMs: number; warmMs: number };
  validateError?: string;
}

const PRESIGN_MS = 1500;

async function rate(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up: JIT, lazy imports, signing-key cache
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < PRESIGN_MS) {
    await fn(n++);
  }
  return n / ((performance.now() - started) / 1000);
}

/** A bucket policy of just under `bytes`: the biggest document a user is likely to validate. */
function bigPolicy(bytes: number): { text: string; statements: number } {
  const statement = (i: number): unknown => ({
    Sid: `EncoderWrite${i}`,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:role/encoder-${i}` },
    Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject'],
    Resource: [`arn:aws:s3:::media-output/customer-${i}/*`],
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  });
  const render = (n: number): string => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: n }, (_, i) => statement(i)) }, null, 2);
  const per = render(2).length - render(1).length;
  let n = Math.floor(bytes / per);
  while (render(n).length > bytes) n -= 1;
  return { text: render(n), statements: n };
}

async function main(): Promise<void> {
  const { presignGet, presignPut } = await import('../../src/core/transfer/presign');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDBENCHMARK000000', secretAccessKey: 'bench-secret-key-not-used-for-anything' },
  });
  const report: MicroReport = {
    presignGetPerSecond: await rate((i) => presignGet(client, { bucket: 'media-input', key: `source/title-${i}.mp4`, expiresInSeconds: 3600 })),
    presignPutPerSecond: await rate((i) =>
      presignPut(client, { bucket: 'media-output', key: `out/title-${i}/manifest.mpd`, expiresInSeconds: 3600, contentType: 'application/dash+xml' }),
    ),
  };
  try {
    const mod = (await import('../../src/core/validation/validate')) as { validate?: (text: string, kind: 's3-bucket-policy', ctx?: object) => unknown[] };
    if (typeof mod.validate !== 'function') throw new Error('src/core/validation/validate.ts exports no validate()');
    const { text, statements } = bigPolicy(1_000_000);
    const t0 = performance.now();
    const diagnostics = mod.validate(text, 's3-bucket-policy', { bucket: 'media-output' });
    const firstMs = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      mod.validate(text, 's3-bucket-policy', { bucket: 'media-output' });
      warm.push(performance.now() - t);
    }
    warm.sort((a, b) => a - b);
    report.validate = { bytes: Buffer.byteLength(text), statements, diagnostics: diagnostics.length, firstMs, warmMs: warm[2] };
  } catch (err) {
    report.validateError = err instanceof Error ? err.message : String(err);
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
