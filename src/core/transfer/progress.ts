/**
 * Progress for a batch transfer: counts, bytes, a recent rate and an ETA.
 * The rate is taken over a sliding window so a stall shows up quickly instead of being
 * averaged away by the fast start of a long transfer.
 */

export interface TransferProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; 0 until there is something to measure. */
  bytesPerSecond: number;
  /** Seconds left at the current rate; undefined while the rate is unknown or zero. */
  etaSeconds: number | undefined;
}

const WINDOW_MS = 5_000;

export class ProgressTracker {
  private filesDone = 0;
  private bytesDone = 0;
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private filesTotal: number,
    private bytesTotal: number,
    private readonly listener?: (p: TransferProgress) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.samples.push({ at: this.now(), bytes: 0 });
  }

  addBytes(bytes: number): void {
    if (bytes === 0) {
      return;
    }
    this.bytesDone += bytes;
    this.sample();
    this.emit();
  }

  /** A file that will not be transferred after all: its bytes leave the total, so the ETA stays honest. */
  dropFile(size: number, bytesAlreadyCounted: number): void {
    this.bytesTotal = Math.max(0, this.bytesTotal - size);
    this.bytesDone = Math.max(0, this.bytesDone - bytesAlreadyCounted);
    this.filesDone += 1;
    this.sample();
    this.emit();
  }

  fileFinished(): void {
    this.filesDone += 1;
    this.emit();
  }

  /** Files leaving the batch without being attempted (skipped before start, cancelled). */
  removeFiles(count: number, bytes: number): void {
    this.filesTotal = Math.max(0, this.filesTotal - count);
    this.bytesTotal = Math.max(0, this.bytesTotal - bytes);
    this.emit();
  }

  snapshot(): TransferProgress {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    // Never empty (the constructor adds a sample, sample() keeps at least two): the checks are for the type.
    const elapsed = first && last ? (last.at - first.at) / 1000 : 0;
    const bytesPerSecond = first && last && elapsed > 0 ? (last.bytes - first.bytes) / elapsed : 0;
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      bytesPerSecond,
      etaSeconds: remaining === 0 ? 0 : bytesPerSecond > 0 ? remaining / bytesPerSecond : undefined,
    };
  }

  private sample(): void {
    const at = this.now();
    this.samples.push({ at, bytes: this.bytesDone });
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) > WINDOW_MS) {
      this.samples.shift();
    }
  }

  private emit(): void {
    this.listener?.(this.snapshot());
  }
}
