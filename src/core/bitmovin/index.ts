// The public surface of the Bitmovin API client; the glue imports from here only.
export { BitmovinApiError, BitmovinClient, BitmovinNetworkError, normalizeBaseUrl } from './client';
export type { BitmovinClientOptions } from './client';
export { bitmovinStorageRequest, checkRoleArn, directionOf, storageKindsFor } from './payloads';
export type { BitmovinAuth, BitmovinStorageRequest } from './payloads';
export * from './types';
