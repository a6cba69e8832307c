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
  openMaxSizeMiB: 'open.maxSizeMiB',
} as const;

/** Bitmovin API settings, relative to the section. The API key is in SecretStorage, never here. */
export const BitmovinSettingKeys = {
  baseUrl: 'bitmovin.baseUrl',
  organizationId: 'bitmovin.organizationId',
} as const;
