import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { join } from 'path';
import { s3ClientConfig, createS3Client } from '../../../src/core/storage/client';
import type { Connection } from '../../../src/core/storage/connection';

const compat: Connection = {
  id: 'lab',
  label: 'Lab',
  kind: 's3-compatible',
  region: 'us-east-1',
  endpoint: 'https://10.0.0.5:9000',
  forcePathStyle: true,
  signingRegion: 'garage',
};
const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' };

describe('storage/client', () => {
  it('configures an S3-compatible connection: endpoint, path style, signing region, checksums when required', async () => {
    const c = await s3ClientConfig(compat, keys);
    assert.strictEqual(c.endpoint, 'https://10.0.0.5:9000');
    assert.strictEqual(c.forcePathStyle, true);
    assert.strictEqual(c.signingRegion, 'garage');
    assert.strictEqual(c.requestChecksumCalculation, 'WHEN_REQUIRED');
    assert.strictEqual(c.responseChecksumValidation, 'WHEN_REQUIRED');
    assert.deepStrictEqual(c.credentials, keys);
  });

  it('switches the endpoint scheme to plain HTTP when useTls is false', async () => {
    const c = await s3ClientConfig({ ...compat, useTls: false }, keys);
    assert.strictEqual(c.endpoint, 'http://10.0.0.5:9000');
  });

  it('keeps SDK default checksums when a connection asks for them', async () => {
    const c = await s3ClientConfig({ ...compat, checksumMode: 'default' }, keys);
    assert.strictEqual(c.requestChecksumCalculation, undefined);
  });

  it('uses a credential provider (profile or default chain) for AWS without static keys', async () => {
    const withProfile = await s3ClientConfig({ id: 'p', label: 'P', kind: 'aws', region: 'eu-west-1', profile: 'definitely-missing-profile-msw' });
    assert.strictEqual(typeof withProfile.credentials, 'function');
    assert.strictEqual(withProfile.endpoint, undefined);
    // The provider reads ~/.aws lazily; a missing profile is an error the user sees on use.
    const vars = { AWS_CONFIG_FILE: '/nonexistent/msw-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/msw-credentials' };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      await assert.rejects((withProfile.credentials as () => Promise<unknown>)(), /definitely-missing-profile-msw|Could not resolve credentials/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const chain = await s3ClientConfig({ id: 'd', label: 'D', kind: 'aws', region: 'eu-west-1' });
    assert.strictEqual(typeof chain.credentials, 'function');
  });

  it('passes session tokens through', async () => {
    const c = await s3ClientConfig(compat, { ...keys, sessionToken: 'token' });
    assert.deepStrictEqual(c.credentials, { ...keys, sessionToken: 'token' });
  });

  it('creates a client whose config resolves to the connection', async () => {
    const client = await createS3Client({ ...compat, useTls: false }, keys);
    try {
      assert.strictEqual(await client.config.region(), 'us-east-1');
      assert.strictEqual(client.config.forcePathStyle, true);
    } finally {
      client.destroy();
    }
  });

  it('does not load the AWS SDK when the storage model is imported', () => {
    // A fresh process: this one has the SDK loaded by other tests already.
    const dir = join(__dirname, '../../../src/core/storage');
    const script = `
      for (const m of ['client', 'listing', 'accessCheck', 'registry', 'registryEdit', 's3url', 'connection']) require(${JSON.stringify(dir)} + '/' + m + '.js');
      const loaded = Object.keys(require.cache).filter((k) => k.includes('@aws-sdk'));
      process.stdout.write(String(loaded.length));`;
    assert.strictEqual(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }), '0');
  });
});
