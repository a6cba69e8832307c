import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { profilesOf, readProfiles } from '../../../src/core/storage/profiles';

describe('storage/profiles', () => {
  it('lists the profiles of both files once, default first, SSO sessions named', () => {
    const profiles = profilesOf({
      configFile: {
        default: { region: 'eu-west-1' },
        dev: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'R' },
        'sso-session.corp': { sso_start_url: 'https://corp.awsapps.com/start' },
        'services.local': { 's3.endpoint_url': 'http://localhost' },
        ops: { role_arn: 'arn:aws:iam::1:role/Ops', source_profile: 'default' },
      },
      credentialsFile: { default: { aws_access_key_id: 'A' }, ci: { aws_access_key_id: 'B' } },
    });
    assert.deepStrictEqual(
      profiles.map((p) => p.name),
      ['default', 'ci', 'dev', 'ops'],
    );
    assert.match(profiles.find((p) => p.name === 'dev')?.detail ?? '', /SSO session corp/);
    assert.match(profiles.find((p) => p.name === 'default')?.detail ?? '', /keys in the credentials file · eu-west-1/);
  });

  it('reads the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const saved = { config: process.env['AWS_CONFIG_FILE'], credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] };
    try {
      writeFileSync(join(dir, 'config'), '[profile media-sso]\nsso_session = media\n[sso-session media]\nsso_start_url = https://x.awsapps.com/start\n');
      writeFileSync(join(dir, 'credentials'), '[uploader]\naws_access_key_id = AKIAEXAMPLE\n');
      process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
      const { profiles, problem } = await readProfiles();
      assert.strictEqual(problem, undefined);
      assert.deepStrictEqual(
        profiles.map((p) => p.name),
        ['media-sso', 'uploader'],
      );
    } finally {
      for (const [k, v] of [
        ['AWS_CONFIG_FILE', saved.config],
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
