// Setting keys by the names the glue uses. They come from the settings table
// (src/core/settings.ts), which package.json's configuration is generated from, so the
// manifest, the code and the tests agree.
import { SETTINGS as S, SETTINGS_SECTION } from './core/settings';

export { SETTINGS_SECTION };

/** Full keys, as written in settings.json. */
export const SettingKeys = {
  pageSize: `${SETTINGS_SECTION}.${S.pageSize.key}`,
  connections: `${SETTINGS_SECTION}.${S.connections.key}`,
  inputs: `${SETTINGS_SECTION}.${S.inputs.key}`,
  outputs: `${SETTINGS_SECTION}.${S.outputs.key}`,
} as const;

/** The same keys relative to the section, for `getConfiguration(SETTINGS_SECTION)`. */
export const SectionKeys = {
  pageSize: S.pageSize.key,
  connections: S.connections.key,
  inputs: S.inputs.key,
  outputs: S.outputs.key,
} as const;

export const DEFAULT_PAGE_SIZE = S.pageSize.default;

/** Transfer settings (issue 4), relative to the section. */
export const TransferSettingKeys = {
  defaultExpiry: S.defaultExpiry.key,
  partSizeMiB: S.partSizeMiB.key,
  queueSize: S.queueSize.key,
  fileConcurrency: S.fileConcurrency.key,
  multipartThresholdMiB: S.multipartThresholdMiB.key,
  followSymlinks: S.followSymlinks.key,
  openMaxSizeMiB: S.openMaxSizeMiB.key,
} as const;

/** Bitmovin API settings, relative to the section. The API key is in SecretStorage, never here. */
export const BitmovinSettingKeys = {
  baseUrl: S.bitmovinBaseUrl.key,
  organizationId: S.bitmovinOrganizationId.key,
} as const;

/** Network settings of the S3 gateway (src/core/storage/client.ts), relative to the section. */
export const NetworkSettingKeys = {
  connectTimeoutSeconds: S.connectTimeoutSeconds.key,
  idleTimeoutSeconds: S.idleTimeoutSeconds.key,
  maxAttempts: S.maxAttempts.key,
} as const;

/** VS Code's own proxy settings, relative to the `http` section; the gateway honours them. */
export const HTTP_SECTION = 'http';
export const HttpSettingKeys = {
  proxy: 'proxy',
  noProxy: 'noProxy',
  proxyStrictSSL: 'proxyStrictSSL',
} as const;
