// The Bitmovin client against the local fake API (test/support/fakeBitmovin.ts), which answers
// with seed 003's envelopes: what the client returns, what it throws, and what the shared
// decoder makes of the thrown errors (what the user reads).
import * as assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { BitmovinApiError, BitmovinClient, normalizeBaseUrl } from '../../../src/core/bitmovin';
import { decodeError, renderBlock } from '../../../src/core/errors';
import { startFakeBitmovin, type FakeBitmovin } from '../../support/fakeBitmovin';

describe('Bitmovin client against the fake API', () => {
  let fake: FakeBitmovin;
  const lines: string[] = [];
  const client = (over: { apiKey?: string; organizationId?: string; baseUrl?: string } = {}): BitmovinClient =>
    new BitmovinClient({
      apiKey: over.apiKey ?? fake.apiKey,
      baseUrl: over.baseUrl ?? fake.baseUrl,
      organizationId: over.organizationId,
      log: (l) => lines.push(l),
    });

  before(async () => {
    fake = await startFakeBitmovin();
  });
  after(async () => {
    await fake.stop();
  });

  it('lists S3 outputs seeded on the server, sending the key as X-Api-Key and never in the URL', async () => {
    fake.seed('outputs', 's3', [{ name: 'hls-out', bucketName: 'media-out', accessKey: 'AKIAEXAMPLE', secretKey: 'topsecret' }]);
    const page = await client().list('outputs', 's3');
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].name, 'hls-out');
    assert.equal(page.items[0].bucketName, 'media-out');
    assert.equal(page.items[0].secretKey, undefined);
    assert.equal(page.totalCount, 1);
    const last = fake.requests[fake.requests.length - 1];
    assert.equal(last.headers['x-api-key'], fake.apiKey);
    assert.ok(!last.url.includes(fake.apiKey));
    assert.ok(
      lines.every((l) => !l.includes(fake.apiKey)),
      lines.join('\n'),
    );
    assert.match(lines[lines.length - 1], /GET .*\/encoding\/outputs\/s3\?offset=0&limit=100 → 200 SUCCESS \(request id [0-9a-f-]{36}\)/);
  });

  it('pages through a list by offset and limit until totalCount is reached', async () => {
    fake.seed(
      'inputs',
      'generic-s3',
      Array.from({ length: 7 }, (_, i) => ({ name: `in-${i}`, bucketName: `b-${i}`, host: 'minio.local' })),
    );
    const before = fake.requests.length;
    const all = await client().listAll('inputs', 'generic-s3', { pageSize: 3 });
    assert.deepEqual(
      all.items.map((r) => r.name),
      ['in-0', 'in-1', 'in-2', 'in-3', 'in-4', 'in-5', 'in-6'],
    );
    assert.equal(all.totalCount, 7);
    assert.equal(all.truncated, false);
    assert.deepEqual(
      fake.requests.slice(before).map((r) => r.url),
      ['/v1/encoding/inputs/generic-s3?offset=0&limit=3', '/v1/encoding/inputs/generic-s3?offset=3&limit=3', '/v1/encoding/inputs/generic-s3?offset=6&limit=3'],
    );
    const capped = await client().listAll('inputs', 'generic-s3', { pageSize: 3, max: 5 });
    assert.equal(capped.items.length, 5);
    assert.equal(capped.truncated, true);
  });

  it('creates an S3 output and lists it afterwards; the secret reaches the server only', async () => {
    const created = await client().createS3Output({ name: 'renditions', bucketName: 'out-bucket', accessKey: 'AKIAOUT', secretKey: 's3cr3t-value' });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.secretKey, undefined);
    assert.equal(fake.stored('outputs', 's3').find((r) => r.id === created.id)?.secretKey, 's3cr3t-value');
    const listed = await client().listAll('outputs', 's3');
    assert.ok(listed.items.some((r) => r.id === created.id && r.name === 'renditions'));
    assert.ok(lines.every((l) => !l.includes('s3cr3t-value')));
  });

  it('creates a generic S3 and a role-based output', async () => {
    const g = await client().createGenericS3Output({ name: 'minio', bucketName: 'b', host: '127.0.0.1', port: 9000, accessKey: 'a', secretKey: 's' });
    const r = await client().createS3RoleBasedOutput({ name: 'role', bucketName: 'b', roleArn: 'arn:aws:iam::123456789012:role/bm' });
    assert.equal((await client().listAll('outputs', 'generic-s3')).items.find((x) => x.id === g.id)?.host, '127.0.0.1');
    assert.equal((await client().listAll('outputs', 's3-role-based')).items.find((x) => x.id === r.id)?.roleArn, 'arn:aws:iam::123456789012:role/bm');
  });

  it('sends X-Tenant-Org-Id when an organization is set, and lists that organization only', async () => {
    fake.seed('outputs', 's3-role-based', [{ name: 'org-only', bucketName: 'org-b', roleArn: 'arn:aws:iam::123456789012:role/x' }], 'org-42');
    const inOrg = await client({ organizationId: 'org-42' }).listAll('outputs', 's3-role-based');
    assert.deepEqual(
      inOrg.items.map((i) => i.name),
      ['org-only'],
    );
    assert.equal(fake.requests[fake.requests.length - 1].headers['x-tenant-org-id'], 'org-42');
    const inDefault = await client().listAll('outputs', 's3-role-based');
    assert.ok(!inDefault.items.some((i) => i.name === 'org-only'));
  });

  it('a wrong key throws an error that decodes to Bitmovin 1002 Invalid credentials with HTTP 401', async () => {
    const err = await client({ apiKey: 'wrong-key' })
      .list('outputs', 's3')
      .then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof BitmovinApiError);
    const d = decodeError(err);
    assert.equal(d.source, 'bitmovin');
    assert.equal(d.code, '1002');
    assert.equal(d.title, 'Invalid credentials');
    assert.equal(d.httpStatus, 401);
    assert.match(d.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(d.message, 'Invalid credentials');
    assert.ok(!renderBlock(d).includes('wrong-key'));
  });

  it('a missing field gives 400 with code 1000 and the field named in the details', async () => {
    const err = await client()
      .createS3Output({ name: 'no-secret', bucketName: 'b', accessKey: 'AKIA' })
      .then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
    const d = decodeError(err);
    assert.equal(d.code, '1000');
    assert.equal(d.httpStatus, 400);
    assert.equal(d.title, 'Missing attribute or field');
    assert.deepEqual(
      d.details.map((x) => x.field),
      ['secretKey'],
    );
    assert.match(renderBlock(d), /secretKey/);
    const generic = decodeError(
      await client()
        .createGenericS3Output({ name: 'x', accessKey: 'a', secretKey: 's' })
        .catch((e: unknown) => e),
    );
    assert.deepEqual(
      generic.details.map((x) => x.field),
      ['bucketName', 'host'],
    );
  });

  it('an unreachable server gives a network error (ECONNREFUSED), not a hang', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await client({ baseUrl: `http://127.0.0.1:${port}/v1` })
      .list('inputs', 's3')
      .catch((e: unknown) => e);
    const d = decodeError(err);
    assert.equal(d.source, 'network');
    assert.equal(d.code, 'ECONNREFUSED');
  });

  it('an unknown path is answered 404 with 1005 Request URL not valid', async () => {
    const base = fake.baseUrl.replace(/\/v1$/, '/v2');
    const d = decodeError(
      await client({ baseUrl: base })
        .list('inputs', 's3')
        .catch((e: unknown) => e),
    );
    assert.equal(d.code, '1005');
    assert.equal(d.httpStatus, 404);
  });

  it('a server that answers without an envelope (a proxy page, a wrong base URL) is an error that says so', async () => {
    let status = 200;
    const server = createHttpServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end('<html><title>Gateway</title></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
      const ok = await client({ baseUrl: base })
        .list('inputs', 's3')
        .catch((e: unknown) => e);
      assert.match(String(ok), /without a Bitmovin response envelope; is the base URL right\?/);
      status = 502;
      const d = decodeError(
        await client({ baseUrl: base })
          .list('inputs', 's3')
          .catch((e: unknown) => e),
      );
      assert.equal(d.source, 'http');
      assert.equal(d.httpStatus, 502);
      assert.equal(d.ok, false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('normalizes the base URL and rejects unusable ones', () => {
    assert.equal(normalizeBaseUrl(undefined), 'https://api.bitmovin.com/v1');
    assert.equal(normalizeBaseUrl(' https://api.bitmovin.com/v1/ '), 'https://api.bitmovin.com/v1');
    assert.throws(() => normalizeBaseUrl('ftp://x'), /must start with https:\/\//);
    assert.throws(() => normalizeBaseUrl('not a url'), /is not a URL/);
    assert.throws(() => normalizeBaseUrl('https://u:p@api.bitmovin.com/v1'), /must not contain credentials/);
    assert.throws(() => new BitmovinClient({ apiKey: '' }), /No Bitmovin API key/);
  });
});
