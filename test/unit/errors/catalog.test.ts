import * as assert from 'assert';
import {
  BITMOVIN_CODES,
  COMMAND_TITLES,
  decodeAny,
  explainUnknownBitmovinCode,
  HTTP_STATUSES,
  lookupBitmovinCode,
  lookupHttpStatus,
  renderBlock,
  STORAGE_CODES,
} from '../../../src/core/errors';
import { seedCodes, seedStatuses, seedText } from './seed';

const SEED = seedCodes();
// The page stops mid-sentence ("Your ac"); only that last meaning may be longer in the catalog.
const LAST_LINE_CUT = !/\.\s*$/.test(seedText().trimEnd()) ? SEED[SEED.length - 1]?.code : undefined;

describe('Bitmovin error-code catalog against the source page', () => {
  it('the page lists 69 codes, 1000 to 8004, and the catalog has exactly as many', () => {
    assert.strictEqual(SEED.length, 69);
    assert.strictEqual(SEED[0].code, 1000);
    assert.strictEqual(SEED[SEED.length - 1].code, 8004);
    assert.strictEqual(BITMOVIN_CODES.length, SEED.length);
    assert.deepStrictEqual(
      BITMOVIN_CODES.map((c) => c.code),
      SEED.map((c) => c.code),
    );
  });

  for (const s of SEED) {
    it(`${s.code} ${s.title}`, () => {
      const info = lookupBitmovinCode(s.code);
      assert.ok(info, `code ${s.code} missing from the catalog`);
      assert.strictEqual(info.title, s.title);
      if (s.code === LAST_LINE_CUT) {
        assert.ok(info.meaning.startsWith(s.meaning), `${info.meaning} should continue "${s.meaning}"`);
      } else {
        assert.strictEqual(info.meaning, s.meaning);
      }
      // Heading "2XXX Encoding Errors" only introduces the 20XX–26XX sections; codes sit under those.
      assert.strictEqual(info.category.range, s.range);
      assert.strictEqual(info.category.title, s.heading);
      // What the user sees for a bare envelope with this code.
      const block = renderBlock(decodeAny(JSON.stringify({ requestId: 'r', status: 'ERROR', data: { code: s.code } })));
      assert.ok(block.startsWith(`Bitmovin error ${s.code}: ${s.title}`), block);
      assert.ok(block.includes(`Category: ${s.heading} (${s.range})`), block);
    });
  }

  it('every storage code gives a remedy that names one of the extension commands', () => {
    const want = [2017, 2019, 2042, ...range(2100, 2107), ...range(2200, 2205)];
    for (const code of want) {
      assert.ok(STORAGE_CODES.includes(code), `${code} not marked as a storage code`);
      const d = decodeAny(JSON.stringify({ requestId: 'r', status: 'ERROR', data: { code } }));
      const text = d.remedy.join('\n');
      assert.ok(text.includes(`"${COMMAND_TITLES.checkAccess}"`), `${code}: ${text}`);
    }
  });

  it('2202 upload access denied explains ACL vs Block Public Access and offers the policy generator', () => {
    const d = decodeAny(JSON.stringify({ requestId: 'r', status: 'ERROR', data: { code: 2202 } }));
    const text = d.remedy.join('\n');
    assert.match(text, /Block(s)? public access/i);
    assert.match(text, /ACL to PRIVATE/);
    assert.ok(text.includes(COMMAND_TITLES.generateBucketPolicy));
  });

  it('2101 and 2200 bucket-not-found tell to check the bucket name and region', () => {
    for (const code of [2101, 2200]) {
      const d = decodeAny(JSON.stringify({ status: 'ERROR', data: { code } }));
      assert.match(d.remedy[0], /bucket name and region/);
    }
  });

  it('an unknown code is explained by its range', () => {
    assert.match(explainUnknownBitmovinCode(2150).meaning, /codes in 21XX are encoding input errors/);
    assert.match(explainUnknownBitmovinCode(2211).title, /Unlisted Encoding Output error/);
    assert.match(explainUnknownBitmovinCode(8002).meaning, /8XXX are limit exceeded errors/);
    assert.match(explainUnknownBitmovinCode(2900).meaning, /2XXX are encoding errors/);
    assert.match(explainUnknownBitmovinCode(4242).meaning, /outside every range/);
    const block = renderBlock(decodeAny('{"requestId":"x","status":"ERROR","data":{"code":2188,"message":"m","developerMessage":"dm"}}'));
    assert.ok(block.startsWith('Bitmovin error 2188: Unlisted Encoding Input error — Code 2188 is not in'), block);
  });
});

describe('HTTP statuses against the source page', () => {
  const statuses = seedStatuses();
  it('the page lists 12 statuses, 200 to 503, all in the table', () => {
    assert.deepStrictEqual(
      statuses.map((s) => s.status),
      [200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 429, 503],
    );
    assert.strictEqual(HTTP_STATUSES.length, statuses.length);
  });
  for (const s of statuses) {
    it(`${s.status} ${s.reason}`, () => {
      const info = lookupHttpStatus(s.status);
      assert.ok(info);
      assert.strictEqual(info.reason, s.reason);
      assert.strictEqual(info.meaning, s.meaning);
    });
  }
  it('429 advises to pause and retry after a minute, in the block the user sees', () => {
    const d = decodeAny(
      'HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n\r\n' +
        '{"requestId":"q","status":"ERROR","data":{"code":8000,"message":"Too many requests","developerMessage":"rate"}}',
    );
    assert.strictEqual(d.httpStatus, 429);
    assert.ok(d.remedy.includes('Pause requests, wait one minute, and try again.'), d.remedy.join('|'));
    assert.match(renderBlock(d), /HTTP status: 429 Too Many Requests — Exceeded Bitmovin API limits\. Pause requests, wait one minute, and try again\./);
  });
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
