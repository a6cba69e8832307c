// `npm run bench` (scripts/bench.mjs builds first, then runs this):
//   --quick             fewer rounds and smaller data, to try the harness out
//   --tune              the uploader's tuning sweeps instead of the figures (--only=probe: just
//                       the multipart phase timing)
//   --servers=ceph,s3rver  --only=uploads,listing,micro,activation   --rounds=N
// Prints a table and the ratios and writes bench/results.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { startBenchServer, stopBenchServer, type BenchServer, type Kind } from './benchServer';
import { machineInfo } from './machine';
import { versionOf } from './proc';
import { figures, report, type Results, type ServerResults } from './report';
import { tune, printTune } from './tune';
import { describeProbe, probeMultipart } from './probe';
import { uploadFigures, type UploadData } from './uploads';
import { writeFolder, writeRandomFile } from './tools';
import { listingFigures } from './listing';
import { microFigures } from './micro';
import { activationFigures } from './activation';
import { REPO_ROOT } from '../launch/codeServer';

const MiB = 1024 * 1024;

interface Args {
  quick: boolean;
  tune: boolean;
  servers: Kind[];
  only: Set<string>;
  rounds: number;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = argv.includes('--quick');
  const servers = (value('servers') ?? 'ceph,s3rver').split(',').filter((s): s is Kind => s === 'ceph' || s === 's3rver');
  const only = new Set((value('only') ?? 'uploads,listing,micro,activation').split(','));
  const rounds = Number(value('rounds') ?? (quick ? 3 : 5));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${value('rounds')}`);
  return { quick, tune: argv.includes('--tune'), servers, only, rounds };
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  // The SDK warns at every start (in every child too) that it will need Node 22 in 2027.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const machine = await machineInfo();
  log(`bench: ${machine.cpus} CPUs, ${machine.memGiB} GiB, Node ${machine.node}, load ${machine.loadavgAtStart.join(' ')}${args.quick ? ' (quick)' : ''}`);
  const scratch = mkdtempSync(join(tmpdir(), 'msw-bench-'));
  const cleanupScratch = (): void => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', cleanupScratch);
  let running: BenchServer | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`bench: ${signal}, stopping`);
    void (running ? stopBenchServer(running) : Promise.resolve()).finally(() => {
      cleanupScratch();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const bigBytes = args.quick ? 256 * MiB : 1024 * MiB;
  const folderFiles = args.quick ? 300 : 2000;
  const data: UploadData = {
    scratch,
    bigFile: join(scratch, 'big.bin'),
    bigBytes,
    folder: join(scratch, 'media-output'),
    folderFiles,
    folderBytes: folderFiles * 64 * 1024,
  };
  const needsData = args.tune || args.only.has('uploads');
  if (needsData) {
    log(`bench: writing ${bigBytes / MiB} MiB of random data and ${folderFiles} × 64 KiB files to ${scratch}`);
    writeRandomFile(data.bigFile, bigBytes);
    writeFolder(data.folder, folderFiles, 64 * 1024);
  }

  // Tuning output is working material, not the figures: it goes to .cache with the other scratch.
  const file = args.tune ? join(REPO_ROOT, '.cache', 'bench', 'tune-results.json') : join(REPO_ROOT, 'bench', 'results.json');
  mkdirSync(dirname(file), { recursive: true });
  // Written after every section too, so that a failure late in a long run keeps what was measured.
  const save = (): void => writeFileSync(file, `${JSON.stringify({ ...results, figures: figures(results) }, null, 2)}\n`);
  const results: Results = {
    startedAt: new Date(started).toISOString(),
    quick: args.quick,
    rounds: args.rounds,
    machine,
    servers: {},
    data: { bigBytes, folderFiles, folderFileBytes: 64 * 1024 },
  };
  const tuneText: string[] = [];
  const s3rverVersion = `s3rver ${machine.tools.s3rver}`;
  const cephVersion = await versionOf('radosgw', ['--version']);
  for (const kind of args.servers) {
    const b = await startBenchServer(kind, kind === 'ceph' ? cephVersion : s3rverVersion);
    running = b;
    try {
      log(`bench: ${kind} at ${b.server.endpoint}`);
      if (args.tune) {
        const mids = new Map<number, string>();
        for (const size of args.only.has('probe') || (args.only.has('folder') && !args.only.has('mid'))
          ? []
          : args.quick
            ? [32 * MiB]
            : [64 * MiB, 256 * MiB]) {
          const file = join(scratch, `mid-${size}.bin`);
          writeRandomFile(file, size);
          mids.set(size, file);
        }
        const probes: string[] = [];
        for (let i = 0; i < args.rounds; i++) {
          const p = await probeMultipart(b, data.bigFile, bigBytes, 16 * MiB, 8);
          probes.push(describeProbe(p));
          log(`  probe: ${probes[probes.length - 1]}`);
          ((results.probes ??= {})[kind] ??= []).push(p);
        }
        // --tune --only=probe: just the phase timing, for a quick look at a server.
        if (args.only.has('probe') && args.only.size === 1) continue;
        const sections = new Set([...args.only].filter((s) => ['big', 'mid', 'folder'].includes(s)));
        const tables = await tune(b, { ...data, mids }, args.rounds, log, sections);
        tuneText.push(printTune(kind, tables));
        log(tuneText[tuneText.length - 1]);
        (results.tune ??= {})[kind] = tables;
        continue;
      }
      const r: ServerResults = { version: b.version, endpoint: b.server.endpoint };
      results.servers[kind] = r;
      if (args.only.has('uploads')) {
        r.uploads = await uploadFigures(b, data, args.rounds, log);
        save();
      }
      if (args.only.has('listing')) {
        r.listing = await listingFigures(b, args.quick ? 5_000 : 100_000, args.rounds, log);
        save();
      }
    } finally {
      running = undefined;
      await stopBenchServer(b);
    }
  }
  cleanupScratch();

  if (!args.tune) {
    if (args.only.has('micro')) {
      results.micro = await microFigures(args.rounds, log);
      save();
    }
    if (args.only.has('activation')) results.activation = await activationFigures(args.quick ? 2 : args.rounds, log);
  }
  results.figures = figures(results);
  results.elapsedSeconds = Math.round((Date.now() - started) / 1000);
  save();
  if (!args.tune) log(`\n${report(results)}`);
  log(`\nbench: wrote ${file} after ${results.elapsedSeconds} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
