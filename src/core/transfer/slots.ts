/**
 * A counting semaphore. Multipart uploads each buffer `queueSize × partSize` bytes (128 MiB
 * with the defaults), so the batch lets only a few of them run at once while the other workers
 * keep going with small files; without it 16 large files would hold 2 GiB of the editor's
 * memory.
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(count: number) {
    this.free = Math.max(1, count);
  }

  /** Resolves with the release function once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
