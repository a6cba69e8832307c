// Text is shortened only after redaction. These are the two reported leaks: a notification cut
// before the registered-secret redaction showed 40 of a key's 41 characters, and Decode API
// Response kept the first 300 characters of unrecognised text, cut in the middle of a key.
import * as assert from 'node:assert/strict';
import { decodeAny, decodeError, renderBlock, summaryLine } from '../../../src/core/errors';
import { redact, REDACTED, redactStrings, truncateRedacted } from '../../../src/core/log/redact';
import { ALNUM, keepsFragment, pick, rng } from './keys';

const SECRET = pick(rng(41), ALNUM, 41);

describe('truncation after redaction', () => {
  it('truncateRedacted redacts, cuts within the limit, marks the cut, and never splits a marker', () => {
    const text = `secretKey=${SECRET} and then a long tail ${'x '.repeat(200)}`;
    const out = truncateRedacted(text, 60);
    assert.ok(out.length <= 60 && out.endsWith('…'), out);
    assert.ok(out.startsWith(`secretKey=${REDACTED}`), out);
    // A cut that would fall inside the marker moves before it.
    const cut = truncateRedacted(`token: ${SECRET}`, 12);
    assert.equal(cut, 'token: …');
    assert.equal(truncateRedacted('short', 60), 'short');
    // A registered value with no telling name is hidden before the cut decides what is left.
    const known = truncateRedacted(`Upload failed: ${SECRET} was refused`, 30, [SECRET]);
    assert.equal(known, `Upload failed: ${REDACTED} was…`);
  });

  it('a notification summary cut at its length limit keeps no part of a registered secret', () => {
    // The summary is cut at 240 characters; place the key across the cut.
    const message = `Upload of show/ep1.mp4 failed: ${'x '.repeat(88)}${SECRET} rest`;
    const decoded = decodeError(new Error(message));
    const cutFirst = summaryLine(decoded);
    assert.ok(keepsFragment(cutFirst, SECRET) && !cutFirst.includes(SECRET), 'the renderer cuts inside the key');
    // What every caller does (log.redact over the summary) now hides what the cut left...
    assert.ok(!keepsFragment(redact(cutFirst, [SECRET]), SECRET), redact(cutFirst, [SECRET]));
    // ...and what the error reporter does (redact the decoded error, then render) never cuts a key.
    const safe = summaryLine(redactStrings(decoded, [SECRET]));
    assert.ok(!keepsFragment(safe, SECRET) && safe.includes(REDACTED), safe);
  });

  it('Decode API Response: unrecognised text cut at 300 characters keeps no part of a registered secret', () => {
    const text = `${'word '.repeat(56)}${SECRET} and more text after it`;
    const decoded = decodeAny(text);
    assert.equal(decoded.title, 'Unrecognized error text');
    assert.ok(keepsFragment(decoded.message ?? '', SECRET) && !(decoded.message ?? '').includes(SECRET), 'the decoder cuts inside the key');
    assert.ok(!keepsFragment(redact(renderBlock(decoded), [SECRET]), SECRET));
    // The command redacts before decoding, so the decoder never holds the key at all.
    const first = decodeAny(redact(text, [SECRET]));
    assert.ok(!keepsFragment(renderBlock(first), SECRET) && (first.message ?? '').includes(REDACTED), first.message);
  });

  it('redacting before decoding keeps the structure the decoders read', () => {
    const envelope = JSON.stringify({
      requestId: 'r-1',
      status: 'ERROR',
      data: { code: 2202, message: 'Upload access denied', developerMessage: `secretKey ${SECRET}`, token: 12345678 },
    });
    const d = decodeAny(redact(envelope, [SECRET]));
    assert.equal(d.code, '2202');
    assert.equal(d.requestId, 'r-1');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message><AWSAccessKeyId>AKIAZ7Q2KD4J5XWN3M6P</AWSAccessKeyId><SignatureProvided>${'ab'.repeat(32)}</SignatureProvided><RequestId>tx01</RequestId></Error>`;
    const s3 = decodeAny(`HTTP/1.1 403 Forbidden\r\nx-amz-request-id: tx01\r\n\r\n${redact(xml)}`);
    assert.equal(s3.code, 'SignatureDoesNotMatch');
    assert.equal(s3.requestId, 'tx01');
  });
});
