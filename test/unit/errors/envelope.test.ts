import * as assert from 'assert';
import { decodeAny, decodeError, renderBlock, summaryLine } from '../../../src/core/errors';
import { ERROR_2202, SUCCESS } from './fixtures';

describe('Bitmovin envelope decoding', () => {
  it('renders the whole block of a 2202 error with details and links', () => {
    const block = renderBlock(decodeAny(JSON.stringify(ERROR_2202, null, 2)));
    assert.strictEqual(
      block,
      [
        'Bitmovin error 2202: Upload access denied — Access denied during upload',
        '  Category: Encoding Output Errors (22XX)',
        '  Request id: 6d84e126-d10c-4e52-bbfb-bd4c92bc8333',
        '  Message: Access denied during upload',
        '  Developer message: Upload of segment_0.m4s to bucket my-bitmovin-bucket failed: 403 AccessDenied',
        '  Details:',
        '    - ERROR outputs[0].acl[0].permission: ACL PUBLIC_READ is not allowed by the bucket (2016-06-25T20:09:23.69Z)',
        '      Link: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
        '  Links:',
        '    - S3 output tutorial: https://bitmovin.com/docs/encoding/tutorials/create-an-s3-output',
        '  What to do:',
        '    - Run "Media Storage: Check Access" on the output\'s bucket with the same access key the output uses.',
        '    - If the bucket blocks public access or has ACLs disabled (Object Ownership "bucket owner enforced"), set the Bitmovin output ACL to PRIVATE — on the output and on every muxing — instead of PUBLIC_READ.',
        '    - Run "Media Storage: Generate Bucket Policy" to produce the IAM/bucket policy the encoder\'s key needs (s3:GetObject and s3:ListBucket for inputs; s3:PutObject, s3:PutObjectAcl and s3:ListBucket for outputs).',
      ].join('\n'),
    );
  });

  it('gives a one-line summary with code, title, message and request id', () => {
    const line = summaryLine(decodeAny(JSON.stringify(ERROR_2202)));
    assert.strictEqual(line, 'Bitmovin 2202 Upload access denied: Access denied during upload [request 6d84e126-d10c-4e52-bbfb-bd4c92bc8333]');
    assert.ok(!line.includes('\n'));
  });

  it('reads a success envelope: result and messages', () => {
    const d = decodeAny(JSON.stringify(SUCCESS));
    assert.strictEqual(d.ok, true);
    assert.deepStrictEqual(d.result, SUCCESS.data.result);
    assert.strictEqual(d.details[0].text, 'Output created');
    assert.deepStrictEqual(d.problems, []);
    assert.strictEqual(
      renderBlock(d),
      [
        'Bitmovin request succeeded',
        '  Request id: 6d84e126-d10c-4e52-bbfb-bd4c92bc8333',
        '  Result: id=a1b2c3, name=my-output',
        '  Messages:',
        '    - INFO Output created (2016-06-25T20:09:23.69Z)',
      ].join('\n'),
    );
  });

  it('recovers the fields before the cut of a truncated envelope and says what is cut', () => {
    const full = JSON.stringify(ERROR_2202);
    const cut = full.slice(0, full.indexOf('segment_0') + 4);
    const d = decodeAny(cut);
    assert.strictEqual(d.code, '2202');
    assert.strictEqual(d.requestId, ERROR_2202.requestId);
    assert.strictEqual(d.message, 'Access denied during upload');
    assert.strictEqual(d.developerMessage, 'Upload of segm…');
    assert.ok(
      d.problems.some((p) => p === 'data.developerMessage is cut off (marked with …).'),
      d.problems.join('|'),
    );
    assert.ok(d.problems.some((p) => /JSON is cut off or malformed/.test(p)));
  });

  it('reports fields of the wrong type instead of throwing', () => {
    const d = decodeAny(JSON.stringify({ requestId: 42, status: 'ERROR', data: { code: '2101', message: ['x'], links: 'nope', details: [7, { text: 3 }] } }));
    assert.strictEqual(d.code, '2101');
    assert.strictEqual(d.title, 'Bucket not found');
    assert.strictEqual(d.requestId, '42');
    assert.deepStrictEqual(d.problems, [
      'requestId should be a string but is a number; used its text.',
      'data.code is a string; read it as a number.',
      'data.message should be a string but is an array; ignored.',
      'data.developerMessage is missing.',
      'data.links should be an array but is string; ignored.',
      'data.details[0] is not a message object; ignored.',
      'data.details[1].text should be a string but is a number; used its text.',
    ]);
  });

  it('an ERROR envelope without data says so', () => {
    const d = decodeAny('{"requestId":"r1","status":"ERROR"}');
    assert.strictEqual(d.ok, false);
    assert.ok(d.problems.includes('data is missing from the error response.'));
    assert.ok(d.problems.includes('data.code is missing.'));
    assert.strictEqual(renderBlock(d).split('\n')[0], 'Bitmovin error: Bitmovin error');
  });

  it('finds an envelope after a log prefix', () => {
    const d = decodeAny(`2024-05-01 12:00:00 ERROR encoding failed: ${JSON.stringify(ERROR_2202)}`);
    assert.strictEqual(d.code, '2202');
    assert.match(d.problems[0], /^Ignored \d+ characters of text before the JSON\.$/);
  });

  it('decodes an error thrown by a Bitmovin SDK (flattened envelope fields)', () => {
    const err = Object.assign(new Error('Access denied during upload'), {
      httpStatusCode: 403,
      errorCode: 2202,
      shortMessage: 'Access denied during upload',
      developerMessage: 'dev',
      requestId: 'abc',
    });
    const d = decodeError(err);
    assert.strictEqual(d.code, '2202');
    assert.strictEqual(d.httpStatus, 403);
    assert.strictEqual(d.requestId, 'abc');
  });

  it('redacts secrets the envelope echoes back', () => {
    const env = {
      requestId: 'r',
      status: 'ERROR',
      data: {
        code: 1001,
        message: 'Parameter not valid',
        developerMessage: 'Rejected {"accessKey":"AKIAIOSFODNN7EXAMPLE","secretKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}',
        details: [{ type: 'ERROR', text: 'see https://b.s3.amazonaws.com/k?X-Amz-Signature=deadbeefcafe&X-Amz-Expires=60' }],
      },
    };
    const block = renderBlock(decodeAny(JSON.stringify(env)));
    assert.ok(!block.includes('wJalrXUtnFEMI'), block);
    assert.ok(!block.includes('deadbeefcafe'), block);
    assert.ok(block.includes('[REDACTED]'));
    assert.ok(!summaryLine(decodeAny(JSON.stringify(env))).includes('wJalrXUtnFEMI'));
  });
});
