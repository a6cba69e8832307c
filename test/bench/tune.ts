// `npm run bench -- --tune`: the sweeps the uploader's defaults were chosen from. Every variant
// uploads the same files to the same server, rotated per round like the main benchmark.
import { contest, type Contestant, type Samples } from './contest';
import { deletePrefix, type BenchServer } from './benchServer';
import { fmt, markdownTable, mbPerSecond } from './stats';
import { awsCp, curlPut, ours, type Timed } from './tools';
import type { UploadMode } from './uploadChild';

const MiB = 1024 * 1024;

export interface TuneData {
  bigFile: string;
  bigBytes: number;
  folder: string;
  folderBytes: number;
  folderFiles: number;
  scratch: string;
  /** Files of intermediate sizes for the single-PUT/multipart threshold, by size in bytes. */
  mids: Map<number, string>;
}

export interface TuneTable {
  title: string;
  bytes: number;
  samples: Samples[];
}

interface Variant {
  name: string;
  mode: UploadMode;
  threshold?: number | undefined;
  part?: number | undefined;
  queue?: number | undefined;
  concurrency?: number | undefined;
  verify?: boolean | undefined;
}

function contestant(b: BenchServer, v: Variant, source: string, tag: string): Contestant {
  const prefix = (round: number): string => `tune/${tag}/${v.name.replace(/[^a-z0-9]+/gi, '-')}-${round}/`;
  return {
    name: v.name,
    run: (round): Promise<Timed> =>
      ours(b.server, {
        mode: v.mode,
        sources: [source],
        bucket: b.bucket,
        prefix: prefix(round),
        multipartThresholdBytes: v.threshold,
        partSizeBytes: v.part,
        queueSize: v.queue,
        concurrency: v.concurrency,
        verify: v.verify,
      }),
    // Folder runs are left in place (see uploads.ts); big files are removed to free Ceph's RAM.
    cleanup: tag === 'folder' ? undefined : (round) => deletePrefix(b, prefix(round)),
  };
}

/** `sections`: any of 'big', 'mid', 'folder' (--tune --only=folder); empty means all. */
export async function tune(
  b: BenchServer,
  data: TuneData,
  rounds: number,
  log: (l: string) => void,
  sections: ReadonlySet<string> = new Set(),
): Promise<TuneTable[]> {
  const tables: TuneTable[] = [];
  const want = (section: string): boolean => sections.size === 0 || sections.has(section);
  const big: Variant[] = [
    { name: 'ours, current defaults', mode: 'ours' },
    { name: 'ours single PUT (buffered)', mode: 'ours', threshold: data.bigBytes },
    { name: 'proto streamed PUT', mode: 'proto-streamed-put' },
    { name: 'stream PUT, no hash', mode: 'put-stream' },
    { name: 'ours 16 MiB × 8', mode: 'ours', threshold: 0, part: 16 * MiB, queue: 8 },
    { name: 'ours 32 MiB × 8', mode: 'ours', threshold: 0, part: 32 * MiB, queue: 8 },
    { name: 'proto part-hashed 16 MiB × 8', mode: 'proto-part-hashed', part: 16 * MiB, queue: 8 },
    { name: 'lib-storage 16 MiB × 8, no hash', mode: 'lib-storage', part: 16 * MiB, queue: 8 },
  ];
  if (want('big')) {
    log(`  tune: ${data.bigBytes / MiB} MiB file, ${big.length} variants + curl + aws`);
    const bigContestants = big.map((v) => contestant(b, v, data.bigFile, 'big'));
    bigContestants.push(
      {
        name: 'curl -T (ceiling)',
        run: (round) => curlPut(b.server, data.bigFile, b.bucket, `tune/big/curl-${round}/f`),
        cleanup: (round) => deletePrefix(b, `tune/big/curl-${round}/`),
      },
      {
        name: 'aws s3 cp',
        run: (round) => awsCp(b.server, data.scratch, data.bigFile, b.bucket, `tune/big/aws-${round}/f`, false),
        cleanup: (round) => deletePrefix(b, `tune/big/aws-${round}/`),
      },
    );
    tables.push({ title: `one ${data.bigBytes / MiB} MiB file`, bytes: data.bigBytes, samples: await contest(bigContestants, rounds, log) });
  }

  for (const [bytes, file] of want('mid') ? data.mids : []) {
    const vs: Variant[] = [
      { name: 'ours single PUT (buffered)', mode: 'ours', threshold: bytes },
      { name: 'proto streamed PUT', mode: 'proto-streamed-put' },
      { name: 'ours 16 MiB × 8', mode: 'ours', threshold: 0, part: 16 * MiB, queue: 8 },
    ];
    log(`  tune: threshold at ${bytes / MiB} MiB`);
    tables.push({
      title: `one ${bytes / MiB} MiB file`,
      bytes,
      samples: await contest(
        vs.map((v) => contestant(b, v, file, `mid${bytes}`)),
        rounds,
        log,
      ),
    });
  }

  if (!want('folder')) return tables;
  const folder: Variant[] = [4, 8, 16].map((c) => ({ name: `ours, ${c} files at once`, mode: 'ours' as const, concurrency: c }));
  // HeadObject after each PUT doubles the requests per small file; this shows what it costs.
  folder.push({ name: 'ours, 8 at once, no HeadObject check', mode: 'ours', concurrency: 8, verify: false });
  log(`  tune: folder of ${data.folderFiles} files`);
  const folderContestants = folder.map((v) => contestant(b, v, data.folder, 'folder'));
  folderContestants.push({
    name: 'aws s3 cp --recursive',
    run: (round) => awsCp(b.server, data.scratch, data.folder, b.bucket, `tune/folder/aws-${round}/`, true),
  });
  tables.push({ title: `folder of ${data.folderFiles} files`, bytes: data.folderBytes, samples: await contest(folderContestants, rounds, log) });
  return tables;
}

export function printTune(server: string, tables: TuneTable[]): string {
  return tables
    .map(
      (t) =>
        `### ${server}: ${t.title}\n\n${markdownTable(
          ['variant', 'median s', 'MB/s', 'runs'],
          t.samples.map((s) => [
            s.name,
            fmt(s.medianMs / 1000, 2),
            fmt(mbPerSecond(t.bytes, s.medianMs)),
            s.errors.length ? `${s.ms.length} ok, ${s.errors.length} failed` : String(s.ms.length),
          ]),
        )}`,
    )
    .join('\n\n');
}
