// How sizes, rates and durations read (src/core/format.ts): the progress notification, the tree and the log all use it.
import * as assert from 'assert';
import { ESTIMATE_SETTLE_MS, formatBytes, formatDuration, listSome, progressMessage, progressPercent, settledProgress } from '../../src/core/format';
import { ProgressTracker } from '../../src/core/transfer/progress';

describe('transfer progress text', () => {
  it('shows files, bytes, rate and time left', () => {
    const text = progressMessage({ filesDone: 3, filesTotal: 10, bytesDone: 12_000_000, bytesTotal: 40_000_000, bytesPerSecond: 5_100_000, etaSeconds: 5.49 });
    assert.strictEqual(text, '3/10 files · 11.4 MiB of 38.1 MiB · 4.9 MiB/s · 5s left');
  });

  it('leaves out an unknown rate and time left instead of showing nonsense', () => {
    assert.strictEqual(
      progressMessage({ filesDone: 0, filesTotal: 2, bytesDone: 0, bytesTotal: 1500, bytesPerSecond: 0, etaSeconds: undefined }),
      '0/2 files · 0 B of 1.5 KiB',
    );
  });

  it('shows no rate or time left until bytes have flowed long enough to measure them', () => {
    // A 431 KiB upload whose first 16 KiB chunk came 20 ms after the first sample: the raw rate says
    // 800 KiB/s, which is noise; the text leaves it and the ETA out instead of flashing them.
    let now = 1_000;
    const tracker = new ProgressTracker(1, 431 * 1024, undefined, () => now);
    now += 20;
    tracker.addBytes(16 * 1024);
    const early = tracker.snapshot();
    assert.ok(early.etaSeconds !== undefined && early.bytesPerSecond > 0, 'the tracker has a raw estimate');
    assert.strictEqual(progressMessage(settledProgress(early, undefined)), '0/1 files · 16.0 KiB of 431 KiB');
    assert.strictEqual(progressMessage(settledProgress(early, ESTIMATE_SETTLE_MS - 1)), '0/1 files · 16.0 KiB of 431 KiB');
    const settled = { filesDone: 0, filesTotal: 1, bytesDone: 1_048_576, bytesTotal: 3_145_728, bytesPerSecond: 524_288, etaSeconds: 4 };
    assert.strictEqual(progressMessage(settledProgress(settled, ESTIMATE_SETTLE_MS)), '0/1 files · 1.0 MiB of 3.0 MiB · 512 KiB/s · 4s left');
  });

  it('counts files when the batch has no bytes, and never exceeds 100%', () => {
    assert.strictEqual(progressPercent({ filesDone: 1, filesTotal: 4, bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, etaSeconds: 0 }), 25);
    assert.strictEqual(progressPercent({ filesDone: 1, filesTotal: 1, bytesDone: 120, bytesTotal: 100, bytesPerSecond: 0, etaSeconds: 0 }), 100);
  });

  it('formats sizes, durations and long lists compactly', () => {
    assert.strictEqual(formatBytes(999), '999 B');
    assert.strictEqual(formatBytes(1023), '1023 B');
    assert.strictEqual(formatBytes(1024), '1.0 KiB');
    assert.strictEqual(formatBytes(5 * 1024 ** 3), '5.0 GiB');
    assert.strictEqual(formatBytes(2_500_000_000), '2.3 GiB');
    assert.strictEqual(formatDuration(59.6), '1m 00s');
    assert.strictEqual(formatDuration(3725), '1h 02m');
    assert.strictEqual(listSome(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
  });
});
