/** Setting keys, in one place so that package.json, the code and tests agree. */
export const SETTINGS_SECTION = 'mediaStorage';

/** Full keys, as written in settings.json. */
export const SettingKeys = {
  pageSize: 'mediaStorage.pageSize',
  connections: 'mediaStorage.connections',
  inputs: 'mediaStorage.inputs',
  outputs: 'mediaStorage.outputs',
} as const;

/** The same keys relative to the section, for `getConfiguration(SETTINGS_SECTION)`. */
export const SectionKeys = {
  pageSize: 'pageSize',
  connections: 'connections',
  inputs: 'inputs',
  outputs: 'outputs',
} as const;

export const DEFAULT_PAGE_SIZE = 1000;

/** Transfer settings (issue 4), relative to the section. */
export const TransferSettingKeys = {
  defaultExpiry: 'presign.defaultExpiry',
  partSizeMiB: 'upload.partSizeMiB',
  queueSize: 'upload.queueSize',
  fileConcurrency: 'upload.fileConcurrency',
  multipartThresholdMiB: 'upload.multipartThresholdMiB',
  followSymlinks: 'upload.followSymlinks',
  openMaxSizeMiB: 'open.maxSizeMiB',
} as const;

/** Bitmovin API settings, relative to the section. The API key is in SecretStorage, never here. */
export const BitmovinSettingKeys = {
  baseUrl: 'bitmovin.baseUrl',
  organizationId: 'bitmovin.organizationId',
} as const;

/** Network settings of the S3 gateway (src/core/storage/client.ts), relative to the section. */
export const NetworkSettingKeys = {
  connectTimeoutSeconds: 'network.connectTimeoutSeconds',
  idleTimeoutSeconds: 'network.idleTimeoutSeconds',
  maxAttempts: 'network.maxAttempts',
} as const;

/** VS Code's own proxy settings, relative to the `http` section; the gateway honours them. */
export const HTTP_SECTION = 'http';
export const HttpSettingKeys = {
  proxy: 'proxy',
  noProxy: 'noProxy',
  proxyStrictSSL: 'proxyStrictSSL',
} as const;
