import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The text package.json's `%key%` references stand for. */
export type ManifestNls = ReadonlyMap<string, string>;

function readTexts(file: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // No translation for this language (or no file at all): the reference stays as it is.
    return {};
  }
}

/**
 * package.nls.json of the extension, overlaid by package.nls.<language>.json where there is one,
 * as VS Code resolves the manifest it shows. `extension.packageJSON` may still hold the bare
 * `%key%` references, so what the extension itself says with manifest text resolves them here.
 */
export function readManifestNls(extensionPath: string, language: string): ManifestNls {
  const texts = new Map<string, string>();
  const files = ['package.nls.json'];
  const lang = language.toLowerCase();
  if (lang && lang !== 'en') {
    const base = lang.split('-')[0];
    if (base && base !== lang) files.push(`package.nls.${base}.json`);
    files.push(`package.nls.${lang}.json`);
  }
  for (const file of files) {
    for (const [key, text] of Object.entries(readTexts(path.join(extensionPath, file)))) {
      if (typeof text === 'string') texts.set(key, text);
    }
  }
  return texts;
}

/** A manifest string with its `%key%` reference replaced; any other string unchanged. */
export function resolveManifestText(value: string, nls: ManifestNls): string {
  const key = /^%([^%]+)%$/.exec(value)?.[1];
  return key === undefined ? value : (nls.get(key) ?? value);
}
