// What scripts/gen-schemas.mjs writes from the single sources (core/settings.ts and
// core/storage/registrySchema.ts): package.json's `contributes.configuration`, the English text of
// its `%key%` references in package.nls.json, and the registry schema file.
// test/unit/settings.test.ts generates all three in memory and fails when the committed files differ.
//
// The settings' English text stays in the TypeScript tables (the one source); the manifest only
// names it by key, so a translation (package.nls.<locale>.json) can replace it. The entry lists'
// `items` schema is the registry file's own, which cannot be localized, so it is copied as is.
import { SETTING_GROUPS, SETTINGS, SETTINGS_SECTION, type Setting, type SettingGroup } from './settings';
import { entrySchema, REGISTRY_SCHEMA } from './storage/registrySchema';

export const REGISTRY_SCHEMA_FILE = 'schemas/media-storage-registry.schema.json';
export const PACKAGE_NLS_FILE = 'package.nls.json';
/** The keys of package.nls.json the generator owns; every other key is written by hand. */
export const CONFIGURATION_NLS_PREFIX = 'config.';

export interface ConfigurationGroup {
  id: string;
  title: string;
  properties: Record<string, Record<string, unknown>>;
}

/** A reference to package.nls.json, as package.json writes it. */
const ref = (key: string): string => `%${key}%`;

/** Collects the English text of the references the contribution makes. */
type Texts = Map<string, string>;

function text(texts: Texts, key: string, english: string): string {
  // A group named like a setting would otherwise silently share (and overwrite) its text.
  if (texts.has(key)) throw new Error(`package.nls.json key ${key} generated twice`);
  texts.set(key, english);
  return ref(key);
}

function property(s: Setting, texts: Texts): Record<string, unknown> {
  const key = `${CONFIGURATION_NLS_PREFIX}${s.key}`;
  const markdownDescription = text(texts, `${key}.description`, s.markdownDescription);
  // Key order follows the manifest's existing layout, so a regeneration changes only what changed.
  switch (s.type) {
    case 'integer':
      return { type: s.type, default: s.default, minimum: s.minimum, maximum: s.maximum, scope: s.scope, markdownDescription };
    case 'boolean':
      return { type: s.type, default: s.default, scope: s.scope, markdownDescription };
    case 'string':
      return {
        type: s.type,
        default: s.default,
        scope: s.scope,
        ...('pattern' in s
          ? {
              pattern: s.pattern,
              ...(s.patternErrorMessage === undefined ? {} : { patternErrorMessage: text(texts, `${key}.patternErrorMessage`, s.patternErrorMessage) }),
            }
          : {}),
        markdownDescription,
      };
    case 'array':
      return { type: s.type, default: [], scope: s.scope, items: entrySchema(s.section), markdownDescription };
  }
}

function generate(): { groups: ConfigurationGroup[]; texts: Texts } {
  const texts: Texts = new Map();
  const groups = new Map<SettingGroup, ConfigurationGroup>();
  for (const group of Object.keys(SETTING_GROUPS) as SettingGroup[]) {
    const title = text(texts, `${CONFIGURATION_NLS_PREFIX}${group}.title`, SETTING_GROUPS[group]);
    groups.set(group, { id: `${SETTINGS_SECTION}.${group}`, title, properties: {} });
  }
  for (const s of Object.values(SETTINGS) as Setting[]) {
    const group = groups.get(s.group);
    if (!group) continue;
    group.properties[`${SETTINGS_SECTION}.${s.key}`] = property(s, texts);
    if (s.renamedFrom !== undefined) {
      // Still declared, so a value left under the old key validates, and settings.json strikes it
      // through with the new name; the Settings editor hides deprecated settings that are unset.
      const { markdownDescription: _, ...rest } = property(s, new Map());
      group.properties[`${SETTINGS_SECTION}.${s.renamedFrom}`] = {
        ...rest,
        markdownDeprecationMessage: text(
          texts,
          `${CONFIGURATION_NLS_PREFIX}${s.renamedFrom}.deprecation`,
          `Renamed to \`#${SETTINGS_SECTION}.${s.key}#\`; a value set here is moved there when the extension starts.`,
        ),
      };
    }
  }
  return { groups: [...groups.values()], texts };
}

/** package.json `contributes.configuration`, its text as `%key%` references to package.nls.json. */
export function configurationContribution(): ConfigurationGroup[] {
  return generate().groups;
}

/** The English text of every reference configurationContribution() makes, in the order it makes them. */
export function configurationNls(): Record<string, string> {
  return Object.fromEntries(generate().texts);
}

/**
 * package.nls.json with the configuration's entries refreshed: the hand-written entries (the
 * other contributions, the extension's name) keep their text and order, the generated ones
 * follow in the order the Settings editor shows them, and generated keys no setting uses any
 * more are dropped.
 */
export function packageNls(current: Record<string, string>): Record<string, string> {
  const kept = Object.entries(current).filter(([key]) => !key.startsWith(CONFIGURATION_NLS_PREFIX));
  return { ...Object.fromEntries(kept), ...configurationNls() };
}

/** package.nls.json's text, as written next to package.json. */
export function packageNlsText(current: Record<string, string>): string {
  return `${JSON.stringify(packageNls(current), null, 2)}\n`;
}

/** The registry schema file's text, as the editor reads it. */
export function registrySchemaText(): string {
  return `${JSON.stringify(REGISTRY_SCHEMA, null, 2)}\n`;
}
