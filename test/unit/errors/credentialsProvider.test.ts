import * as assert from 'assert';
import { decodeError, renderBlock } from '../../../src/core/errors';
import { classify, classifyError, errorFacts } from '../../../src/core/errors/classify';

/** What @smithy/property-provider throws when the default chain finds nothing. */
function providerError(): Error {
  const e = new Error('Could not load credentials from any providers');
  e.name = 'CredentialsProviderError';
  return Object.assign(e, { tryNextLink: false });
}

describe('errors/CredentialsProviderError', () => {
  it('decodes into advice instead of the raw SDK text', () => {
    const d = decodeError(providerError());
    assert.strictEqual(d.title, 'No credentials');
    assert.strictEqual(d.code, 'CredentialsProviderError');
    assert.match(d.remedy[0] ?? '', /Set Credentials/);
    assert.match(d.remedy[0] ?? '', /pick an AWS profile/);
    const block = renderBlock(d);
    assert.match(block, /No request was sent/);
  });

  it('is recognised by its message alone (a wrapped or renamed error)', () => {
    assert.strictEqual(decodeError({ message: 'Could not load credentials from any providers' }).title, 'No credentials');
  });

  it('classifies as no-credentials', () => {
    assert.strictEqual(classify(errorFacts(providerError())), 'no-credentials');
    assert.strictEqual(classifyError(decodeError(providerError()), providerError()), 'no-credentials');
  });
});
