// `npm run bench -- --tune`: the sweeps the uploader's defaults were chosen from. Every variant
// uploads the same files to the same server, rotated per round like the main benchmark.
import { contest, type Contestant, type Samples } from './contest';
import { deletePrefix, type BenchServer } from './benchServer';
import { fmt, markdownTable, mbPerSecond } from './stats';
import { curlPut, ours, type Timed } from './tools';
import type { UploadMode } from './uploadChild';

const MiB = 1024 * 1024;

export interface TuneData {
  bigFile: string;
  bigBytes: number;
  folder: string;
  folderBytes: number;
  folderFiles: number;
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
  threshold?: number;
  part?: number;
  queue?: number;
  concurrency?: number;
}

function contestant(b: BenchServer, v: Variant, source: string, tag: string): Contestant {
  const prefix = (round: number): string => `tune/${tag}/${v.name.replace(/[^a-z0-9]+/gi, '-')}-${round}/`;
  return {
    name: v.name,
    run: (round): Promise<Timed> =>
      ours(b.server, {
        mode: v.mode, sources: [source], bucket: b.bucket, prefix: prefix(round),
        multipartThresholdBytes: v.threshold, partSizeBytes: v.part, queueSize: v.queue, concurrency: v.concurrency,
      }),
    cleanup: (round) => deletePrefix(b, prefix(round)),
  };
}

export async function tune(b: BenchServer, data: TuneData, rounds: number, log: (l: string) => void): Promise<TuneTable[]> {
  const tables: TuneTable[] = [];
  const big: Variant[] = [
    { name: 'ours single PUT', mode: 'ours', threshold: data.bigBytes },
    { name: 'stream PUT (no hash)', mode: 'put-stream' },
  ];
  for (const part of [8, 16, 32, 64]) {
    for (const queue of [4, 8]) {
      big.push({ name: `ours ${part} MiB × ${queue}`, mode: 'ours', threshold: 0, part: part * MiB, queue });
    }
  }
  for (const [part, queue] of [[5, 4], [16, 8], [32, 4]] as const) {
    big.push({ name: `lib-storage ${part} MiB × ${queue} (no hash)`, mode: 'lib-storage', part: part * MiB, queue });
  }
  log(`  tune: ${data.bigBytes / MiB} MiB file, ${big.length} variants + curl`);
  const bigContestants = big.map((v) => contestant(b, v, data.bigFile, 'big'));
  bigContestants.push({
    name: 'curl -T (ceiling)',
    run: (round) => curlPut(b.server, data.bigFile, b.bucket, `tune/big/curl-${round}/f`),
    cleanup: (round) => deletePrefix(b, `tune/big/curl-${round}/`),
  });
  tables.push({ title: `one ${data.bigBytes / MiB} MiB file`, bytes: data.bigBytes, samples: await contest(bigContestants, rounds, log) });

  for (const [bytes, file] of data.mids) {
    const vs: Variant[] = [
      { name: 'single PUT', mode: 'ours', threshold: bytes },
      { name: '16 MiB × 8', mode: 'ours', threshold: 0, part: 16 * MiB, queue: 8 },
      { name: '8 MiB × 8', mode: 'ours', threshold: 0, part: 8 * MiB, queue: 8 },
    ];
    log(`  tune: threshold at ${bytes / MiB} MiB`);
    tables.push({ title: `one ${bytes / MiB} MiB file`, bytes, samples: await contest(vs.map((v) => contestant(b, v, file, `mid${bytes}`)), rounds, log) });
  }

  const folder: Variant[] = [2, 4, 8, 16, 32].map((c) => ({ name: `${c} files at once`, mode: 'ours' as const, concurrency: c }));
  log(`  tune: folder of ${data.folderFiles} files`);
  tables.push({ title: `folder of ${data.folderFiles} files`, bytes: data.folderBytes, samples: await contest(folder.map((v) => contestant(b, v, data.folder, 'folder')), rounds, log) });
  return tables;
}

export function printTune(server: string, tables: TuneTable[]): string {
  return tables.map((t) => `### ${server}: ${t.title}\n\n${markdownTable(
    ['variant', 'median s', 'MB/s', 'runs'],
    t.samples.map((s) => [s.name, fmt(s.medianMs / 1000, 2), fmt(mbPerSecond(t.bytes, s.medianMs)), s.errors.length ? `${s.ms.length} ok, ${s.errors.length} failed` : String(s.ms.length)]),
  )}`).join('\n\n');
}
