// Random damage to real envelopes and S3 bodies: the decoders run inside error handlers, so an
// exception or a malformed result there would hide the error the user needed to see.
import * as assert from 'assert';
import fc from 'fast-check';
import { type Decoded, decodeAny, decodeError, renderBlock, summaryLine } from '../../../src/core/errors';
import { ERROR_2202, s3Xml, SIG_MISMATCH_PRESIGNED, SUCCESS } from './fixtures';

const ENVELOPES: unknown[] = [
  ERROR_2202,
  SUCCESS,
  { requestId: 'a', status: 'ERROR', data: { code: 2101, message: 'Bucket not found', developerMessage: 'no bucket x', links: [], details: [] } },
  {
    requestId: 'b',
    status: 'ERROR',
    data: { code: 9999, message: 'm', developerMessage: 'd', details: [{ id: 'i', type: 'WARNING', text: 't', field: 'f' }] },
  },
];

const TEXTS: string[] = [
  ...ENVELOPES.map((e) => JSON.stringify(e, null, 2)),
  SIG_MISMATCH_PRESIGNED,
  s3Xml('AccessDenied', 'Request has expired', '<X-Amz-Expires>900</X-Amz-Expires><ServerTime>2024-01-01T02:00:00Z</ServerTime>'),
  s3Xml('PermanentRedirect', 'must be addressed', '<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket>'),
  s3Xml('AuthorizationHeaderMalformed', "the region 'us-east-1' is wrong; expecting 'eu-west-1'", '<Region>eu-west-1</Region>'),
  `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n${JSON.stringify(ERROR_2202)}`,
  `HTTP/1.1 301 Moved Permanently\nx-amz-bucket-region: us-west-2\nx-amz-request-id: RQ\n\n${s3Xml('PermanentRedirect', 'm')}`,
];

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '<',
  '>',
  '</Error>',
  '<Code>',
  '\\',
  '\\u12',
  '\u0000',
  '\uFEFF',
  '\r\n\r\n',
  'HTTP/1.1 200 OK\n',
  '&#x110000;',
  '&amp',
  'null',
  '-1e999',
  '\uD800',
];

type Op =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'dup'; at: number; len: number }
  | { kind: 'insert'; at: number; s: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })) }),
);

function mutate(text: string, ops: Op[]): string {
  let buf = Buffer.from(text, 'utf8');
  for (const op of ops) {
    const at = buf.length === 0 ? 0 : op.at % (buf.length + 1);
    switch (op.kind) {
      case 'truncate':
        buf = buf.subarray(0, at);
        break;
      case 'flip':
        if (at < buf.length) {
          buf = Buffer.from(buf);
          buf[at] ^= 1 << op.bit;
        }
        break;
      case 'delete':
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + op.len)]);
        break;
      case 'dup':
        buf = Buffer.concat([buf.subarray(0, at + op.len), buf.subarray(at)]);
        break;
      case 'insert':
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(op.s, 'utf8'), buf.subarray(at)]);
        break;
    }
  }
  // Byte flips can split UTF-8 sequences; decoding repairs them the way a log viewer would.
  return buf.toString('utf8');
}

const PATHS: string[][] = [
  ['requestId'],
  ['status'],
  ['data'],
  ['data', 'code'],
  ['data', 'message'],
  ['data', 'developerMessage'],
  ['data', 'links'],
  ['data', 'links', '0'],
  ['data', 'links', '0', 'href'],
  ['data', 'details'],
  ['data', 'details', '0'],
  ['data', 'details', '0', 'field'],
  ['data', 'details', '0', 'links'],
  ['data', 'result'],
  ['data', 'messages'],
  ['data', 'messages', '0', 'type'],
];

function setPath(root: unknown, path: string[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const seg of path.slice(0, -1)) {
    const next = cur[seg];
    if (typeof next !== 'object' || next === null) return copy;
    cur = next as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
  return copy;
}

function checkShape(d: Decoded): void {
  assert.strictEqual(typeof d.title, 'string');
  assert.ok(['bitmovin', 's3', 'network', 'http', 'text'].includes(d.source));
  for (const list of [d.problems, d.remedy]) {
    assert.ok(Array.isArray(list) && list.every((p) => typeof p === 'string'));
  }
  assert.ok(d.details.every((m) => Array.isArray(m.links) && m.links.every((l) => typeof l.href === 'string')));
  const block = renderBlock(d);
  assert.ok(typeof block === 'string' && block.length > 0);
  const line = summaryLine(d);
  assert.ok(!/[\r\n]/.test(line), line);
}

const SEED = 20240601;

describe('decoders survive random damage', () => {
  it('6,000 byte-level mutations of envelopes, S3 bodies and curl pastes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXTS), fc.array(opArb, { minLength: 1, maxLength: 6 }), (text, ops) => {
        checkShape(decodeAny(mutate(text, ops)));
      }),
      { numRuns: 6000, seed: SEED },
    );
  });

  it('3,000 envelopes with a field of the wrong type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENVELOPES),
        fc.constantFrom(...PATHS),
        fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false }),
        fc.boolean(),
        (env, path, value, asObject) => {
          const damaged = setPath(env, path, value);
          // The same damage seen as text and as a thrown object.
          checkShape(decodeAny(JSON.stringify(damaged) ?? ''));
          if (asObject) checkShape(decodeError(damaged));
        },
      ),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('1,000 deeply nested or arbitrary inputs, as text and as thrown values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom('[', '{"data":', '{"requestId":"r","status":"ERROR","data":{"details":[', '<Error>', '<a>'),
        fc.anything({ maxDepth: 4 }),
        (depth, opener, thing) => {
          checkShape(decodeAny(opener.repeat(depth)));
          checkShape(decodeAny(`{"requestId":"r","status":"ERROR","data":{"code":2202,"details":${'['.repeat(depth)}`));
          checkShape(decodeError(thing));
        },
      ),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('nesting far past any parser stack still yields the readable fields', () => {
    const d = decodeAny(`{"requestId":"deep","status":"ERROR","data":{"code":2204,"details":${'[{"x":'.repeat(200000)}`);
    assert.strictEqual(d.code, '2204');
    assert.strictEqual(d.requestId, 'deep');
    assert.match(d.problems[0], /nests deeper than 64 levels/);
    checkShape(d);
  });
});
