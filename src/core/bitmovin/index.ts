// The public surface of the Bitmovin API client; the glue imports from here only.
export { BitmovinApiError, BitmovinClient, BitmovinNetworkError, normalizeBaseUrl } from './client';
export type { BitmovinClientOptions } from './client';
export { bitmovinOutputRequest, checkRoleArn, outputKindsFor } from './payloads';
export type { BitmovinOutputAuth, BitmovinOutputRequest } from './payloads';
export * from './types';
