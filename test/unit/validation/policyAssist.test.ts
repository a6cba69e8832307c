import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { policyCompletion, policyHover, type PolicyAssistContext } from '../../../src/core/validation/policyAssist';
import { BITMOVIN_ROLE_PRINCIPAL, IMPOSSIBLE_CANONICAL_USER } from '../../../src/core/validation/generators';

const ctx: PolicyAssistContext = {
  buckets: [{ bucket: 'media-out', detail: 'output "renditions"' }],
  prefixes: [{ bucket: 'media-out', prefix: 'hls/', detail: 'output "renditions"' }],
};

/** Completion at the `|` of the text (removed before parsing). */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return { c: policyCompletion(text, offset, parse(text), ctx), text, offset };
}

const values = (r: ReturnType<typeof at>): string[] => r.c?.suggestions.map((s) => s.value) ?? [];

describe('policy completion and hover', () => {
  it('offers S3 actions with their description in Action and NotAction, replacing the typed string', () => {
    const r = at('{"Statement": [{"Effect": "Allow", "Action": "s3:Li|"}]}');
    assert.ok(r.c);
    const list = r.c.suggestions.find((s) => s.value === 's3:ListBucket');
    assert.ok(list, values(r).slice(0, 10).join(', '));
    assert.match(list.detail, /\w/);
    assert.equal(r.c.isKey, false);
    assert.equal(r.text.slice(r.c.replace.offset, r.c.replace.offset + r.c.replace.length), '"s3:Li"');
    assert.ok(values(at('{"Statement": {"Effect": "Deny", "NotAction": ["s3:GetObject", "|"]}}')).includes('s3:PutObject'));
  });

  it('offers condition operators as keys of Condition, and condition keys the statement’s actions support', () => {
    const ops = at('{"Statement": [{"Effect": "Deny", "Action": "s3:*", "Condition": {"|"}}]}');
    assert.equal(ops.c?.isKey, true);
    assert.ok(values(ops).includes('StringEquals') && values(ops).includes('Bool') && values(ops).includes('IpAddress'));
    const keys = at('{"Statement": [{"Effect": "Deny", "Action": "s3:ListBucket", "Condition": {"StringLike": {"|"}}}]}');
    assert.equal(keys.c?.isKey, true);
    assert.ok(values(keys).includes('s3:prefix'), 'ListBucket supports s3:prefix');
    assert.ok(values(keys).includes('aws:SecureTransport'), 'global keys always apply');
    const put = at('{"Statement": [{"Effect": "Deny", "Action": "s3:PutObject", "Condition": {"StringLike": {"|"}}}]}');
    assert.ok(!values(put).includes('s3:prefix'), 'PutObject does not support s3:prefix');
  });

  it('offers ARNs of registered buckets and prefixes in Resource, the vendors’ principals, and Effect values', () => {
    assert.deepEqual(values(at('{"Statement": [{"Resource": "|"}]}')), ['arn:aws:s3:::media-out/*', 'arn:aws:s3:::media-out', 'arn:aws:s3:::media-out/hls/*']);
    assert.ok(values(at('{"Statement": [{"Principal": {"AWS": "|"}}]}')).includes(BITMOVIN_ROLE_PRINCIPAL));
    assert.deepEqual(values(at('{"Statement": [{"Principal": {"CanonicalUser": "|"}}]}')), [IMPOSSIBLE_CANONICAL_USER]);
    assert.deepEqual(values(at('{"Statement": [{"Effect": "|"}]}')), ['Allow', 'Deny']);
    assert.equal(at('{"Version": "|"}').c, undefined, 'outside statements the schema answers');
  });

  it('explains an action, an operator and a condition key on hover, naming the source', () => {
    const text = '{"Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}';
    const on = (word: string) => policyHover(text, text.indexOf(word) + 2);
    assert.match(on('s3:GetObject')?.markdown ?? '', /\*\*s3:GetObject\*\*[\s\S]*object ARNs[\s\S]*Service Authorization Reference/);
    assert.match(on('"Bool"')?.markdown ?? '', /\*\*Bool\*\*/);
    assert.match(on('aws:SecureTransport')?.markdown ?? '', /\*\*aws:SecureTransport\*\* \(Bool\)/);
    assert.equal(on('"false"'), undefined);
  });
});
