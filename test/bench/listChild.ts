// Lists one big prefix in a fresh Node process, as the tree does when a folder is expanded
// and then paged to the end, so that the peak memory measured is the listing's own.
//   node out/test/bench/listChild.js '<json ListJob>'   → prints one JSON line (ListReport)
import type { S3TestServer } from '../s3/types';
import type { ObjectEntry } from '../../src/core/storage/listing';

export interface ListJob {
  server: Pick<S3TestServer, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'kind'>;
  bucket: string;
  prefix: string;
  /** Page to the end; false stops after the first page. */
  full: boolean;
}

export interface ListReport {
  /** Importing the SDK and making a client: paid once per session, before the first listing. */
  sdkLoadMs: number;
  /** The first page of 1,000 on a fresh connection, SDK already loaded. */
  firstPageMs: number;
  /** Every page to the end, the first included (only the first page when the job said so). */
  fullMs: number;
  pages: number;
  objects: number;
  /** Resident set before listing and at its peak, and the JS heap holding every entry. */
  rssBeforeMB: number;
  peakRssMB: number;
  heapUsedMB: number;
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ListJob;
  const t0 = performance.now();
  const { listLevel } = await import('../../src/core/storage/listing');
  // The fixture module imports the SDK, so loading it is loading the SDK.
  const { makeClient } = await import('../s3/servers');
  const client = makeClient({ ...job.server, checksSignatures: false, stop: async () => undefined });
  const t1 = performance.now();
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const all: ObjectEntry[] = [];
  let page = await listLevel(client, { bucket: job.bucket, prefix: job.prefix });
  const t2 = performance.now();
  let pages = 1;
  all.push(...page.objects);
  while (job.full && page.nextToken) {
    page = await listLevel(client, { bucket: job.bucket, prefix: job.prefix, token: page.nextToken });
    all.push(...page.objects);
    pages += 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const t3 = performance.now();
  global.gc?.();
  const report: ListReport = {
    sdkLoadMs: t1 - t0,
    firstPageMs: t2 - t1,
    fullMs: t3 - t1,
    pages,
    objects: all.length,
    rssBeforeMB: rssBefore / MB,
    peakRssMB: Math.max(peak, process.resourceUsage().maxRSS * 1024) / MB,
    heapUsedMB: process.memoryUsage().heapUsed / MB,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  client.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
