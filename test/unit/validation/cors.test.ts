import * as assert from 'node:assert/strict';
import { corsRuleSites, toCorsConfiguration, validate, type Diagnostic } from '../../../src/core/validation';
import { applyEdits } from './fixtureFormat';

const rule = { AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['https://player.example.com'] };

function check(value: unknown): Diagnostic[] {
  return validate(JSON.stringify(value, null, 2), 's3-cors');
}

const pairs = (ds: Diagnostic[]): [string, string][] => ds.map((d) => [d.code, d.path.join('.')]);

describe('CORS rules', () => {
  it('accepts the API form and the S3 console form alike', () => {
    assert.deepEqual(check({ CORSRules: [rule] }), []);
    assert.deepEqual(check([rule]), []);
    assert.deepEqual(toCorsConfiguration([rule]), { CORSRules: [rule] });
    assert.deepEqual(toCorsConfiguration({ CORSRules: [rule] }), { CORSRules: [rule] });
    assert.equal(toCorsConfiguration({ rules: [] }), undefined);
    assert.deepEqual(
      corsRuleSites([rule, 3, rule]).map((s) => s.path),
      [[0], [2]],
    );
  });
  it('allows one "*" per origin and per allowed header, none in exposed headers', () => {
    const ds = check([
      { ...rule, AllowedOrigins: ['https://*.example.com', 'https://*.*.example.com'], AllowedHeaders: ['x-amz-*', '*-*'], ExposeHeaders: ['ETag', 'x-amz-*'] },
    ]);
    assert.deepEqual(pairs(ds), [
      ['cors/origin-wildcards', '0.AllowedOrigins.1'],
      ['cors/header-wildcards', '0.AllowedHeaders.1'],
      ['cors/expose-header-wildcard', '0.ExposeHeaders.1'],
    ]);
    assert.ok(ds.every((d) => d.severity === 'error'));
  });
  it('warns on writes from any origin, with the reason', () => {
    const ds = check({ CORSRules: [{ AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedOrigins: ['*'] }] });
    assert.deepEqual(pairs(ds), [['cors/public-write', 'CORSRules.0.AllowedOrigins.0']]);
    assert.equal(ds[0]?.severity, 'warning');
    assert.match(ds[0]?.message ?? '', /PUT, DELETE/);
    assert.match(ds[0]?.message ?? '', /presigned URLs or credentials/);
    assert.deepEqual(check({ CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] }), []);
  });
  it('fixes an origin with a path', () => {
    const text = JSON.stringify([{ ...rule, AllowedOrigins: ['https://player.example.com/watch'] }], null, 2);
    const [d] = validate(text, 's3-cors');
    assert.equal(d?.code, 'cors/origin-with-path');
    assert.deepEqual(validate(applyEdits(text, d?.fix?.edits ?? []), 's3-cors'), []);
  });
  it('leaves methods, MaxAgeSeconds, ID length and the rule count to the schema', () => {
    const many = Array.from({ length: 101 }, () => rule);
    assert.deepEqual(pairs(check(many)), [['schema/max-items', '']]);
    assert.deepEqual(pairs(check([{ ...rule, AllowedMethods: ['OPTIONS'] }])), [['schema/enum', '0.AllowedMethods.0']]);
    assert.deepEqual(pairs(check([{ ...rule, MaxAgeSeconds: 1.5 }])), [['schema/type', '0.MaxAgeSeconds']]);
    assert.deepEqual(pairs(check([{ ...rule, ID: 'x'.repeat(256) }])), [['schema/max-length', '0.ID']]);
  });
});
