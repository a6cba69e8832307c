import * as assert from 'assert';
import { normalizePrefix, validateLocation } from '../../../src/core/storage/connection';

describe('storage/normalizePrefix', () => {
  it('stores a typed folder with its trailing "/"', () => {
    assert.strictEqual(normalizePrefix('newcomer'), 'newcomer/');
    assert.strictEqual(normalizePrefix('a/b'), 'a/b/');
  });
  it('keeps a prefix that already ends in "/"', () => {
    assert.strictEqual(normalizePrefix('sources/'), 'sources/');
  });
  it('reads empty or blank as the whole bucket', () => {
    assert.strictEqual(normalizePrefix(''), undefined);
    assert.strictEqual(normalizePrefix('  '), undefined);
  });
  it('leaves the judging to validateLocation: a normalised prefix is still refused for a leading "/"', () => {
    const issues = validateLocation({ name: 'x', role: 'output', connection: 'c', bucket: 'bucket', prefix: normalizePrefix('/x') ?? '' });
    assert.ok(issues.some((i) => i.field === 'prefix'));
  });
});
