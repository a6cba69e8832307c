// The contestants of an upload benchmark: our uploader (in a child process) and the
// competitors' command-line tools, each pointed at the same local S3 server.
import { closeSync, mkdirSync, openSync, writeSync } from 'fs';
import { randomFillSync } from 'crypto';
import { join } from 'path';
import { run } from './proc';
import type { S3TestServer } from '../s3/types';
import type { UploadJob, UploadReport } from './uploadChild';

export interface Timed {
  ms: number;
  maxRssMB?: number;
}

/** Environment for a competitor: the server's keys only, nobody's profiles or CA bundle. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // AWS_CA_BUNDLE makes rclone fail on this machine, and profiles could redirect aws-cli.
    if (!k.startsWith('AWS_') && !k.startsWith('RCLONE_')) env[k] = v;
  }
  return { ...env, ...extra };
}

export function awsEnv(server: S3TestServer, scratch: string): NodeJS.ProcessEnv {
  return cleanEnv({
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_DEFAULT_REGION: server.region,
    AWS_CONFIG_FILE: join(scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-aws-credentials'),
  });
}

export function rcloneEnv(server: S3TestServer, scratch: string): NodeJS.ProcessEnv {
  return cleanEnv({
    RCLONE_CONFIG: join(scratch, 'no-rclone.conf'),
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    // rclone's documented provider settings for Ceph; s3rver has none of its own.
    RCLONE_CONFIG_BENCH_PROVIDER: server.kind === 'ceph' ? 'Ceph' : 'Other',
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_BENCH_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_BENCH_REGION: server.region,
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
  });
}

export async function awsCp(server: S3TestServer, scratch: string, source: string, bucket: string, key: string, recursive: boolean): Promise<Timed> {
  const args = ['--endpoint-url', server.endpoint, 's3', 'cp', source, `s3://${bucket}/${key}`, '--only-show-errors'];
  if (recursive) args.push('--recursive');
  return run('aws', args, { env: awsEnv(server, scratch), label: `aws ${args.slice(2, 4).join(' ')}` });
}

export async function rcloneCopy(server: S3TestServer, scratch: string, source: string, bucket: string, key: string, folder: boolean): Promise<Timed> {
  // --s3-no-check-bucket: the bucket exists; rclone would otherwise try to create it per run.
  const args = [folder ? 'copy' : 'copyto', source, `bench:${bucket}/${key}`, '--s3-no-check-bucket'];
  return run('rclone', args, { env: rcloneEnv(server, scratch), label: `rclone ${args[0]}` });
}

/** One signed PUT of the whole file: the most a client can get from the server per file. */
export async function curlPut(server: S3TestServer, source: string, bucket: string, key: string): Promise<Timed> {
  return run(
    'curl',
    [
      '-sS',
      '-f',
      '-o',
      '/dev/null',
      '-T',
      source,
      '--aws-sigv4',
      `aws:amz:${server.region}:s3`,
      '--user',
      `${server.accessKeyId}:${server.secretAccessKey}`,
      // curl cannot hash a streamed body into the signature; S3 accepts it unsigned.
      '-H',
      'x-amz-content-sha256: UNSIGNED-PAYLOAD',
      `${server.endpoint}/${bucket}/${encodeURI(key)}`,
    ],
    { label: 'curl -T' },
  );
}

const CHILD = join(__dirname, 'uploadChild.js');

/**
 * `MSW_BENCH_BASELINE=<checkout>` names another build of this project (its `out/` compiled), run
 * as one more contestant in the same rounds: how a change compares with what it replaces.
 */
export const BASELINE_CHILD = process.env.MSW_BENCH_BASELINE ? join(process.env.MSW_BENCH_BASELINE, 'out/test/bench/uploadChild.js') : undefined;

export async function ours(server: S3TestServer, job: Omit<UploadJob, 'server'>, child = CHILD): Promise<Timed & UploadReport> {
  const full: UploadJob = {
    ...job,
    server: { kind: server.kind, endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  const r = await run(process.execPath, [child, JSON.stringify(full)], { label: `our uploader (${job.mode})` });
  const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as UploadReport;
  if (report.failed > 0) throw new Error(`our upload failed for ${report.failed} file(s): ${report.firstError ?? '?'}`);
  return { ...report, ms: r.ms };
}

/** Incompressible content, so no layer can make the transfer look faster than it is. */
export function writeRandomFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.allocUnsafe(Math.min(bytes, 8 * 1024 * 1024));
  try {
    for (let left = bytes; left > 0; left -= chunk.length) {
      randomFillSync(chunk);
      writeSync(fd, chunk, 0, Math.min(left, chunk.length));
    }
  } finally {
    closeSync(fd);
  }
}

/** A folder like an HLS/DASH output: `dirs` sub-folders of equally sized segments. */
export function writeFolder(root: string, files: number, bytesEach: number, dirs = 20): void {
  for (let i = 0; i < files; i++) {
    const dir = join(root, `rendition-${String(i % dirs).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    writeRandomFile(join(dir, `segment-${String(i).padStart(5, '0')}.m4s`), bytesEach);
  }
}
