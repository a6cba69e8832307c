// Runs contestants in rounds against one server, rotating who goes first each round, so that
// load from other work on the machine (and the server's own background work, such as Ceph's
// garbage collection) falls on every contestant alike. Medians, not means: one disturbed run
// must not move the figure.
import { median } from './stats';
import type { Timed } from './tools';

export interface Contestant {
  name: string;
  /** Runs once; `round` makes object keys unique. */
  run(round: number): Promise<Timed>;
  /** Removes what the run stored (Ceph keeps objects in RAM), outside the timing. */
  cleanup?: ((round: number) => Promise<void>) | undefined;
}

export interface Samples {
  name: string;
  ms: number[];
  medianMs: number;
  maxRssMB?: number | undefined;
  errors: string[];
}

export async function contest(contestants: readonly Contestant[], rounds: number, log: (line: string) => void): Promise<Samples[]> {
  const samples = new Map(
    contestants.map((c) => [c.name, { name: c.name, ms: [] as number[], medianMs: Number.NaN, errors: [] as string[], rss: [] as number[] }]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]);
    for (const c of order) {
      const s = samples.get(c.name)!;
      try {
        const t = await c.run(round);
        s.ms.push(t.ms);
        if (t.maxRssMB !== undefined) s.rss.push(t.maxRssMB);
        log(`    round ${round + 1}/${rounds} ${c.name}: ${(t.ms / 1000).toFixed(2)} s`);
      } catch (err) {
        // A failing contestant is reported, not fatal: the other figures are still worth having.
        const message = err instanceof Error ? err.message : String(err);
        s.errors.push(message);
        log(`    round ${round + 1}/${rounds} ${c.name}: FAILED ${brief(message)}`);
      } finally {
        await c.cleanup?.(round).catch(() => undefined);
      }
    }
  }
  return [...samples.values()].map(({ rss, ...s }) => ({ ...s, medianMs: median(s.ms), maxRssMB: rss.length > 0 ? Math.max(...rss) : undefined }));
}

/** The failing command and the last lines of its output, where the cause usually is. */
function brief(message: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  return [lines[0], ...lines.slice(1).slice(-3)].join(' | ').slice(0, 500);
}
