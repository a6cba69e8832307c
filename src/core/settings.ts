// The extension's settings: keys, defaults, bounds and descriptions, in one table. The
// package.json `contributes.configuration` is generated from it (scripts/gen-schemas.mjs, checked
// by test/unit/settings.test.ts), the glue reads values with its defaults and bounds, and the core
// takes its own defaults from it, so the Settings editor and the code cannot drift apart.

export const SETTINGS_SECTION = 'mediaStorage';

export type SettingGroup = 'storage' | 'transfers' | 'network' | 'bitmovin';

/** The Settings editor's sections, in the order they are shown. */
export const SETTING_GROUPS: Record<SettingGroup, string> = {
  storage: 'Media Storage: Storage',
  transfers: 'Media Storage: Transfers',
  network: 'Media Storage: Network',
  bitmovin: 'Media Storage: Bitmovin',
};

interface SettingBase {
  /** relative to the section, as passed to `getConfiguration(SETTINGS_SECTION).get()` */
  key: string;
  group: SettingGroup;
  /**
   * `application` and `machine` settings cannot be set by a workspace: used where a shared
   * workspace could otherwise redirect keys or turn a safety off.
   */
  scope: 'application' | 'machine' | 'window';
  markdownDescription: string;
  /**
   * The key this setting had before (relative to the section). Values set under it are moved to
   * the new key at activation, and the manifest keeps it as deprecated so settings.json says so.
   */
  renamedFrom?: string;
}

export interface WholeNumberSetting extends SettingBase {
  type: 'integer';
  default: number;
  minimum: number;
  maximum: number;
}

export interface FlagSetting extends SettingBase {
  type: 'boolean';
  default: boolean;
}

export interface TextSetting extends SettingBase {
  type: 'string';
  default: string;
  /** guides the Settings editor only; the reader checks the value itself */
  pattern?: string;
  patternErrorMessage?: string;
}

/** A list of registry entries; the items' schema is the registry's (core/storage/registrySchema.ts). */
export interface EntryListSetting extends SettingBase {
  type: 'array';
  section: 'connections' | 'inputs' | 'outputs';
}

export type ScalarSetting = WholeNumberSetting | FlagSetting | TextSetting;
export type Setting = ScalarSetting | EntryListSetting;

export const SETTINGS = {
  pageSize: {
    key: 'pageSize',
    group: 'storage',
    type: 'integer',
    default: 1000,
    // S3 returns at most 1000 keys per ListObjectsV2 page.
    minimum: 1,
    maximum: 1000,
    scope: 'window',
    markdownDescription:
      'How many keys the Media Storage tree lists per page of a folder (1–1000; S3 returns at most 1000). The rest is behind a **Load more…** node.',
  },
  connections: {
    key: 'connections',
    group: 'storage',
    type: 'array',
    section: 'connections',
    scope: 'application',
    markdownDescription:
      'Personal S3 connections (in addition to the workspace’s `.vscode/media-storage.json`). Never put keys here: use **Media Storage: Set Credentials…** (kept in the secret store) or an AWS profile.',
  },
  inputs: {
    key: 'inputs',
    group: 'storage',
    type: 'array',
    section: 'inputs',
    scope: 'application',
    markdownDescription: 'Personal input locations (bucket + prefix an encoding reads from) on a connection.',
  },
  outputs: {
    key: 'outputs',
    group: 'storage',
    type: 'array',
    section: 'outputs',
    scope: 'application',
    markdownDescription: 'Personal output locations (bucket + prefix an encoding writes to) on a connection.',
  },
  defaultExpiry: {
    key: 'presign.defaultExpiry',
    group: 'transfers',
    type: 'string',
    default: '2h',
    scope: 'window',
    pattern: '^\\s*(\\d+|(\\d+\\s*[dhmsDHMS]\\s*)+)\\s*$',
    patternErrorMessage: 'Seconds (3600) or a duration such as 90m, 2h, 1h30m or 7d.',
    markdownDescription:
      'Lifetime suggested when presigning a URL: seconds or a duration such as `90m`, `2h`, `1h30m`, `7d` (at most 7 days). An **output** URL is used at the end of a job, so it must outlive the time the job waits in the queue plus processing, which can take up to the real-time length of the media.',
  },
  // The upload defaults were measured (bench/README-section.md).
  multipartThresholdMiB: {
    key: 'upload.multipartThreshold',
    renamedFrom: 'upload.multipartThresholdMiB',
    group: 'transfers',
    type: 'integer',
    default: 256,
    minimum: 5,
    maximum: 5120,
    scope: 'window',
    markdownDescription: 'Size in MiB (1 MiB = 1,048,576 bytes): files up to this size are uploaded in one request, larger ones by multipart upload.',
  },
  partSizeMiB: {
    key: 'upload.partSize',
    renamedFrom: 'upload.partSizeMiB',
    group: 'transfers',
    type: 'integer',
    default: 16,
    // S3 refuses parts under 5 MiB (except the last) and parts over 5 GiB.
    minimum: 5,
    maximum: 5120,
    scope: 'window',
    markdownDescription:
      'Part size of multipart uploads, in MiB (1 MiB = 1,048,576 bytes). S3 needs at least 5 MiB and allows at most 10,000 parts, so raise it for files over ~160 GB.',
  },
  queueSize: {
    key: 'upload.queueSize',
    group: 'transfers',
    type: 'integer',
    default: 8,
    minimum: 1,
    maximum: 64,
    scope: 'window',
    markdownDescription: 'Parts of one file uploaded at the same time.',
  },
  fileConcurrency: {
    key: 'upload.fileConcurrency',
    group: 'transfers',
    type: 'integer',
    default: 16,
    minimum: 1,
    maximum: 32,
    scope: 'window',
    markdownDescription: 'Files uploaded at the same time.',
  },
  followSymlinks: {
    key: 'upload.followSymlinks',
    group: 'transfers',
    type: 'boolean',
    default: false,
    scope: 'machine',
    markdownDescription:
      "Upload the files that symbolic links inside an uploaded folder point to. Off by default because a link can point anywhere on this machine: a folder holding a link to `~/.aws/credentials` or an SSH key would publish that file to the bucket. Links to folders are never followed (they can loop); a link you select yourself is always followed. Machine scope, so a workspace's settings cannot turn it on.",
  },
  openMaxSizeMiB: {
    key: 'open.maxSize',
    renamedFrom: 'open.maxSizeMiB',
    group: 'transfers',
    type: 'integer',
    default: 10,
    minimum: 1,
    maximum: 1024,
    scope: 'window',
    markdownDescription:
      'Size in MiB (1 MiB = 1,048,576 bytes): larger objects are opened in an editor only after a confirmation, since they are read whole into memory.',
  },
  copyMultipartThresholdMiB: {
    key: 'copy.multipartThreshold',
    renamedFrom: 'copy.multipartThresholdMiB',
    group: 'transfers',
    type: 'integer',
    default: 5120,
    // S3 copies at most 5 GiB in one CopyObject request, and parts are at least 5 MiB.
    minimum: 5,
    maximum: 5120,
    scope: 'window',
    markdownDescription:
      'Size in MiB (1 MiB = 1,048,576 bytes): objects up to this size are copied, moved, renamed or given new metadata by one server-side CopyObject request; larger ones are copied in parts (UploadPartCopy) of at most this size and 512 MiB. S3 copies at most 5 GiB (5120 MiB) in one request. Copies between two connections always go through this machine, in parts of at most `#mediaStorage.upload.partSize#`.',
  },
  connectTimeoutSeconds: {
    key: 'network.connectTimeoutSeconds',
    group: 'network',
    type: 'integer',
    default: 10,
    minimum: 1,
    maximum: 120,
    scope: 'window',
    markdownDescription: 'Seconds allowed to open a connection (TCP and TLS) to an S3 endpoint before the request fails.',
  },
  idleTimeoutSeconds: {
    key: 'network.idleTimeoutSeconds',
    group: 'network',
    type: 'integer',
    default: 30,
    minimum: 5,
    maximum: 600,
    scope: 'window',
    markdownDescription:
      'Seconds a connection may stay silent in the middle of a request before the request fails: an endpoint that accepts connections but never answers is reported after this long. Raise it for a slow gateway or a congested link.',
  },
  maxAttempts: {
    key: 'network.maxAttempts',
    group: 'network',
    type: 'integer',
    default: 8,
    minimum: 1,
    maximum: 20,
    scope: 'window',
    markdownDescription:
      'Attempts in all (the first included) for a request that fails with a reset connection, a timeout, throttling or a server error; retries wait 0.5 s doubling to 15 s, with jitter. Tree listings and access checks retry at most once. Proxies come from `#http.proxy#` and `#http.noProxy#` or the `HTTPS_PROXY`/`NO_PROXY` environment variables.',
  },
  manifestCacheControl: {
    key: 'media.manifestCacheControl',
    group: 'transfers',
    type: 'string',
    default: '',
    pattern: '^[\\x20-\\x7e]*$',
    patternErrorMessage: 'Printable ASCII only: it is sent as an HTTP header.',
    scope: 'window',
    markdownDescription:
      'Cache-Control that "Fix Content-Types" also gives playlists and MPDs, e.g. `max-age=2` for live or `max-age=300` for VOD (empty leaves their Cache-Control as it is). A live playlist cached for long keeps players on old segments.',
  },
  segmentCacheControl: {
    key: 'media.segmentCacheControl',
    group: 'transfers',
    type: 'string',
    default: '',
    pattern: '^[\\x20-\\x7e]*$',
    patternErrorMessage: 'Printable ASCII only: it is sent as an HTTP header.',
    scope: 'window',
    markdownDescription:
      'Cache-Control that "Fix Content-Types" also gives segments, init segments and subtitles, e.g. `max-age=31536000, immutable` (empty leaves theirs as it is). Segments never change once written, so they can be cached for long.',
  },
  bitmovinBaseUrl: {
    key: 'bitmovin.baseUrl',
    group: 'bitmovin',
    type: 'string',
    default: 'https://api.bitmovin.com/v1',
    // The API key is sent to this URL, so a workspace must not be able to change it.
    scope: 'application',
    pattern: '^https?://[^\\s?#@]+$',
    patternErrorMessage: 'An http(s) URL without credentials, query or fragment, such as https://api.bitmovin.com/v1.',
    markdownDescription:
      'Base URL of the Bitmovin API. Set only for a proxy or a test server: your API key is sent to it. The key itself is kept in secret storage (**Media Storage: Set Bitmovin API Key…**), never in settings.',
  },
  bitmovinOrganizationId: {
    key: 'bitmovin.organizationId',
    group: 'bitmovin',
    type: 'string',
    default: '',
    scope: 'window',
    markdownDescription: 'Organization to act in (sent as the `X-Tenant-Org-Id` header). Empty: the API key’s default organization.',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/**
 * Why a configured value cannot be used, or undefined. The manifest's bounds only guide the
 * Settings editor; settings.json can hold anything, and a mistyped "true" must not turn a
 * safety off.
 */
export function settingProblem(setting: ScalarSetting, value: unknown): string | undefined {
  switch (setting.type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= setting.minimum && value <= setting.maximum
        ? undefined
        : `is not a whole number from ${setting.minimum} to ${setting.maximum}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'is not true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'is not text';
  }
}
