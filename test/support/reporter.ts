// Mocha reporter shared by every test tier. It keeps mocha's Spec output on the console (so a
// person reading a log sees the usual tree) and also writes a small JSON summary, because the
// launchers cannot read mocha's in-memory results: tier 2 runs inside a VS Code extension host
// in another process, and scripts/test-all.mjs adds up the tiers from these files.
import * as fs from 'fs';
import * as path from 'path';
// Mocha 12's entry is an ES module; Node 20.19+ require()s it and the default export is the class.
import MochaRuntime from 'mocha';

export interface FailureSummary {
  title: string;
  error: string;
}

export interface TierSummary {
  tier: string;
  passed: number;
  failed: number;
  pending: number;
  failures: FailureSummary[];
  /** Free-form facts about the environment the tier ran in (e.g. vscode.version); optional. */
  info?: Record<string, string> | undefined;
}

interface ReporterOptions {
  output?: string | undefined;
  tier?: string | undefined;
}

const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = MochaRuntime.Runner.constants;

/** Extra facts a tests module wants recorded in the summary (set before the run ends). */
export const summaryInfo: Record<string, string> = {};

export default class SummaryReporter extends MochaRuntime.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = readOptions(options);
    const output = opts.output ?? process.env.MSW_RESULTS_FILE;
    const tier = opts.tier ?? process.env.MSW_TIER ?? 'unknown';
    const summary: TierSummary = { tier, passed: 0, failed: 0, pending: 0, failures: [] };

    // Counted here rather than taken from runner.stats so that a failing hook, which mocha
    // reports as a failure of a hook "test", is counted the same way it is printed.
    runner.on(EVENT_TEST_PASS, () => {
      summary.passed++;
    });
    runner.on(EVENT_TEST_PENDING, () => {
      summary.pending++;
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
      summary.failed++;
      summary.failures.push({ title: test.fullTitle(), error: describeError(err) });
    });
    runner.once(EVENT_RUN_END, () => {
      if (Object.keys(summaryInfo).length > 0) summary.info = { ...summaryInfo };
      if (output) writeSummary(output, summary);
    });
  }
}

function readOptions(options?: Mocha.MochaOptions): ReporterOptions {
  // Mocha passes `--reporter-option k=v` as reporterOption; the programmatic API sets both names.
  const raw = options as { reporterOptions?: unknown; reporterOption?: unknown } | undefined;
  const value = raw?.reporterOptions ?? raw?.reporterOption;
  if (!value || typeof value !== 'object') return {};
  const record = value as Record<string, unknown>;
  return {
    output: typeof record.output === 'string' && record.output !== '' ? record.output : undefined,
    tier: typeof record.tier === 'string' && record.tier !== '' ? record.tier : undefined,
  };
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    // Assertion diffs live in the message; the first stack frame says where it failed.
    const frame = err.stack?.split('\n').find((line) => line.trim().startsWith('at '));
    return frame ? `${err.message}\n${frame.trim()}` : err.message;
  }
  return String(err);
}

/** Written to a temporary name then renamed, so a launcher polling for the file never reads half of it. */
export function writeSummary(file: string, summary: TierSummary): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(summary, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

/** Reads a summary written by this reporter; throws with the file name if it is not one. */
export function readSummary(file: string): TierSummary {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<TierSummary>;
  if (typeof parsed.passed !== 'number' || typeof parsed.failed !== 'number' || !Array.isArray(parsed.failures)) {
    throw new Error(`${file} is not a test summary`);
  }
  return { tier: String(parsed.tier), pending: parsed.pending ?? 0, ...parsed } as TierSummary;
}
