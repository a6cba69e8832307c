import * as assert from 'assert';
import { adviseOutputExpiry, formatExpiry, MAX_PRESIGN_EXPIRY_SECONDS, parseExpiry } from '../../../src/core/transfer/expiry';

function seconds(text: string): number {
  const r = parseExpiry(text);
  assert.ok(r.ok, `"${text}" should parse: ${r.ok ? '' : r.reason}`);
  return r.seconds;
}

function reason(text: string): string {
  const r = parseExpiry(text);
  assert.ok(!r.ok, `"${text}" should be refused, got ${r.ok ? r.seconds : ''}`);
  return r.reason;
}

describe('transfer/expiry', () => {
  it('reads seconds and friendly durations', () => {
    assert.strictEqual(seconds('3600'), 3600);
    assert.strictEqual(seconds('45s'), 45);
    assert.strictEqual(seconds('90m'), 5400);
    assert.strictEqual(seconds('2h'), 7200);
    assert.strictEqual(seconds('1h30m'), 5400);
    assert.strictEqual(seconds(' 1H 30M '), 5400);
    assert.strictEqual(seconds('7d'), 604800);
    assert.strictEqual(seconds('1d2h3m4s'), 93784);
  });

  it('refuses more than 7 days, naming the SigV4 limit', () => {
    assert.match(reason('8d'), /7 days \(604800 s\).*SigV4/);
    assert.match(reason('604801'), /7 days/);
    assert.match(reason('6d24h1s'), /7 days/);
    assert.match(reason('99999999999999999999'), /7 days/);
    assert.strictEqual(seconds(String(MAX_PRESIGN_EXPIRY_SECONDS)), MAX_PRESIGN_EXPIRY_SECONDS);
  });

  it('refuses zero, negative, fractions and garbage with a reason', () => {
    assert.match(reason('0'), /zero/);
    assert.match(reason('0h0m'), /zero/);
    assert.match(reason('-5m'), /negative/);
    assert.match(reason('1.5h'), /whole units/);
    assert.match(reason(''), /empty/);
    assert.match(reason('soon'), /not an expiry/);
    assert.match(reason('5x'), /"x".*not a unit/);
    assert.match(reason('30m1h'), /largest first/);
    assert.match(reason('1h1h'), /once/);
  });

  it('formats seconds the way they are read back', () => {
    for (const s of [1, 59, 60, 5400, 93784, 604800]) {
      assert.strictEqual(seconds(formatExpiry(s)), s);
    }
    assert.strictEqual(formatExpiry(5400), '1h30m');
  });

  it('warns when an output URL may expire before queueing plus real-time processing', () => {
    const advice = adviseOutputExpiry({ chosenSeconds: 3600, mediaDurationSeconds: 2 * 3600, queueAllowanceSeconds: 1800 });
    assert.match(advice.warning ?? '', /may expire before the job writes its output/);
    assert.ok(advice.recommendedSeconds >= 1800 + 7200);
    assert.strictEqual(adviseOutputExpiry({ chosenSeconds: 6 * 3600, mediaDurationSeconds: 3600 }).warning, undefined);
    const tooLong = adviseOutputExpiry({ mediaDurationSeconds: 7 * 86400 });
    assert.strictEqual(tooLong.recommendedSeconds, MAX_PRESIGN_EXPIRY_SECONDS);
    assert.match(tooLong.warning ?? '', /s3:\/\//);
  });
});
