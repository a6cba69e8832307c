import * as assert from 'assert';
import { decodeAny, extractRegion, parseHttpResponse, regionFromEndpoint, regionFromMessage } from '../../../src/core/errors';
import { ERROR_2202, s3Xml } from './fixtures';

describe('curl -i response parsing', () => {
  it('reads status, headers and body (CRLF)', () => {
    const r = parseHttpResponse(
      'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Request-Id: abc\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n{"x":1}\r\n',
    );
    assert.ok(r);
    assert.strictEqual(r.status, 400);
    assert.strictEqual(r.statusText, 'Bad Request');
    assert.strictEqual(r.httpVersion, '1.1');
    assert.deepStrictEqual(r.headers, { 'content-type': 'application/json', 'x-request-id': 'abc', 'set-cookie': 'a=1, b=2' });
    assert.strictEqual(r.body, '{"x":1}');
    assert.deepStrictEqual(r.problems, []);
  });

  it('skips 100 Continue and proxy tunnel responses to the final one (LF)', () => {
    const r = parseHttpResponse('HTTP/1.1 200 Connection established\n\nHTTP/1.1 100 Continue\n\nHTTP/2 403\ncontent-type: application/xml\n\n<Error/>');
    assert.ok(r);
    assert.deepStrictEqual(r.earlier, ['HTTP/1.1 200 Connection established', 'HTTP/1.1 100 Continue']);
    assert.strictEqual(r.status, 403);
    assert.strictEqual(r.statusText, '');
    assert.strictEqual(r.httpVersion, '2');
    assert.strictEqual(r.body, '<Error/>');
  });

  it('reads curl -v output (< prefixed lines)', () => {
    const r = parseHttpResponse(
      '*   Trying 127.0.0.1:9000...\n> PUT /b/k HTTP/1.1\n> Host: x\n>\n< HTTP/1.1 404 Not Found\n< Content-Type: application/xml\n<\n<Error><Code>NoSuchBucket</Code></Error>\n* Connection #0 left intact',
    );
    assert.ok(r);
    assert.strictEqual(r.status, 404);
    assert.strictEqual(r.headers['content-type'], 'application/xml');
    assert.match(r.body, /^<Error><Code>NoSuchBucket<\/Code><\/Error>/);
  });

  it('notes a body shorter than Content-Length and headers without an end', () => {
    assert.match(parseHttpResponse('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"a"')!.problems[0], /4 of 100 bytes/);
    assert.match(parseHttpResponse('HTTP/1.1 200 OK\r\nContent-Type: x')!.problems[0], /ends inside the headers/);
    assert.strictEqual(parseHttpResponse('not http'), undefined);
  });

  it('a pasted Bitmovin error response decodes as the envelope with its HTTP status', () => {
    const d = decodeAny(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(ERROR_2202)}`);
    assert.strictEqual(d.source, 'bitmovin');
    assert.strictEqual(d.code, '2202');
    assert.strictEqual(d.httpStatus, 403);
    assert.strictEqual(d.httpMeaning, 'Access denied.');
  });

  it('a pasted S3 error response uses x-amz headers for region and ids', () => {
    const d = decodeAny(
      'HTTP/1.1 301 Moved Permanently\nx-amz-bucket-region: us-west-2\nx-amz-request-id: RQ\nx-amz-id-2: HID\n\n' +
        '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>',
    );
    assert.strictEqual(d.code, 'PermanentRedirect');
    assert.strictEqual(d.region, 'us-west-2');
    assert.strictEqual(d.requestId, 'RQ');
    assert.strictEqual(d.hostId, 'HID');
  });

  it('a bodiless S3 HEAD answer, a plain-text body and an HTML page', () => {
    const head = decodeAny('HTTP/1.1 403 Forbidden\r\nx-amz-request-id: R\r\n\r\n');
    assert.strictEqual(head.source, 's3');
    assert.strictEqual(head.code, 'AccessDenied');
    const plain = decodeAny('HTTP/1.1 503 Service Unavailable\n\nupstream down');
    assert.strictEqual(plain.source, 'http');
    assert.strictEqual(plain.message, 'upstream down');
    assert.match(plain.remedy[0], /try again later/);
    const html = decodeAny('HTTP/1.1 502 Bad Gateway\n\n<html><head><title>502 Bad Gateway</title></head></html>');
    assert.strictEqual(html.message, '502 Bad Gateway');
    assert.match(html.problems[0], /HTML page/);
  });

  it('S3 body with the region element', () => {
    const d = decodeAny(`HTTP/1.1 400 Bad Request\n\n${s3Xml('AuthorizationHeaderMalformed', 'malformed', '<Region>sa-east-1</Region>')}`);
    assert.strictEqual(d.region, 'sa-east-1');
    assert.strictEqual(d.httpStatus, 400);
  });
});

describe('region extraction', () => {
  it('prefers the x-amz-bucket-region header, then <Region>, then the endpoint, then the message', () => {
    const msg = "the region 'us-east-1' is wrong; expecting 'eu-west-1'";
    assert.strictEqual(extractRegion({ headers: { 'X-Amz-Bucket-Region': 'eu-north-1' }, regionField: 'eu-west-3', message: msg }), 'eu-north-1');
    assert.strictEqual(extractRegion({ regionField: 'eu-west-3', message: msg }), 'eu-west-3');
    assert.strictEqual(extractRegion({ endpointField: 'b.s3.ca-central-1.amazonaws.com', message: msg }), 'ca-central-1');
    assert.strictEqual(extractRegion({ message: msg }), 'eu-west-1');
    assert.strictEqual(extractRegion({ message: "the region 'us-east-1' is wrong" }), undefined);
    assert.strictEqual(extractRegion({ headers: { 'x-amz-bucket-region': '<script>' } }), undefined);
  });

  it('reads regions out of endpoint host names of AWS and S3-compatible stores', () => {
    assert.strictEqual(regionFromEndpoint('mybucket.s3.eu-west-1.amazonaws.com'), 'eu-west-1');
    assert.strictEqual(regionFromEndpoint('https://s3-ap-northeast-1.amazonaws.com/bucket'), 'ap-northeast-1');
    assert.strictEqual(regionFromEndpoint('b.s3.dualstack.us-gov-west-1.amazonaws.com'), 'us-gov-west-1');
    assert.strictEqual(regionFromEndpoint('s3.cn-north-1.amazonaws.com.cn'), 'cn-north-1');
    assert.strictEqual(regionFromEndpoint('s3.eu-central-2.wasabisys.com'), 'eu-central-2');
    assert.strictEqual(regionFromEndpoint('nyc3.digitaloceanspaces.com'), 'nyc3');
    assert.strictEqual(regionFromEndpoint('mybucket.s3.amazonaws.com'), undefined);
    assert.strictEqual(regionFromEndpoint('127.0.0.1:9000'), undefined);
  });

  it('reads "expecting" and "is in the X region" messages', () => {
    assert.strictEqual(regionFromMessage("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'"), 'eu-west-1');
    assert.strictEqual(regionFromMessage('the bucket is in the ap-south-1 region'), 'ap-south-1');
    assert.strictEqual(regionFromMessage('Access Denied'), undefined);
  });
});
