// The one schema of registry entries. scripts/gen-schemas.mjs writes it to
// schemas/media-storage-registry.schema.json (the editor's completion, hover and checks for
// `.vscode/media-storage.json`) and into package.json as the items of mediaStorage.connections,
// inputs and outputs; registry.ts validates both the workspace file and those settings with it.
//
// The schema says what an entry is made of: its fields, their types and enumerations, which are
// required. Whether a value is usable (bucket naming rules, endpoint URLs, region and header
// syntax) is decided by connection.ts alone, so no problem is reported by both and each message
// is the specific one.
import { CANNED_ACLS } from './connection';

type JsonSchema = Record<string, unknown>;

export const REGISTRY_SCHEMA_ID = 'https://media-storage-workbench/schemas/media-storage-registry.schema.json';

export const CONNECTION_SCHEMA = {
  type: 'object',
  title: 'Connection',
  required: ['id', 'label', 'kind', 'region'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      description: 'Identifier that locations refer to in their "connection" field: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.',
      examples: ['prod-aws', 'lab-minio'],
    },
    label: { type: 'string', description: 'Name shown in the sidebar.', examples: ['Production (eu-west-1)'] },
    kind: {
      type: 'string',
      enum: ['aws', 's3-compatible'],
      enumDescriptions: [
        'Amazon S3; credentials from an AWS profile or the default chain.',
        'Any S3 API: Cloudflare R2, Wasabi, DigitalOcean Spaces, MinIO, Ceph, Qencode S3. Needs an endpoint.',
      ],
      description: 'Which kind of S3 service this is.',
    },
    region: {
      type: 'string',
      description: 'Region of the buckets. For S3-compatible stores use the provider\'s value ("auto" for R2, "us-east-1" for most others).',
      examples: ['eu-west-1', 'us-east-1', 'auto', 'nyc3'],
    },
    profile: {
      type: 'string',
      description: 'AWS shared config profile (from ~/.aws/config), including SSO profiles. Leave out to use the default credential chain.',
      examples: ['default', 'media-sso'],
    },
    endpoint: {
      type: 'string',
      description: 'scheme://host[:port] of the S3 API, no path. Required for s3-compatible connections.',
      examples: [
        'https://<account>.r2.cloudflarestorage.com',
        'https://s3.eu-central-1.wasabisys.com',
        'https://nyc3.digitaloceanspaces.com',
        'http://127.0.0.1:9000',
      ],
    },
    useTls: { type: 'boolean', description: "Use HTTPS. Set false for plain-HTTP endpoints (Qencode's use_tls: 0).", default: true },
    forcePathStyle: {
      type: 'boolean',
      description: 'Address buckets as endpoint/bucket instead of bucket.endpoint (needed by MinIO, Ceph and most on-premises stores).',
      default: false,
    },
    signingRegion: { type: 'string', description: 'Region to sign requests for, when it differs from "region".' },
    checksumMode: {
      type: 'string',
      enum: ['default', 'when-required'],
      enumDescriptions: [
        'SDK default checksums (CRC32 on every upload).',
        'Checksums only when an operation requires them; most S3-compatible stores need this.',
      ],
      description: 'Request checksum behaviour. S3-compatible connections default to when-required.',
    },
  },
  allOf: [{ if: { properties: { kind: { const: 's3-compatible' } } }, then: { required: ['endpoint'] } }],
} as const;

/** Inputs and outputs share it: write options on an input are allowed and only warned about (they do nothing). */
export const LOCATION_SCHEMA = {
  type: 'object',
  title: 'Location',
  required: ['name', 'connection', 'bucket'],
  properties: {
    name: { type: 'string', description: 'Unique name of this input or output.', examples: ['mezzanine', 'hls-ladder'] },
    role: { type: 'string', enum: ['input', 'output'], description: 'Optional; implied by the list the entry is in.' },
    connection: { type: 'string', description: 'The id of a connection in "connections".' },
    bucket: { type: 'string', description: 'Bucket name: 3–63 lowercase letters, digits, dots and hyphens.', examples: ['my-bitmovin-bucket'] },
    prefix: {
      type: 'string',
      description: 'Key prefix (folder) inside the bucket, normally ending in "/", never starting with one.',
      examples: ['encodings/', 'inputs/2024/'],
    },
    acl: {
      type: 'string',
      enum: [...CANNED_ACLS],
      description: 'Canned ACL for written objects. Buckets with ACLs disabled (the AWS default) accept only private / bucket-owner-full-control.',
      default: 'private',
    },
    storageClass: {
      type: 'string',
      description: 'Storage class for written objects.',
      examples: ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'REDUCED_REDUNDANCY'],
    },
    cacheControl: { type: 'string', description: 'Cache-Control header for written objects.', examples: ['max-age=31536000, immutable'] },
    contentType: {
      type: 'string',
      description: 'Content-Type for written objects (otherwise derived from the file name).',
      examples: ['video/mp4', 'application/vnd.apple.mpegurl'],
    },
    contentDisposition: {
      type: 'string',
      description: 'Content-Disposition header for written objects.',
      examples: ['inline', 'attachment; filename="movie.mp4"'],
    },
    metadata: {
      type: 'object',
      description: 'User metadata (sent as x-amz-meta-* headers; write keys without that prefix).',
      additionalProperties: { type: 'string' },
      examples: [{ project: 'trailer' }],
    },
  },
  additionalProperties: false,
} as const;

export const REGISTRY_SCHEMA: JsonSchema & { $id: string } = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: REGISTRY_SCHEMA_ID,
  title: 'Media Storage Workbench registry',
  description:
    'Connections (how to reach an S3 API) and the input/output locations of your encoding pipelines. Secrets never go here: keys live in the VS Code secret store or your AWS profiles.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON schema of this file.' },
    connections: {
      type: 'array',
      title: 'Connections',
      description: 'S3 endpoints and how to sign requests to them.',
      items: { $ref: '#/definitions/connection' },
      default: [],
    },
    inputs: {
      type: 'array',
      title: 'Inputs',
      description: 'Locations an encoding service reads source media from.',
      items: { $ref: '#/definitions/location' },
      default: [],
    },
    outputs: {
      type: 'array',
      title: 'Outputs',
      description: 'Locations an encoding service writes renditions, segments and manifests to.',
      items: { $ref: '#/definitions/location' },
      default: [],
    },
  },
  definitions: { connection: CONNECTION_SCHEMA, location: LOCATION_SCHEMA },
  examples: [
    {
      connections: [
        { id: 'prod', label: 'Production', kind: 'aws', region: 'eu-west-1', profile: 'media-sso' },
        { id: 'qencode', label: 'Qencode S3', kind: 's3-compatible', region: 'us-west', endpoint: 'https://us-west.s3.qencode.com' },
      ],
      inputs: [{ name: 'mezzanine', connection: 'prod', bucket: 'my-bitmovin-bucket', prefix: 'inputs/' }],
      outputs: [{ name: 'hls', connection: 'qencode', bucket: 'my-bucket', prefix: 'folder/', acl: 'public-read' }],
    },
  ],
};

/** Where in REGISTRY_SCHEMA the entries of a section are defined. */
export function entryDefinition(section: 'connections' | 'inputs' | 'outputs'): 'connection' | 'location' {
  return section === 'connections' ? 'connection' : 'location';
}

/** The schema of one entry of a section, self-contained (the settings' items cannot follow a $ref). */
export function entrySchema(section: 'connections' | 'inputs' | 'outputs'): JsonSchema {
  return section === 'connections' ? CONNECTION_SCHEMA : LOCATION_SCHEMA;
}
