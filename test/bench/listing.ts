// Listing figures: a prefix of many objects, its first page (the tree shows it on expand) and
// its full enumeration (a user paging to the end), each in a fresh process.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { join } from 'path';
import type { BenchServer } from './benchServer';
import { run } from './proc';
import { median } from './stats';
import type { ListJob, ListReport } from './listChild';

export interface ListingFigures {
  objects: number;
  populateSeconds: number;
  /** Runs that paged to the end. */
  runs: ListReport[];
  median: { sdkLoadMs: number; firstPageMs: number; fullMs: number };
  maxPeakRssMB: number;
  maxHeapUsedMB: number;
}

const PREFIX = 'listing/segments/';

async function populate(b: BenchServer, objects: number): Promise<void> {
  let next = 0;
  // Empty bodies: the listing cost is per key, and RAM on a memstore OSD is not free.
  const worker = async (): Promise<void> => {
    for (let i = next++; i < objects; i = next++) {
      const Key = `${PREFIX}seg-${String(i).padStart(6, '0')}.m4s`;
      await b.client.send(new PutObjectCommand({ Bucket: b.bucket, Key, Body: new Uint8Array(0), ContentLength: 0 }));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

export async function listingFigures(b: BenchServer, objects: number, rounds: number, log: (l: string) => void): Promise<ListingFigures> {
  log(`  [${b.server.kind}] putting ${objects} objects under ${PREFIX}`);
  const t0 = Date.now();
  await populate(b, objects);
  const populateSeconds = (Date.now() - t0) / 1000;
  log(`  [${b.server.kind}] put ${objects} objects in ${populateSeconds.toFixed(0)} s; listing ${rounds} times`);
  // s3rver walks every stored object for each page, so paging 100,000 objects to the end takes
  // minutes there (O(n²)); it is done once, the first page every round.
  const fullRuns = b.server.kind === 's3rver' ? 1 : rounds;
  const job: Omit<ListJob, 'full'> = {
    server: {
      kind: b.server.kind,
      endpoint: b.server.endpoint,
      region: b.server.region,
      accessKeyId: b.server.accessKeyId,
      secretAccessKey: b.server.secretAccessKey,
    },
    bucket: b.bucket,
    prefix: PREFIX,
  };
  const runs: ListReport[] = [];
  const firstPages: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const full = i < fullRuns;
    const r = await run(process.execPath, ['--expose-gc', join(__dirname, 'listChild.js'), JSON.stringify({ ...job, full })]);
    const rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ListReport;
    if (full && rep.objects !== objects) throw new Error(`listing found ${rep.objects} objects, ${objects} were put`);
    if (full) runs.push(rep);
    else firstPages.push(rep.firstPageMs);
    log(
      `    run ${i + 1}/${rounds}: first page ${rep.firstPageMs.toFixed(0)} ms${full ? `, all ${rep.pages} pages ${(rep.fullMs / 1000).toFixed(2)} s, peak RSS ${rep.peakRssMB.toFixed(0)} MB` : ''}`,
    );
  }
  return {
    objects,
    populateSeconds,
    runs,
    median: {
      sdkLoadMs: median(runs.map((r) => r.sdkLoadMs)),
      firstPageMs: median([...runs.map((r) => r.firstPageMs), ...firstPages]),
      fullMs: median(runs.map((r) => r.fullMs)),
    },
    maxPeakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
    maxHeapUsedMB: Math.max(...runs.map((r) => r.heapUsedMB)),
  };
}
