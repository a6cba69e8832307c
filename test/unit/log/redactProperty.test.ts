// Random secrets in every form the redactor knows, and in longer texts cut at random lengths:
// no output may keep 8 consecutive characters of a secret. Fixed seed and run counts, so a run
// is deterministic and a failure reproduces.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { redact, truncateRedacted } from '../../../src/core/log/redact';
import { ALNUM, BASE64, keepsFragment } from './keys';

const SEED = 20261123;
const RUNS = 300;

const secretArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 16, maxLength: 64 }),
  fc.string({ unit: fc.constantFrom(...`${BASE64}=`), minLength: 16, maxLength: 64 }),
);

/** A form: builds text around a secret; `known` when the secret only appears as a registered value. */
interface Form {
  name: string;
  arb: fc.Arbitrary<(secret: string) => string>;
  known?: boolean;
}

const QUERY_NAMES = [
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Goog-Credential',
  'GoogleAccessId',
];
const HEADER_SHAPES: ((s: string) => string)[] = [
  (s) => `x-amz-security-token: ${s}`,
  (s) => `X-Api-Key: ${s}`,
  (s) => `Authorization: Bearer ${s}`,
  (s) => `Authorization: AWS AKIDEXAMPLE:${s}`,
  (s) => `Authorization: AWS4-HMAC-SHA256 Credential=${s}/20261123/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${s}`,
];
const JSON_NAMES = [
  'secretKey',
  'secret',
  'aws_secret_access_key',
  'secretAccessKey',
  'SecretAccessKey',
  'sessionToken',
  'token',
  'password',
  'apiKey',
  'client_secret',
  'accessKey',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'x-amz-security-token',
  'policy',
  'Policy',
];
const XML_NAMES = ['SecretAccessKey', 'SessionToken', 'AccessKeyId', 'AWSAccessKeyId', 'SignatureProvided', 'Password'];
const FORM_NAMES = ['client_secret', 'password', 'secret', 'token', 'api_key', 'refresh_token'];
// Context words: none of 8 letters or more, so context alone never looks like a secret fragment.
const WORDS = [
  'Upload',
  'of',
  'show/ep1.mp4',
  'to',
  's3://media-out',
  'failed',
  '(403)',
  'after',
  '3',
  'tries;',
  'see',
  'the',
  'log',
  '—',
  '\n',
  'GET',
  'PUT',
  'key:',
  'id=7',
];
const contextArb = fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }).map((w) => w.join(' '));

const FORMS: Form[] = [
  {
    name: 'query',
    arb: fc.record({ name: fc.constantFrom(...QUERY_NAMES), encode: fc.boolean() }).map(
      ({ name, encode }) =>
        (s: string) =>
          `https://media-out.s3.eu-west-1.amazonaws.com/show/ep1.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&${name}=${encode ? encodeURIComponent(s) : s}&X-Amz-Expires=900`,
    ),
  },
  {
    name: 'header',
    arb: fc.constantFrom(...HEADER_SHAPES).map((h) => (s: string) => `> PUT /media-out/a.mp4 HTTP/1.1\r\n> ${h(s)}\r\n> x-amz-date: 20261123T101500Z`),
  },
  {
    name: 'JSON field',
    arb: fc
      .record({ name: fc.constantFrom(...JSON_NAMES), indent: fc.constantFrom(0, 2), escaped: fc.boolean() })
      .map(({ name, indent, escaped }) => (s: string) => {
        const json = JSON.stringify({ bucketName: 'media-out', [name]: s, region: 'eu-west-1' }, null, indent);
        // Escaped: the payload echoed inside a message string of an error envelope.
        return escaped ? JSON.stringify({ status: 'ERROR', data: { developerMessage: `Rejected ${json}` } }) : json;
      }),
  },
  {
    name: 'XML element',
    arb: fc
      .constantFrom(...XML_NAMES)
      .map((n) => (s: string) => `<Credentials>\n  <${n}>${s}</${n}>\n  <Expiration>2026-11-23T11:15:00Z</Expiration>\n</Credentials>`),
  },
  {
    name: 'form field',
    arb: fc
      .constantFrom(...FORM_NAMES)
      .map((n) => (s: string) => `grant_type=client_credentials&client_id=media-encoder&${n}=${encodeURIComponent(s)}&scope=storage`),
  },
  {
    name: 'registered value',
    known: true,
    arb: fc.tuple(contextArb, contextArb, fc.constantFrom('', ' ', '"', '<', '/', '=')).map(
      ([before, after, glue]) =>
        (s: string) =>
          `${before}${glue}${s}${glue}${after}`,
    ),
  },
];

function leaks(out: string, secret: string): boolean {
  return keepsFragment(out, secret) || keepsFragment(out, encodeURIComponent(secret));
}

describe('redact, property-based', () => {
  for (const form of FORMS) {
    it(`${form.name}: no 8 consecutive characters of a secret survive (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(secretArb, form.arb, (secret, build) => {
          const text = build(secret);
          const out = redact(text, form.known ? [secret] : []);
          assert.ok(!leaks(out, secret), `${secret}\n${text}\n→ ${out}`);
          assert.equal(redact(out, form.known ? [secret] : []), out, 'idempotent');
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it(`any form inside a longer text cut at a random length: the truncation helper and a cut made before redaction both hide it (${RUNS} runs per form)`, () => {
    for (const form of FORMS) {
      fc.assert(
        fc.property(secretArb, form.arb, contextArb, contextArb, fc.nat(), (secret, build, before, after, at) => {
          const text = `${before} ${build(secret)} ${after}`;
          const known = [secret];
          const max = at % (text.length + 2);
          const helper = truncateRedacted(text, max, known);
          assert.ok(!leaks(helper, secret), `${form.name} via helper at ${max}: ${helper}`);
          assert.ok(helper.length <= Math.max(max, 1), `${helper.length} > ${max}`);
          // Callers that still cut first (the error renderer's fixed lengths) are covered by the
          // redactor seeing what is left of a registered value at the cut.
          const naive = redact(text.slice(0, max), known);
          assert.ok(!leaks(naive, secret), `${form.name} cut first at ${max}: ${naive}`);
          // A field pattern still sees its name in front of what is left of the value.
          if (!form.known) assert.ok(!leaks(redact(text.slice(0, max)), secret), `${form.name} cut first, unregistered, at ${max}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }
  });
});
