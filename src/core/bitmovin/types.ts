// The Bitmovin storage resources this extension lists and creates, as the API names them.
import { SETTINGS } from '../settings';

export const DEFAULT_BITMOVIN_BASE_URL = SETTINGS.bitmovinBaseUrl.default;

export type BitmovinDirection = 'inputs' | 'outputs';

/** Path segment under /encoding/{inputs|outputs}/ of the S3-backed resource types. */
export type BitmovinStorageKind = 's3' | 'generic-s3' | 's3-role-based';

export const BITMOVIN_STORAGE_KINDS: readonly BitmovinStorageKind[] = ['s3', 'generic-s3', 's3-role-based'];

export const BITMOVIN_KIND_LABELS: Readonly<Record<BitmovinStorageKind, string>> = {
  s3: 'S3',
  'generic-s3': 'Generic S3',
  's3-role-based': 'S3 role-based',
};

/** Fields the fake server and the client agree a created resource must carry. */
export const BITMOVIN_REQUIRED_FIELDS: Readonly<Record<BitmovinStorageKind, readonly string[]>> = {
  s3: ['bucketName', 'accessKey', 'secretKey'],
  'generic-s3': ['bucketName', 'host', 'accessKey', 'secretKey'],
  's3-role-based': ['bucketName', 'roleArn'],
};

/**
 * A storage resource as Bitmovin returns it. Only the fields the tree shows are typed; the
 * rest is kept as sent. Bitmovin never returns `secretKey`.
 */
export interface BitmovinResource {
  id: string;
  name?: string;
  description?: string;
  bucketName?: string;
  cloudRegion?: string;
  host?: string;
  port?: number;
  roleArn?: string;
  createdAt?: string;
  [field: string]: unknown;
}

/** One page of a list endpoint (`data.result` of the envelope). */
export interface BitmovinPage {
  items: BitmovinResource[];
  /** undefined when the API did not say */
  totalCount?: number | undefined;
  offset: number;
  limit: number;
}

/** Everything listed, up to a cap; `truncated` when the account holds more than was fetched. */
export interface BitmovinList {
  items: BitmovinResource[];
  /** undefined when no page said */
  totalCount?: number | undefined;
  truncated: boolean;
}

/** Largest `limit` the list endpoints accept. */
export const BITMOVIN_MAX_PAGE = 100;
