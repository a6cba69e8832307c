// The printed table, the ratios against the goals of the benchmark issue, and the shape of
// bench/results.json.
import type { ActivationFigures } from './activation';
import type { Samples } from './contest';
import type { ListingFigures } from './listing';
import type { MachineInfo } from './machine';
import type { MicroFigures } from './micro';
import { fmt, markdownTable, mbPerSecond } from './stats';
import type { ProbeResult } from './probe';
import type { TuneTable } from './tune';
import type { UploadFigures } from './uploads';

export interface ServerResults {
  version: string;
  endpoint: string;
  uploads?: UploadFigures | undefined;
  listing?: ListingFigures | undefined;
}

export interface Figure {
  figure: string;
  server?: string | undefined;
  value: number;
  unit: string;
  goal?: string | undefined;
  met?: boolean | undefined;
}

export interface Results {
  startedAt: string;
  quick: boolean;
  rounds: number;
  machine: MachineInfo;
  data: { bigBytes: number; folderFiles: number; folderFileBytes: number };
  servers: Partial<Record<'ceph' | 's3rver', ServerResults>>;
  tune?: Partial<Record<'ceph' | 's3rver', TuneTable[]>> | undefined;
  probes?: Partial<Record<'ceph' | 's3rver', ProbeResult[]>> | undefined;
  micro?: MicroFigures | undefined;
  activation?: ActivationFigures | undefined;
  /** The headline numbers and whether each meets its goal. */
  figures?: Figure[] | undefined;
  elapsedSeconds?: number | undefined;
}

const by = (samples: Samples[], name: string): Samples | undefined => samples.find((s) => s.name === name);

function ratio(a: Samples | undefined, b: Samples | undefined): number {
  // Same bytes for both, so the throughput ratio is the inverse ratio of the times.
  return a && b ? b.medianMs / a.medianMs : Number.NaN;
}

function runsCell(s: Samples): string {
  return s.errors.length > 0 ? `${s.ms.length} (${s.errors.length} failed)` : String(s.ms.length);
}

export function figures(r: Results): Figure[] {
  const out: Figure[] = [];
  for (const [server, s] of Object.entries(r.servers)) {
    const up = s?.uploads;
    if (up) {
      const ours = by(up.big, 'ours');
      const add = (figure: string, value: number, min?: number): void => {
        out.push({ figure, server, value, unit: '×', goal: min === undefined ? undefined : `≥ ${min}`, met: min === undefined ? undefined : value >= min });
      };
      add('big file: ours / aws s3 cp', ratio(ours, by(up.big, 'aws s3 cp')), 1.2);
      add('big file: ours / rclone copyto', ratio(ours, by(up.big, 'rclone copyto')), 1.0);
      add('big file: ours / curl -T ceiling', ratio(ours, by(up.big, 'curl -T (ceiling)')));
      const fo = by(up.folder, 'ours');
      add('folder: ours / aws s3 cp --recursive', ratio(fo, by(up.folder, 'aws s3 cp --recursive')), 1.5);
      add('folder: ours / rclone copy', ratio(fo, by(up.folder, 'rclone copy')));
    }
    const l = s?.listing;
    if (l) {
      out.push({
        figure: `first page of ${l.objects} objects`,
        server,
        value: l.median.firstPageMs,
        unit: 'ms',
        goal: '≤ 300',
        met: l.median.firstPageMs <= 300,
      });
      out.push({ figure: `full enumeration of ${l.objects} objects`, server, value: l.median.fullMs / 1000, unit: 's' });
      out.push({ figure: 'full enumeration peak RSS', server, value: l.maxPeakRssMB, unit: 'MB' });
    }
  }
  const a = r.activation;
  if (a) {
    out.push({ figure: 'activate() in the extension host', value: a.medianActivateMs, unit: 'ms', goal: '≤ 25', met: a.medianActivateMs <= 25 });
    out.push({ figure: 'main bundle dist/extension.js', value: a.mainBundleBytes / 1000, unit: 'KB', goal: '≤ 200', met: a.mainBundleBytes <= 200_000 });
    out.push({ figure: 'SDK loaded by activation', value: a.sdkLoadedOnActivation ? 1 : 0, unit: 'yes=1', goal: 'no', met: !a.sdkLoadedOnActivation });
  }
  const m = r.micro;
  if (m?.validate) {
    out.push({
      figure: `validate ${(m.validate.bytes / 1e6).toFixed(2)} MB policy, warm`,
      value: m.validate.warmMs,
      unit: 'ms',
      goal: '≤ 50',
      met: m.validate.warmMs <= 50,
    });
    out.push({ figure: 'validate, first call (schema compile included)', value: m.validate.firstMs, unit: 'ms' });
  }
  if (m) {
    out.push({ figure: 'presign GET', value: m.presignGetPerSecond, unit: '/s', goal: '≥ 10000', met: m.presignGetPerSecond >= 10_000 });
    out.push({ figure: 'presign PUT', value: m.presignPutPerSecond, unit: '/s', goal: '≥ 10000', met: m.presignPutPerSecond >= 10_000 });
  }
  return out;
}

export function report(r: Results): string {
  const parts: string[] = [];
  for (const [server, s] of Object.entries(r.servers)) {
    if (!s) continue;
    parts.push(`## ${server} (${s.version})`);
    if (s.uploads) {
      const big = r.data.bigBytes;
      parts.push(
        `One ${(big / 2 ** 20).toFixed(0)} MiB file, median of ${r.rounds}:\n\n${markdownTable(
          ['tool', 'median s', 'MB/s', 'runs'],
          s.uploads.big.map((x) => [x.name, fmt(x.medianMs / 1000, 2), fmt(mbPerSecond(big, x.medianMs)), runsCell(x)]),
        )}`,
      );
      const bytes = r.data.folderFiles * r.data.folderFileBytes;
      parts.push(
        `Folder of ${r.data.folderFiles} × ${r.data.folderFileBytes / 1024} KiB files, median of ${r.rounds}:\n\n${markdownTable(
          ['tool', 'median s', 'files/s', 'MB/s', 'runs'],
          s.uploads.folder.map((x) => [
            x.name,
            fmt(x.medianMs / 1000, 2),
            fmt(r.data.folderFiles / (x.medianMs / 1000), 0),
            fmt(mbPerSecond(bytes, x.medianMs)),
            runsCell(x),
          ]),
        )}`,
      );
    }
    if (s.listing) {
      const l = s.listing;
      parts.push(
        `Listing ${l.objects} objects under one prefix (put in ${l.populateSeconds.toFixed(0)} s): ` +
          `SDK load ${fmt(l.median.sdkLoadMs, 0)} ms, first page ${fmt(l.median.firstPageMs, 0)} ms (median of ${r.rounds}), ` +
          `all ${l.runs[0]?.pages ?? '?'} pages ${fmt(l.median.fullMs / 1000, 2)} s (median of ${l.runs.length}), ` +
          `peak RSS ${fmt(l.maxPeakRssMB, 0)} MB (${fmt(l.runs[0]?.rssBeforeMB, 0)} MB before listing), heap holding every entry ${fmt(l.maxHeapUsedMB, 0)} MB`,
      );
    }
  }
  const f = r.figures ?? figures(r);
  parts.push(
    `## Figures and goals\n\n${markdownTable(
      ['figure', 'server', 'value', 'goal', 'met'],
      f.map((x) => [
        x.figure,
        x.server ?? '',
        `${fmt(x.value, x.unit === '×' ? 2 : x.unit === '/s' ? 0 : 1)} ${x.unit}`,
        x.goal ?? '',
        x.met === undefined ? '' : x.met ? 'yes' : 'NO',
      ]),
    )}`,
  );
  return parts.join('\n\n');
}
