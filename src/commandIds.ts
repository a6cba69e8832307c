/** Command ids, in one place so that package.json, registration and tests agree. */
export const Commands = {
  refresh: 'mediaStorage.refresh',
  showLog: 'mediaStorage.showLog',
  decodeResponse: 'mediaStorage.decodeResponse',
} as const;

export const ViewIds = {
  container: 'mediaStorage',
  explorer: 'mediaStorage.explorer',
} as const;
