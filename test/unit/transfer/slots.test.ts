import * as assert from 'node:assert/strict';
import { Slots } from '../../../src/core/transfer/slots';

describe('Slots (multipart files at once)', () => {
  it('lets only as many holders in as it has slots, and admits waiters in order on release', async () => {
    const slots = new Slots(2);
    const a = await slots.acquire();
    await slots.acquire();
    const admitted: string[] = [];
    const c = slots.acquire().then((release) => {
      admitted.push('c');
      return release;
    });
    const d = slots.acquire().then((release) => {
      admitted.push('d');
      return release;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(admitted, [], 'no third holder while two hold a slot');
    a();
    a(); // a second release of the same slot must not free another one
    await c;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(admitted, ['c']);
    (await c)();
    await d;
    assert.deepEqual(admitted, ['c', 'd']);
  });
});
