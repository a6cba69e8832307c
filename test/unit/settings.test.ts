// package.json's settings and the registry schema file are generated (npm run gen-schemas) from
// the settings table and the registry's entry schema; a hand edit of either, or a change of the
// sources without regenerating, fails here.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import {
  CONFIGURATION_NLS_PREFIX,
  configurationContribution,
  configurationNls,
  PACKAGE_NLS_FILE,
  packageNlsText,
  REGISTRY_SCHEMA_FILE,
  registrySchemaText,
} from '../../src/core/manifest';
import { SETTINGS, settingProblem } from '../../src/core/settings';
import { NETWORK_DEFAULTS } from '../../src/core/storage/client';
import { checkPageSize } from '../../src/core/storage/listing';
import { UPLOAD_DEFAULTS } from '../../src/core/transfer/upload';
import { DEFAULT_BITMOVIN_BASE_URL } from '../../src/core/bitmovin/types';

const ROOT = join(__dirname, '..', '..', '..');
const STALE = 'run `npm run gen-schemas` and commit the result';

describe('settings table and generated manifest', () => {
  it('package.json contributes exactly the generated configuration', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };
    assert.deepStrictEqual(manifest.contributes.configuration, configurationContribution(), STALE);
  });

  it('package.nls.json holds exactly the generated English text of the configuration', () => {
    const text = readFileSync(join(ROOT, PACKAGE_NLS_FILE), 'utf8');
    const nls = JSON.parse(text) as Record<string, string>;
    const generated = Object.fromEntries(Object.entries(nls).filter(([key]) => key.startsWith(CONFIGURATION_NLS_PREFIX)));
    assert.deepStrictEqual(generated, configurationNls(), STALE);
    // The file as the generator writes it (order, layout), so a regeneration changes nothing.
    assert.strictEqual(text, packageNlsText(nls), STALE);
  });

  it('references text for every setting and group, and the text is the settings table’s', () => {
    const references = JSON.stringify(configurationContribution()).match(/"%[^"%]+%"/g) ?? [];
    const keys = references.map((r) => r.slice(2, -2));
    assert.deepStrictEqual(keys.slice().sort(), Object.keys(configurationNls()).sort(), 'every generated key is referenced, and only those');
    const properties = Object.assign({}, ...configurationContribution().map((g) => g.properties)) as Record<string, { markdownDescription?: unknown }>;
    for (const s of Object.values(SETTINGS)) {
      const description = properties[`mediaStorage.${s.key}`]?.markdownDescription;
      assert.strictEqual(typeof description, 'string', s.key);
      assert.strictEqual(configurationNls()[String(description).slice(1, -1)], s.markdownDescription, s.key);
    }
  });

  it('the registry schema file is the generated one', () => {
    assert.strictEqual(readFileSync(join(ROOT, REGISTRY_SCHEMA_FILE), 'utf8'), registrySchemaText(), STALE);
  });

  it('gives the settings the registry entry schema the workspace file uses', () => {
    const schema = JSON.parse(registrySchemaText()) as { definitions: Record<string, unknown> };
    const properties = Object.assign({}, ...configurationContribution().map((g) => g.properties)) as Record<string, { items?: unknown }>;
    assert.deepStrictEqual(properties['mediaStorage.connections'].items, schema.definitions.connection);
    assert.deepStrictEqual(properties['mediaStorage.inputs'].items, schema.definitions.location);
    assert.deepStrictEqual(properties['mediaStorage.outputs'].items, schema.definitions.location);
  });

  it('is where the core takes its defaults and bounds from', () => {
    const MiB = 1024 * 1024;
    assert.deepStrictEqual(
      [UPLOAD_DEFAULTS.multipartThresholdBytes, UPLOAD_DEFAULTS.partSizeBytes, UPLOAD_DEFAULTS.queueSize, UPLOAD_DEFAULTS.concurrency],
      [SETTINGS.multipartThresholdMiB.default * MiB, SETTINGS.partSizeMiB.default * MiB, SETTINGS.queueSize.default, SETTINGS.fileConcurrency.default],
    );
    assert.deepStrictEqual(
      [NETWORK_DEFAULTS.connectTimeoutMs, NETWORK_DEFAULTS.idleTimeoutMs, NETWORK_DEFAULTS.retry.maxAttempts],
      [SETTINGS.connectTimeoutSeconds.default * 1000, SETTINGS.idleTimeoutSeconds.default * 1000, SETTINGS.maxAttempts.default],
    );
    assert.strictEqual(DEFAULT_BITMOVIN_BASE_URL, SETTINGS.bitmovinBaseUrl.default);
    assert.strictEqual(checkPageSize(SETTINGS.pageSize.maximum), undefined);
    assert.match(checkPageSize(SETTINGS.pageSize.maximum + 1) ?? '', /from 1 to 1000/);
  });

  it('has defaults inside their own bounds and patterns', () => {
    for (const [name, s] of Object.entries(SETTINGS)) {
      if (s.type === 'array') continue;
      assert.strictEqual(settingProblem(s, s.default), undefined, name);
      if ('pattern' in s) assert.match(s.default, new RegExp(s.pattern), name);
    }
  });

  it('says why a value read from settings.json cannot be used', () => {
    assert.strictEqual(settingProblem(SETTINGS.queueSize, 64), undefined);
    assert.strictEqual(settingProblem(SETTINGS.queueSize, 65), 'is not a whole number from 1 to 64');
    assert.strictEqual(settingProblem(SETTINGS.queueSize, 2.5), 'is not a whole number from 1 to 64');
    assert.strictEqual(settingProblem(SETTINGS.queueSize, '8'), 'is not a whole number from 1 to 64');
    // A mistyped "true" must not turn a safety off.
    assert.strictEqual(settingProblem(SETTINGS.followSymlinks, 'true'), 'is not true or false');
    assert.strictEqual(settingProblem(SETTINGS.bitmovinOrganizationId, 7), 'is not text');
  });
});
