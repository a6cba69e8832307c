import * as assert from 'node:assert/strict';
import { detectKind, detectKindFromContent, detectKindFromFileName, detectKindFromSchemaRef, KIND_INFO, KINDS } from '../../../src/core/validation';

describe('payload kinds', () => {
  it('detects every kind from its documented file pattern', () => {
    for (const kind of KINDS) {
      const sample = KIND_INFO[kind].filePattern.replace(/\*/g, 'job');
      assert.equal(detectKindFromFileName(`/work/${sample}`), kind, sample);
    }
  });
  it('prefers the longest suffix and ignores non-JSON files', () => {
    assert.equal(detectKindFromFileName('a.bitmovin-generic-s3-output.json'), 'bitmovin-generic-s3-output');
    assert.equal(detectKindFromFileName('a.bitmovin-s3-role-based-input.jsonc'), 'bitmovin-s3-role-based-input');
    assert.equal(detectKindFromFileName('C:\\x\\prod-bucket-policy.json'), 's3-bucket-policy');
    assert.equal(detectKindFromFileName('media-cors.json'), 's3-cors');
    assert.equal(detectKindFromFileName('bitmovin-role.trust-policy.json'), 'iam-trust-policy');
    assert.equal(detectKindFromFileName('/x/cors-role.trust-policy.jsonc'), 'iam-trust-policy');
    assert.equal(detectKindFromFileName('a.dolby-job.yaml'), undefined);
    assert.equal(detectKindFromFileName('package.json'), undefined);
  });
  it('detects a kind from a $schema reference: our $id, a relative path or a bare name', () => {
    assert.equal(detectKindFromSchemaRef(KIND_INFO['dolby-job'].schemaId), 'dolby-job');
    assert.equal(detectKindFromSchemaRef('../schemas/s3-cors.schema.json'), 's3-cors');
    assert.equal(detectKindFromSchemaRef('qencode-destination'), 'qencode-destination');
    assert.equal(detectKindFromSchemaRef('https://json.schemastore.org/package.json'), undefined);
  });
  it('detects kinds from content', () => {
    assert.equal(detectKindFromContent({ Version: '2012-10-17', Statement: [] }), 's3-bucket-policy');
    assert.equal(detectKindFromContent({ CORSRules: [] }), 's3-cors');
    // The S3 console's CORS editor shows and takes the bare list of rules.
    assert.equal(detectKindFromContent([{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }]), 's3-cors');
    assert.equal(detectKindFromContent([{ AllowedMethods: ['GET'] }, { name: 'x' }]), undefined);
    assert.equal(
      detectKindFromContent({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'a' }, Action: 'sts:AssumeRole' }] }),
      'iam-trust-policy',
    );
    assert.equal(detectKindFromContent({ Statement: { Effect: 'Allow', Action: ['sts:TagSession', 'sts:AssumeRoleWithWebIdentity'] } }), 'iam-trust-policy');
    assert.equal(detectKindFromContent({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }), 's3-bucket-policy');
    assert.equal(detectKindFromContent({ requestId: 'x', status: 'SUCCESS' }), 'bitmovin-response');
    assert.equal(detectKindFromContent({ bucketName: 'b', accessKey: 'a', secretKey: 's' }), 'bitmovin-s3-input');
    assert.equal(detectKindFromContent({ bucketName: 'b', accessKey: 'a', acl: [] }), 'bitmovin-s3-output');
    assert.equal(detectKindFromContent({ bucketName: 'b', host: 'h', accessKey: 'a' }), 'bitmovin-generic-s3-input');
    assert.equal(detectKindFromContent({ bucketName: 'b', roleArn: 'r', md5MetaTag: 'm' }), 'bitmovin-s3-role-based-output');
    assert.equal(detectKindFromContent({ type: 's3', bucket: 'b', filename: 'f' }), 'impossible-destination');
    assert.equal(detectKindFromContent({ url: 's3://h/b/k', key: 'k' }), 'qencode-destination');
    assert.equal(detectKindFromContent([{ url: 's3://h/b/k' }]), 'qencode-destination');
    assert.equal(detectKindFromContent({ input: 's3://b/k', output: 's3://b/o' }), 'dolby-job');
    assert.equal(detectKindFromContent({ name: 'x' }), undefined);
    assert.equal(detectKindFromContent('text'), undefined);
  });
  it('detectKind: $schema beats file name beats content', () => {
    const text = JSON.stringify({ $schema: KIND_INFO['s3-cors'].schemaId, Statement: [] });
    assert.equal(detectKind({ fileName: 'x.dolby-job.json', text }), 's3-cors');
    assert.equal(detectKind({ fileName: 'x.dolby-job.json', text: '{"Statement": []}' }), 'dolby-job');
    assert.equal(detectKind({ fileName: 'notes.json', text: '// c\n{"Statement": [],}' }), 's3-bucket-policy');
    assert.equal(detectKind({ text: 'not json' }), undefined);
  });
});

describe('jsonValidation entries', () => {
  it('point every kind at its schema file with its file pattern', async () => {
    const { jsonValidationEntries } = await import('../../../src/core/validation');
    const entries = jsonValidationEntries();
    assert.equal(entries.length, KINDS.length);
    for (const e of entries) {
      assert.match(e.url, /^\.\/schemas\/editor\/[a-z0-9-]+\.schema\.json$/);
      assert.equal(detectKindFromFileName(e.fileMatch[0].replace(/\*/g, 'x')), detectKindFromFileName(e.fileMatch[1].replace(/\*/g, 'x')));
    }
  });
});
