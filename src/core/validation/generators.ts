// Ready-to-paste payloads and policies for a storage location. Credentials are never filled in:
// generated text lands in workspace files, so secret fields get placeholders the user replaces
// (or that the glue resolves from SecretStorage at request time).

export const IMPOSSIBLE_CANONICAL_USER = '1ea9f667f8ec65aa76ca17cbacfda01ba70493b59f7124a810823def30e10216';
export const ACCESS_KEY_PLACEHOLDER = '<AWS_ACCESS_KEY>';
export const SECRET_KEY_PLACEHOLDER = '<AWS_SECRET_KEY>';

/** Bitmovin's AwsCloudRegion naming for an AWS region id (us-east-1 → US_EAST_1). */
export function toBitmovinRegion(region: string): string {
  return region.trim().toUpperCase().replace(/-/g, '_');
}

export interface BitmovinS3Options {
  bucket: string;
  name?: string;
  /** AWS region id, e.g. eu-west-1. */
  region?: string;
  /**
   * Outputs only. Left out by default: Bitmovin ignores `acl` on the output resource today (the
   * muxing's EncodingOutput.acl applies), and a field that does nothing misleads.
   */
  acl?: 'PRIVATE' | 'PUBLIC_READ' | 'BUCKET_OWNER_FULL_CONTROL';
}

export function bitmovinS3Payload(direction: 'input' | 'output', o: BitmovinS3Options): Record<string, unknown> {
  return {
    name: o.name ?? `${o.bucket} ${direction}`,
    bucketName: o.bucket,
    accessKey: ACCESS_KEY_PLACEHOLDER,
    secretKey: SECRET_KEY_PLACEHOLDER,
    ...(o.region ? { cloudRegion: toBitmovinRegion(o.region) } : {}),
    ...(direction === 'output' && o.acl ? { acl: [{ permission: o.acl }] } : {}),
  };
}

export interface BitmovinGenericS3Options {
  bucket: string;
  /** Endpoint URL (https://host[:port]) or bare host. */
  endpoint: string;
  name?: string;
  forcePathStyle?: boolean;
  acl?: 'PRIVATE' | 'PUBLIC_READ' | 'BUCKET_OWNER_FULL_CONTROL';
}

export function bitmovinGenericS3Payload(direction: 'input' | 'output', o: BitmovinGenericS3Options): Record<string, unknown> {
  const url = new URL(/^[a-z]+:\/\//i.test(o.endpoint) ? o.endpoint : `https://${o.endpoint}`);
  const ssl = url.protocol === 'https:';
  return {
    name: o.name ?? `${o.bucket} ${direction}`,
    bucketName: o.bucket,
    host: url.hostname,
    port: url.port ? Number(url.port) : ssl ? 443 : 80,
    ssl,
    signatureVersion: 'S3_V4',
    // Self-hosted stores rarely have wildcard DNS for virtual-hosted buckets, so PATH is the safe default.
    accessStyle: o.forcePathStyle === false ? 'VIRTUAL_HOSTED' : 'PATH',
    accessKey: ACCESS_KEY_PLACEHOLDER,
    secretKey: SECRET_KEY_PLACEHOLDER,
    ...(direction === 'output' && o.acl ? { acl: [{ permission: o.acl }] } : {}),
  };
}

export interface QencodeOptions {
  /** Endpoint URL or host[:port] of the S3-compatible service. */
  endpoint: string;
  bucket: string;
  /** Object key or folder (for HLS/DASH). */
  path: string;
  permissions?: 'private' | 'public-read';
  storageClass?: string;
}

export function qencodeDestination(o: QencodeOptions): Record<string, unknown> {
  const url = new URL(/^[a-z]+:\/\//i.test(o.endpoint) ? o.endpoint : `https://${o.endpoint}`);
  return {
    url: `s3://${url.host}/${o.bucket}/${o.path.replace(/^\/+/, '')}`,
    key: ACCESS_KEY_PLACEHOLDER,
    secret: SECRET_KEY_PLACEHOLDER,
    permissions: o.permissions ?? 'private',
    ...(o.storageClass ? { storage_class: o.storageClass } : {}),
    ...(url.protocol === 'http:' ? { use_tls: 0 } : {}),
  };
}

export interface ImpossibleOptions {
  bucket: string;
  filename: string;
  contentType?: string;
  /** Authenticate with the canonical-user bucket policy instead of keys (the default here). */
  usePolicy?: boolean;
  /** S3 endpoint host, needed for SigV4-only regions. */
  s3host?: string;
  acl?: 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';
}

export function impossibleDestination(o: ImpossibleOptions): Record<string, unknown> {
  return {
    type: 's3',
    bucket: o.bucket,
    filename: o.filename,
    ...(o.usePolicy === false ? { aws_access_key_id: ACCESS_KEY_PLACEHOLDER, aws_secret_access_key: SECRET_KEY_PLACEHOLDER } : { aws_use_policy: true }),
    ...(o.s3host ? { s3host: o.s3host } : {}),
    contenttype: o.contentType ?? 'application/octet-stream',
    // Impossible's own default is public-read, which Block Public Access refuses; be explicit.
    acl: o.acl ?? 'private',
  };
}

export function dolbyJob(inputUrl: string, outputUrl: string): Record<string, unknown> {
  return { input: inputUrl, output: outputUrl };
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: Record<string, unknown>[];
}

/** Seed 002: lets Impossible Software's canonical user upload objects (with their ACL). */
export function impossibleBucketPolicy(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowImpossibleSoftwareUpload',
        Effect: 'Allow',
        Principal: { CanonicalUser: IMPOSSIBLE_CANONICAL_USER },
        Action: ['s3:PutObject', 's3:PutObjectAcl'],
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  };
}

export interface AccessPolicyOptions {
  bucket: string;
  /** IAM principal ARN (user or role) or 12-digit account id of the encoding service. */
  principal: string;
  /** Key prefix to limit access to, e.g. "media/in/". Empty or undefined: the whole bucket. */
  prefix?: string;
}

function normalisePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

function listStatement(sid: string, o: AccessPolicyOptions, prefix: string): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: o.principal },
    Action: 's3:ListBucket',
    Resource: `arn:aws:s3:::${o.bucket}`,
    // ListBucket is a bucket action, so the prefix limit is a condition rather than a resource.
    ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
  };
}

/** Read access for an encoding input: list the prefix, get its objects. */
export function inputReadPolicy(o: AccessPolicyOptions): PolicyDocument {
  return prefixPolicy(o, 'Input', 'EncoderReadInput', ['s3:GetObject']);
}

/** Write access for an encoding output: list the prefix, put objects and their ACLs. */
export function outputWritePolicy(o: AccessPolicyOptions): PolicyDocument {
  return prefixPolicy(o, 'Output', 'EncoderWriteOutput', ['s3:PutObject', 's3:PutObjectAcl']);
}

/** Listing of the prefix plus `actions` on the objects under it, for the encoder's principal. */
function prefixPolicy(o: AccessPolicyOptions, role: 'Input' | 'Output', sid: string, actions: string[]): PolicyDocument {
  const prefix = normalisePrefix(o.prefix);
  return {
    Version: '2012-10-17',
    Statement: [
      listStatement(`EncoderList${role}`, o, prefix),
      { Sid: sid, Effect: 'Allow', Principal: { AWS: o.principal }, Action: actions, Resource: `arn:aws:s3:::${o.bucket}/${prefix}*` },
    ],
  };
}

export interface CorsConfiguration {
  CORSRules: Record<string, unknown>[];
}

/** CORS for player playback: GET/HEAD from the given origins (or any), exposing range headers. */
export function playbackCors(origins: string[] = ['*']): CorsConfiguration {
  return {
    CORSRules: [
      {
        AllowedHeaders: ['*'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedOrigins: origins.length ? origins : ['*'],
        ExposeHeaders: ['ETag', 'Content-Length', 'Content-Range'],
        MaxAgeSeconds: 3000,
      },
    ],
  };
}

/** Serialises a generated document the way it should appear in an editor. */
export function toJsonText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The statement AWS recommends in every bucket policy: deny any request that does not use TLS
 * (aws:SecureTransport is "false"), for the bucket and its objects.
 */
export function secureTransportDenyStatement(bucket: string, sid = 'DenyInsecureTransport'): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The IAM user Bitmovin assumes customer roles as, for role-based S3 inputs and outputs. */
export const BITMOVIN_ROLE_PRINCIPAL = 'arn:aws:iam::630681592166:user/bitmovinCustomerS3Access';
/** Bitmovin's AWS account, the one BITMOVIN_ROLE_PRINCIPAL belongs to. */
export const BITMOVIN_AWS_ACCOUNT = '630681592166';

/**
 * Trust policy of an IAM role for a Bitmovin role-based S3 input or output: lets Bitmovin's user
 * assume the role, only with the external id Bitmovin returned for the input or output
 * (externalIdMode GENERATED or GLOBAL). Without an external id the Condition is left out, which
 * Bitmovin allows but advises against.
 */
export function bitmovinRoleTrustPolicy(externalId?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'BitmovinAssumeRole',
        Effect: 'Allow',
        Principal: { AWS: BITMOVIN_ROLE_PRINCIPAL },
        Action: 'sts:AssumeRole',
        ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
      },
    ],
  };
}
