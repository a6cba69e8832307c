// What scripts/gen-schemas.mjs writes from the single sources (core/settings.ts and
// core/storage/registrySchema.ts): package.json's `contributes.configuration` and the registry
// schema file. test/unit/settings.test.ts generates both in memory and fails when the committed
// files differ.
import { SETTING_GROUPS, SETTINGS, SETTINGS_SECTION, type Setting, type SettingGroup } from './settings';
import { entrySchema, REGISTRY_SCHEMA } from './storage/registrySchema';

export const REGISTRY_SCHEMA_FILE = 'schemas/media-storage-registry.schema.json';

export interface ConfigurationGroup {
  id: string;
  title: string;
  properties: Record<string, Record<string, unknown>>;
}

function property(s: Setting): Record<string, unknown> {
  // Key order follows the manifest's existing layout, so a regeneration changes only what changed.
  switch (s.type) {
    case 'integer':
      return { type: s.type, default: s.default, minimum: s.minimum, maximum: s.maximum, scope: s.scope, markdownDescription: s.markdownDescription };
    case 'boolean':
      return { type: s.type, default: s.default, scope: s.scope, markdownDescription: s.markdownDescription };
    case 'string':
      return {
        type: s.type,
        default: s.default,
        scope: s.scope,
        ...('pattern' in s ? { pattern: s.pattern, patternErrorMessage: s.patternErrorMessage } : {}),
        markdownDescription: s.markdownDescription,
      };
    case 'array':
      return { type: s.type, default: [], scope: s.scope, items: entrySchema(s.section), markdownDescription: s.markdownDescription };
  }
}

/** package.json `contributes.configuration`. */
export function configurationContribution(): ConfigurationGroup[] {
  const groups = new Map<SettingGroup, ConfigurationGroup>();
  for (const group of Object.keys(SETTING_GROUPS) as SettingGroup[]) {
    groups.set(group, { id: `${SETTINGS_SECTION}.${group}`, title: SETTING_GROUPS[group], properties: {} });
  }
  for (const s of Object.values(SETTINGS) as Setting[]) {
    const group = groups.get(s.group);
    if (group) group.properties[`${SETTINGS_SECTION}.${s.key}`] = property(s);
  }
  return [...groups.values()];
}

/** The registry schema file's text, as the editor reads it. */
export function registrySchemaText(): string {
  return `${JSON.stringify(REGISTRY_SCHEMA, null, 2)}\n`;
}
