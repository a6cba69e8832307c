// The S3 error-code catalogue against AWS's own lists (test/fixtures/errors/s3-error-codes.json):
// every code AWS lists is explained, with AWS's status and description, and decodes from a real
// response into a hint of its own rather than the "Unlisted S3 error" fallback.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMAND_TITLES, decodeAny, decodeError, lookupS3Code, renderBlock, S3_CODES, summaryLine } from '../../../src/core/errors';
import { s3Xml } from './fixtures';
import { s3CodeList } from './seed';

const LIST = s3CodeList();

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What `curl -i` shows for the code: status line, S3's headers, the XML body with AWS's description as message. */
function curlPaste(code: string, status: number | null, message: string): string {
  const body = s3Xml(code, escapeXml(message), '<Resource>/media-out/show/ep1/master.m3u8</Resource>');
  if (status === null) return body;
  return `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\nx-amz-request-id: 4442587FB7D0A2F9\r\nContent-Type: application/xml\r\n\r\n${body}`;
}

describe("S3 error codes against AWS's lists", () => {
  it('the checked-in lists name their source and hold the four lists of the page', () => {
    assert.strictEqual(LIST.source, 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html');
    assert.match(LIST.retrieved, /^\d{4}-\d{2}-\d{2}$/);
    const perList = (name: string): number => LIST.codes.filter((c) => c.list === name).length;
    assert.deepStrictEqual([perList('S3'), perList('Replication'), perList('Tagging'), perList('SelectObjectContent')], [132, 3, 5, 111]);
    // The reported cases of issue 12 are among them.
    for (const code of ['AuthorizationQueryParametersError', 'InvalidRequest', 'MalformedPolicy', 'EntityTooSmall', 'NoSuchUpload']) {
      assert.ok(
        LIST.codes.some((c) => c.code === code),
        code,
      );
    }
  });

  it('the catalogue has exactly the listed codes, each once, plus the SDK names NotFound and Forbidden and the RequestExpired of expired URLs', () => {
    const listed = new Set(LIST.codes.map((c) => c.code));
    const catalogued = S3_CODES.map((c) => c.code);
    assert.strictEqual(new Set(catalogued).size, catalogued.length, 'a code is catalogued twice');
    assert.deepStrictEqual(catalogued.filter((c) => !listed.has(c)).sort(), ['Forbidden', 'NotFound', 'RequestExpired']);
    assert.deepStrictEqual(
      [...listed].filter((c) => !lookupS3Code(c)),
      [],
    );
    for (const info of S3_CODES) {
      if (info.lists) assert.ok(listed.has(info.code), `${info.code} is marked as listed but is not in the lists`);
    }
  });

  for (const row of LIST.codes) {
    it(`${row.list}: ${row.code} (${row.status ?? 'N/A'})`, () => {
      const info = lookupS3Code(row.code);
      assert.ok(info, `${row.code} missing from the catalogue`);
      assert.strictEqual(info.status, row.status ?? undefined, 'HTTP status');
      assert.ok(info.lists?.includes(row.list), `${row.code} should be marked as on the ${row.list} list`);
      // A code on several lists keeps the description of the first (the main list's).
      if (info.lists?.[0] === row.list) assert.strictEqual(info.description, row.description);

      const d = decodeAny(curlPaste(row.code, row.status, row.description));
      assert.strictEqual(d.source, 's3');
      assert.strictEqual(d.code, row.code);
      assert.strictEqual(d.httpStatus, row.status ?? undefined);
      assert.strictEqual(d.title, info.title);
      assert.notStrictEqual(d.title, 'Unlisted S3 error');
      assert.ok(d.meaning && !d.meaning.includes('not in this extension'), d.meaning);
      assert.ok(d.remedy.length > 0, 'no hint');
      for (const r of d.remedy) assert.ok(r.trim().length > 10 && /[.)]$/.test(r), `hint not a sentence: ${r}`);
      assert.deepStrictEqual(d.problems, []);
      assert.deepStrictEqual(d.elements, [{ name: 'Resource', value: '/media-out/show/ep1/master.m3u8' }]);

      const block = renderBlock(d);
      assert.ok(block.startsWith(`S3 error ${row.code}: ${info.title}`), block);
      assert.ok(block.includes('  What to do:\n'), block);
      // Our own words never look like a secret to the redactor ("…signature: point…").
      assert.ok(!block.includes('[REDACTED]'), block);
      const summary = summaryLine(d);
      assert.ok(summary.startsWith(`S3 ${row.code} (${info.title})`) && !summary.includes('[REDACTED]'), summary);
    });
  }

  it('a code is found whatever its case, and S3 Select codes keep their family hint', () => {
    assert.strictEqual(lookupS3Code('authorizationqueryparameterserror')?.code, 'AuthorizationQueryParametersError');
    const d = decodeAny(s3Xml('ParseExpectedKeyword', 'Expected keyword at line 1, column 24'));
    assert.strictEqual(d.title, 'S3 Select: mistake in the SQL expression');
    assert.match(d.remedy[0], /line and column/);
    assert.match(decodeAny(s3Xml('CSVEscapingRecordDelimiter', 'x')).remedy[0], /AllowQuotedRecordDelimiter to TRUE/);
  });

  it('S3 Select codes that are ordinary words do not turn other errors into S3 errors', () => {
    assert.strictEqual(decodeAny('Busy: the queue is full').source, 'text');
    assert.strictEqual(decodeError(Object.assign(new Error('x'), { name: 'CastFailed' })).source, 'text');
    assert.strictEqual(decodeAny('Redirect: see /login').source, 'text');
    // Listed codes of the main list are recognised in the same places.
    const d = decodeAny('AuthorizationQueryParametersError: X-Amz-Expires must be less than a week (in seconds) that is 604800');
    assert.strictEqual(d.code, 'AuthorizationQueryParametersError');
    assert.match(d.remedy[0], /at most 7 days/);
  });

  it('the command titles the hints name are those of package.json', () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const ids: Record<keyof typeof COMMAND_TITLES, string> = {
      checkAccess: 'checkAccess',
      generateBucketPolicy: 'generateBucketPolicy',
      abortAllIncompleteUploads: 'abortAllIncompleteUploads',
      applyToBucket: 'applyToBucket',
      presign: 'presign',
    };
    for (const [key, id] of Object.entries(ids)) {
      assert.strictEqual(COMMAND_TITLES[key as keyof typeof COMMAND_TITLES], `${nls['command.category']}: ${nls[`command.${id}.title`]}`);
    }
  });
});

describe('hints that read the message and the elements', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', '', /Signature Version 4/],
    [
      'InvalidRequest',
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
      '',
      /Object Lock need a Content-MD5/,
    ],
    ['InvalidRequest', 'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120', '', /UploadPartCopy/],
    ['InvalidRequest', 'Something new', '', /names the one that applied/],
    [
      'InvalidArgument',
      'Invalid storage class.',
      '<ArgumentName>x-amz-storage-class</ArgumentName><ArgumentValue>GLACIER_IR</ArgumentValue>',
      /STANDARD everywhere/,
    ],
    [
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive',
      '<ArgumentName>partNumber</ArgumentName><ArgumentValue>0</ArgumentValue>',
      /1 to 10,000/,
    ],
    ['InvalidArgument', 'x', '<ArgumentName>x-amz-checksum-crc32</ArgumentName>', /WHEN_REQUIRED/],
    [
      'AuthorizationQueryParametersError',
      "Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      '<Region>eu-west-1</Region>',
      /region to 'eu-west-1'/,
    ],
    ['NoSuchUpload', 'The specified upload does not exist.', '<UploadId>VXBsb2FkIElE</UploadId>', /upload id is shown as UploadId/],
    [
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed size',
      '<ProposedSize>20971520</ProposedSize><MaxSizeAllowed>10485760</MaxSizeAllowed>',
      /content-length-range/,
    ],
    [
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
      '<ProposedSize>1024</ProposedSize><MinSizeAllowed>5242880</MinSizeAllowed>',
      /at least 5 MiB: keep mediaStorage\.upload\.partSize\b/,
    ],
  ];
  const argument = (name: string): string => `<ArgumentName>${name}</ArgumentName>`;
  cases.push(
    [
      'InvalidRequest',
      'This copy request is illegal because it is trying to copy an object to itself without changing the metadata',
      '',
      /MetadataDirective REPLACE/,
    ],
    ['InvalidRequest', 'S3 Transfer Acceleration is not configured on this bucket', '', /accelerate endpoint/],
    ['InvalidRequest', 'The encryption parameters are not applicable to this object.', '', /SSE-C headers only/],
    ['InvalidRequest', 'Conflicting values provided in HTTP headers and query parameters', '', /send it once/],
    ['InvalidArgument', 'x', argument('x-amz-acl'), /canned ACL/],
    ['InvalidArgument', 'x', argument('x-amz-server-side-encryption-customer-key'), /SSE-C needs the algorithm AES256/],
    ['InvalidArgument', 'x', argument('x-amz-server-side-encryption'), /AES256 or aws:kms/],
    ['InvalidArgument', 'x', argument('uploadId'), /upload id exactly/],
    ['InvalidArgument', 'Unsupported Authorization Type', argument('Authorization'), /one kind of authentication/],
    ['InvalidArgument', 'x', argument('x-amz-date'), /yyyyMMddTHHmmssZ/],
    ['InvalidArgument', 'x', argument('x-amz-expected-bucket-owner'), /12-digit/],
    ['InvalidArgument', 'x', argument('max-keys'), /1 to 1,000/],
    ['InvalidArgument', 'x', argument('x-amz-meta-title'), /US-ASCII/],
    ['InvalidArgument', 'ListBuckets bucket-region does not match', '', /region/],
    ['UnsupportedArgument', 'x', argument('x-amz-checksum-crc64nvme'), /Leave out the argument x-amz-checksum-crc64nvme/],
  );
  for (const [code, message, extra, hint] of cases) {
    it(`${code}: ${message.slice(0, 60)}${extra ? ` ${extra.slice(0, 60)}` : ''}`, () => {
      const d = decodeAny(s3Xml(code, escapeXml(message), extra));
      assert.match(d.remedy.join('\n'), hint);
      assert.ok(!renderBlock(d).includes('[REDACTED]'), renderBlock(d));
    });
  }

  it('EntityTooSmall from a presigned POST policy is told apart from a small part', () => {
    const d = decodeAny(s3Xml('EntityTooSmall', 'x', '<ProposedSize>10</ProposedSize><MinSizeAllowed>1048576</MinSizeAllowed>'));
    assert.match(d.remedy.join('\n'), /presigned POST's policy/);
    assert.doesNotMatch(
      decodeAny(s3Xml('EntityTooSmall', 'x', '<ProposedSize>10</ProposedSize><MinSizeAllowed>5242880</MinSizeAllowed>')).remedy.join('\n'),
      /POST/,
    );
  });

  it('InvalidAccessKeyId says which provider the key id belongs to, never the id', () => {
    const r2 = decodeError(
      Object.assign(new Error('The AWS Access Key Id you provided does not exist in our records.'), {
        name: 'InvalidAccessKeyId',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        AWSAccessKeyId: '0123456789abcdef0123456789abcdef',
      }),
    );
    assert.match(r2.remedy.join('\n'), /format of Cloudflare R2 keys/);
    const block = renderBlock(r2);
    assert.ok(!block.includes('0123456789abcdef0123456789abcdef'), block);
    assert.match(block, /AWSAccessKeyId: \[REDACTED\]/);
    const sts = decodeAny(s3Xml('InvalidAccessKeyId', 'x', '<AWSAccessKeyId>ASIAIOSFODNN7EXAMPL2</AWSAccessKeyId>'));
    assert.match(sts.remedy.join('\n'), /temporary \(ASIA…\) key id: it works only with its session token/);
  });
});
