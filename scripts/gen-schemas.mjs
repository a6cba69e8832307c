// Writes schemas/*.schema.json, package.json's `contributes.configuration` and its English text in
// package.nls.json (the committed artifacts). Shared fragments (regions, ACLs, credentials) are copied into each self-contained
// schema because VS Code's JSON service does not reliably resolve cross-file $refs of contributed
// schemas; generating keeps the copies identical.
// Run: npm run gen-schemas   (then: npx mocha out/test/unit/validation/*.test.js out/test/unit/settings.test.js)
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}schemas/`;
const BASE = 'https://media-storage-workbench.dev/schemas/';
const d = (text, md) => ({ description: text, markdownDescription: md ?? text });

const region = {
  title: 'AwsCloudRegion',
  ...d(
    'AWS region of the bucket, in Bitmovin naming (US_EAST_1 = us-east-1). Bitmovin encodes in this region to avoid cross-region transfer.',
    'AWS region of the bucket, in **Bitmovin naming**: `US_EAST_1` is `us-east-1`, `EU_WEST_1` is `eu-west-1`. Setting it lets Bitmovin pick encoding infrastructure near the bucket.',
  ),
  type: 'string',
  enum: [
    'US_EAST_1',
    'US_EAST_2',
    'US_WEST_1',
    'US_WEST_2',
    'EU_WEST_1',
    'EU_CENTRAL_1',
    'AP_SOUTHEAST_1',
    'AP_SOUTHEAST_2',
    'AP_NORTHEAST_1',
    'AP_NORTHEAST_2',
    'AP_SOUTH_1',
    'SA_EAST_1',
    'EU_WEST_2',
    'EU_WEST_3',
    'CA_CENTRAL_1',
  ],
  markdownEnumDescriptions: [
    'us-east-1 (N. Virginia)',
    'us-east-2 (Ohio)',
    'us-west-1 (N. California)',
    'us-west-2 (Oregon)',
    'eu-west-1 (Ireland)',
    'eu-central-1 (Frankfurt)',
    'ap-southeast-1 (Singapore)',
    'ap-southeast-2 (Sydney)',
    'ap-northeast-1 (Tokyo)',
    'ap-northeast-2 (Seoul)',
    'ap-south-1 (Mumbai)',
    'sa-east-1 (São Paulo)',
    'eu-west-2 (London)',
    'eu-west-3 (Paris)',
    'ca-central-1 (Canada Central)',
  ],
  examples: ['EU_WEST_1'],
};
const bucketName = {
  title: 'Bucket name',
  ...d(
    'Name of the S3 bucket (3-63 characters: lower-case letters, digits, dots and hyphens). Just the name, not an ARN or URL.',
    'Name of the S3 bucket, e.g. `my-bitmovin-bucket`. Just the name: not `s3://…`, not an ARN.',
  ),
  type: 'string',
  minLength: 3,
  maxLength: 63,
  pattern: '^[a-z0-9][a-z0-9.-]*[a-z0-9]$',
  examples: ['my-bitmovin-bucket'],
};
const accessKey = {
  title: 'Access key ID',
  ...d(
    'Access key ID of the IAM user that Bitmovin uses. Prefer keeping keys out of workspace files.',
    'Access key ID of the IAM user Bitmovin uses (`AKIA…`). **Keep real keys out of workspace files**: use a placeholder such as `<AWS_ACCESS_KEY>`.',
  ),
  type: 'string',
  minLength: 1,
  examples: ['<AWS_ACCESS_KEY>'],
};
const secretKey = {
  title: 'Secret access key',
  ...d(
    'Secret access key matching accessKey. Write-only: Bitmovin never returns it.',
    'Secret access key matching `accessKey`. Write-only: the API never returns it. **Never commit a real one**: use `<AWS_SECRET_KEY>`.',
  ),
  type: 'string',
  minLength: 1,
  examples: ['<AWS_SECRET_KEY>'],
};
const common = {
  name: { title: 'Name', ...d('Name of the resource. Can be freely chosen.'), type: 'string', examples: ['My S3 bucket'] },
  description: { title: 'Description', ...d('Description of the resource. Can be freely chosen.'), type: 'string' },
  customData: { title: 'Custom data', ...d('User-specific meta data. Can hold anything; Bitmovin stores it verbatim.'), type: 'object' },
  id: { ...d('Id of the resource, assigned by Bitmovin (present in GET responses; ignored on create).'), type: 'string', readOnly: true },
  createdAt: { ...d('Creation timestamp in UTC (YYYY-MM-DDThh:mm:ssZ), assigned by Bitmovin.'), type: 'string', format: 'date-time', readOnly: true },
  modifiedAt: { ...d('Modification timestamp in UTC, assigned by Bitmovin.'), type: 'string', format: 'date-time', readOnly: true },
};
const acl = (output) => ({
  title: 'ACL entries',
  ...d(
    output
      ? 'ACL applied to files written by this output. NOTE: the Bitmovin API currently ignores `acl` on the output resource itself; set the ACL on each muxing/manifest output instead. Use PRIVATE when the bucket blocks public access or has ACLs disabled.'
      : 'ACL entries.',
    output
      ? 'ACL applied to written files.\n\n> **Note:** the Bitmovin API currently **ignores `acl` on the output** resource; set it on each muxing/manifest `EncodingOutput` instead. Use `PRIVATE` when the bucket **blocks public access** or has **ACLs disabled**.'
      : 'ACL entries.',
  ),
  type: 'array',
  items: {
    type: 'object',
    title: 'AclEntry',
    properties: {
      permission: {
        ...d(
          'Canned ACL for written objects.',
          'Canned ACL for written objects. `PUBLIC_READ` needs a bucket with ACLs enabled and public access not blocked.',
        ),
        type: 'string',
        enum: ['PUBLIC_READ', 'PRIVATE', 'BUCKET_OWNER_FULL_CONTROL'],
        default: 'PUBLIC_READ',
        markdownEnumDescriptions: [
          'Anyone can read the objects (x-amz-acl: public-read). Fails if the bucket blocks public ACLs.',
          'Only the bucket owner can read (x-amz-acl: private).',
          'Bucket owner gets full control (cross-account buckets).',
        ],
      },
      scope: { ...d('Scope of the entry; "*" means every file.'), type: 'string', default: '*', examples: ['*'] },
    },
    required: ['permission'],
    additionalProperties: false,
    defaultSnippets: [{ label: 'PRIVATE', body: { permission: 'PRIVATE' } }],
  },
  examples: [[{ permission: 'PRIVATE' }]],
});
const md5MetaTag = {
  ...d(
    'If set, the MD5 hash of each file is stored in the user metadata tag x-amz-meta-<md5MetaTag>.',
    'If set, the MD5 of each written file is stored as user metadata `x-amz-meta-<md5MetaTag>`.',
  ),
  type: 'string',
  examples: ['md5'],
};
const sigVer = {
  ...d('Signature version for requests to the S3 service.'),
  type: 'string',
  enum: ['S3_V2', 'S3_V4'],
  default: 'S3_V4',
  markdownEnumDescriptions: ['Legacy AWS Signature Version 2.', 'AWS Signature Version 4 (required by most regions and S3-compatible stores).'],
};

const schemaProp = { type: 'string', ...d('JSON schema of this file; lets the editor validate it whatever its name.'), examples: [] };
function schema(name, title, desc, body) {
  if (body.properties) body.properties = { $schema: { ...schemaProp, examples: [`${BASE}${name}.schema.json`] }, ...body.properties };
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: `${BASE}${name}.schema.json`, title, ...d(desc[0], desc[1]), ...body };
}
function obj(props, required, extra = {}) {
  return { type: 'object', properties: props, required, additionalProperties: false, ...extra };
}
const write = (name, s) => writeFileSync(`${OUT}${name}.schema.json`, JSON.stringify(s, null, 2) + '\n');
const ro = { id: common.id, createdAt: common.createdAt, modifiedAt: common.modifiedAt };
const meta = { name: common.name, description: common.description, customData: common.customData };

for (const io of ['input', 'output']) {
  const out = io === 'output';
  write(
    `bitmovin-s3-${io}`,
    schema(
      `bitmovin-s3-${io}`,
      `Bitmovin S3 ${io}`,
      [
        `Body of POST /encoding/${io}s/s3: an AWS S3 bucket Bitmovin ${out ? 'writes encoded files to' : 'reads sources from'}, using an access key pair.`,
        `Body of \`POST /encoding/${io}s/s3\`: an AWS S3 bucket that Bitmovin ${out ? 'writes encoded files to' : 'reads sources from'} with an IAM user's access key pair. Minimal: \`bucketName\`, \`accessKey\`, \`secretKey\`.`,
      ],
      obj(
        { ...meta, bucketName, accessKey, secretKey, cloudRegion: region, ...(out ? { md5MetaTag, acl: acl(true) } : {}), ...ro },
        ['bucketName', 'accessKey', 'secretKey'],
        {
          examples: [
            {
              name: `My S3 ${io}`,
              bucketName: 'my-bitmovin-bucket',
              accessKey: '<AWS_ACCESS_KEY>',
              secretKey: '<AWS_SECRET_KEY>',
              cloudRegion: 'EU_WEST_1',
              ...(out ? { acl: [{ permission: 'PRIVATE' }] } : {}),
            },
          ],
          defaultSnippets: [
            {
              label: `S3 ${io}`,
              body: {
                name: '$1',
                bucketName: '${2:my-bitmovin-bucket}',
                accessKey: '${3:<AWS_ACCESS_KEY>}',
                secretKey: '${4:<AWS_SECRET_KEY>}',
                cloudRegion: '${5:EU_WEST_1}',
              },
            },
          ],
        },
      ),
    ),
  );

  write(
    `bitmovin-generic-s3-${io}`,
    schema(
      `bitmovin-generic-s3-${io}`,
      `Bitmovin generic S3 ${io}`,
      [
        `Body of POST /encoding/${io}s/generic-s3: an S3-compatible store (MinIO, Ceph, Wasabi, R2, …) reached at host:port.`,
        `Body of \`POST /encoding/${io}s/generic-s3\`: any **S3-compatible** store (MinIO, Ceph, Wasabi, R2, DigitalOcean Spaces…) reached at \`host\`:\`port\`.`,
      ],
      obj(
        {
          ...meta,
          bucketName: { ...bucketName, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', minLength: 1 },
          host: {
            ...d(
              'Host name of the S3-compatible service, without scheme or path.',
              'Host name of the S3-compatible service, **without** scheme or path: `s3.eu-central-1.wasabisys.com`, not `https://…`.',
            ),
            type: 'string',
            minLength: 1,
            pattern: '^[^/:\\s]+$',
            examples: ['minio.example.com'],
          },
          port: { ...d('Port of the service.'), type: 'integer', minimum: 1, maximum: 65535, examples: [443, 9000] },
          ssl: { ...d('Use HTTPS to reach the service.'), type: 'boolean', default: true },
          signatureVersion: sigVer,
          accessStyle: {
            ...d('How the bucket is addressed.'),
            type: 'string',
            enum: ['VIRTUAL_HOSTED', 'PATH'],
            default: 'PATH',
            markdownEnumDescriptions: ['`https://bucket.host/key`', '`https://host/bucket/key` (MinIO and most self-hosted stores need this)'],
          },
          accessKey,
          secretKey,
          ...(out ? { acl: acl(true) } : {}),
          ...ro,
        },
        ['bucketName', 'host', 'accessKey', 'secretKey'],
        {
          examples: [
            {
              name: 'MinIO',
              bucketName: 'media',
              host: 'minio.example.com',
              port: 9000,
              ssl: true,
              signatureVersion: 'S3_V4',
              accessStyle: 'PATH',
              accessKey: '<ACCESS_KEY>',
              secretKey: '<SECRET_KEY>',
            },
          ],
        },
      ),
    ),
  );

  write(
    `bitmovin-s3-role-based-${io}`,
    schema(
      `bitmovin-s3-role-based-${io}`,
      `Bitmovin role-based S3 ${io}`,
      [
        `Body of POST /encoding/${io}s/s3-role-based: Bitmovin assumes an IAM role in your account instead of using access keys.`,
        `Body of \`POST /encoding/${io}s/s3-role-based\`: Bitmovin **assumes an IAM role** in your account (no keys). The role's trust policy must allow Bitmovin's principal, ideally with an \`sts:ExternalId\` condition.`,
      ],
      obj(
        {
          ...meta,
          bucketName,
          roleArn: {
            ...d(
              'ARN of the IAM role Bitmovin assumes for S3 access.',
              'ARN of the IAM role Bitmovin assumes, e.g. `arn:aws:iam::123456789012:role/bitmovin-s3`.',
            ),
            type: 'string',
            pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
            examples: ['arn:aws:iam::123456789012:role/bitmovin-s3-access'],
          },
          externalId: {
            ...d('External ID required by the role trust policy (sts:ExternalId condition). Protects against the confused-deputy problem.'),
            type: 'string',
            examples: ['my-external-id'],
          },
          externalIdMode: {
            ...d('Where the external ID comes from.'),
            type: 'string',
            enum: ['GLOBAL', 'GENERATED'],
            default: 'GLOBAL',
            markdownEnumDescriptions: [
              'Use `externalId` as given (or the organisation-wide one).',
              'Bitmovin generates a unique external ID for this resource.',
            ],
          },
          cloudRegion: region,
          signatureVersion: sigVer,
          ...(out ? { md5MetaTag, acl: acl(true) } : {}),
          ...ro,
        },
        ['bucketName', 'roleArn'],
        {
          examples: [
            {
              bucketName: 'my-bitmovin-bucket',
              roleArn: 'arn:aws:iam::123456789012:role/bitmovin-s3-access',
              externalId: 'my-external-id',
              cloudRegion: 'EU_WEST_1',
            },
          ],
        },
      ),
    ),
  );
}

// Bitmovin response envelope (seed 003)
const link = {
  type: 'object',
  properties: { href: { type: 'string', ...d('URL') }, title: { type: 'string', ...d('URL title') } },
  required: ['href'],
  additionalProperties: false,
};
const message = {
  type: 'object',
  properties: {
    date: { type: 'string', format: 'date-time', ...d('Timestamp when the message occurred.') },
    id: { type: 'string', ...d('Id of the message.') },
    type: { type: 'string', enum: ['INFO', 'ERROR', 'WARNING', 'DEBUG', 'TRACE'], default: 'INFO', ...d('Message type.') },
    text: { type: 'string', ...d('Message text.') },
    field: { type: 'string', ...d('Request field the message belongs to.') },
    links: { type: 'array', items: link, ...d('Links for more information.') },
    more: { type: 'object', ...d('Service-specific information.') },
  },
  required: ['id', 'type', 'text'],
  additionalProperties: false,
};
write(
  'bitmovin-response',
  schema(
    'bitmovin-response',
    'Bitmovin API response envelope',
    [
      'Every Bitmovin API response: requestId, status SUCCESS with data.result, or status ERROR with data.code/message/developerMessage.',
      'Every Bitmovin API response is an envelope: `requestId` (quote it to support), `status` `SUCCESS` (with `data.result`) or `ERROR` (with `data.code`, `message`, `developerMessage`).',
    ],
    {
      type: 'object',
      required: ['requestId', 'status'],
      properties: {
        requestId: {
          type: 'string',
          ...d('Unique correlation id; quote it when contacting Bitmovin support.'),
          examples: ['6d84e126-d10c-4e52-bbfb-bd4c92bc8333'],
        },
        status: { type: 'string', enum: ['SUCCESS', 'ERROR'], ...d('Whether the request succeeded.') },
        data: { type: 'object', ...d('Response information.') },
        more: { type: 'object', ...d('Additional endpoint-specific information.') },
      },
      additionalProperties: false,
      definitions: { Link: link, Message: message },
      if: { properties: { status: { const: 'ERROR' } }, required: ['status'] },
      then: {
        required: ['data'],
        properties: {
          data: {
            type: 'object',
            title: 'ResponseErrorData',
            ...d(
              'Error information: code, message for users, developerMessage for developers.',
              'Error information: `code` (see the Bitmovin error code list), `message` for end users, `developerMessage` for developers.',
            ),
            required: ['code', 'message', 'developerMessage'],
            additionalProperties: false,
            properties: {
              code: {
                type: 'integer',
                ...d('Bitmovin error code: 1xxx general, 2xxx encoding (21xx input, 22xx output), 7xxx notification, 8xxx limits.'),
                examples: [2202],
              },
              message: { type: 'string', ...d('General error message, suitable for end users.') },
              developerMessage: { type: 'string', ...d('Detailed message for developers.') },
              links: { type: 'array', items: { $ref: '#/definitions/Link' }, ...d('Links explaining the error or how to resolve it.') },
              details: { type: 'array', items: { $ref: '#/definitions/Message' }, ...d('Further detailed messages about the error.') },
            },
          },
        },
      },
      else: {
        properties: {
          data: {
            type: 'object',
            title: 'ResponseSuccessData',
            ...d('Result of the endpoint and optional messages.'),
            additionalProperties: false,
            properties: {
              result: { ...d('The endpoint-specific result.') },
              messages: { type: 'array', items: { $ref: '#/definitions/Message' }, ...d('Service-specific messages about the workflow.') },
            },
          },
        },
      },
      examples: [{ requestId: '6d84e126-d10c-4e52-bbfb-bd4c92bc8333', status: 'SUCCESS', data: { result: { id: 'cb90b80c-8867-4e3b-8479-174aa2843f62' } } }],
    },
  ),
);

// Dolby.io Media APIs job (seed 001)
const dolbyLoc = (io) => ({
  ...d(
    io === 'input'
      ? 'Where the Media API reads media: a public https URL, an s3:// URL, a presigned GET URL, or {url, auth}.'
      : 'Where the Media API writes media: an s3:// URL, a presigned PUT URL, or {url, auth}.',
    io === 'input'
      ? 'Where the Media API **reads** media: a public `https://` URL, `s3://bucket/key`, a **presigned GET** URL, or `{ "url", "auth" }`.'
      : 'Where the Media API **writes** media: `s3://bucket/key`, a **presigned PUT** URL (allow enough expiry for queueing + processing), or `{ "url", "auth" }`.',
  ),
  anyOf: [
    {
      type: 'string',
      title: 'URL',
      pattern: '^(https?|s3|dlb)://',
      examples: [io === 'input' ? 's3://your-bucket-name/input_file.mp3' : 's3://your-bucket-name/output_file.mp3'],
    },
    {
      type: 'object',
      title: 'URL with credentials',
      required: ['url'],
      additionalProperties: false,
      properties: {
        url: { type: 'string', pattern: '^(https?|s3|dlb)://', ...d('s3:// or https URL of the object.'), examples: ['s3://your-bucket-name/input_file.mp3'] },
        auth: {
          type: 'object',
          ...d('Temporary credentials used to access url.'),
          required: ['key', 'secret'],
          additionalProperties: false,
          properties: {
            key: { type: 'string', ...d('AWS access key ID.'), examples: ['<AWS_ACCESS_KEY_ID>'] },
            secret: { type: 'string', ...d('AWS secret access key. Keep it out of workspace files.'), examples: ['<AWS_SECRET_ACCESS_KEY>'] },
            token: { type: 'string', ...d('Session token, for temporary (STS) credentials.') },
          },
        },
      },
    },
  ],
});
write(
  'dolby-job',
  schema(
    'dolby-job',
    'Dolby.io Media APIs job',
    [
      'Request body of a Dolby.io Media API job (enhance, transcode, analyze…): input and output locations.',
      'Request body of a Dolby.io **Media API** job: `input` and `output` locations. Each is a string URL or `{ url, auth: { key, secret, token? } }`. A presigned input must be signed for **GET**, a presigned output for **PUT**.',
    ],
    {
      type: 'object',
      required: ['input'],
      properties: { input: dolbyLoc('input'), output: dolbyLoc('output') },
      additionalProperties: true,
      examples: [{ input: 's3://your-bucket-name/input_file.mp3', output: 's3://your-bucket-name/output_file.mp3' }],
      defaultSnippets: [{ label: 'input/output', body: { input: '${1:s3://bucket/input.mp4}', output: '${2:s3://bucket/output.mp4}' } }],
    },
  ),
);

// Impossible Software S3 destination (seed 002)
write(
  'impossible-destination',
  schema(
    'impossible-destination',
    'Impossible Software S3 upload destination',
    [
      'upload.destination of an Impossible Software render request: upload the result to an Amazon S3 bucket.',
      '`upload.destination` of an Impossible Software render request. Authenticate with `aws_access_key_id`/`aws_secret_access_key`, **or** set `aws_use_policy` and grant canonical user `1ea9f667…0216` `s3:PutObject` + `s3:PutObjectAcl` in the bucket policy.',
    ],
    obj(
      {
        type: { type: 'string', const: 's3', ...d('Destination type; "s3" for Amazon S3.'), default: 's3' },
        bucket: { type: 'string', minLength: 1, ...d('Name of the destination bucket.'), examples: ['mybucket'] },
        filename: { type: 'string', minLength: 1, ...d('Filename (object key) for the destination object.'), examples: ['myvideos/my-movie-123.mp4'] },
        aws_access_key_id: { type: 'string', ...d('AWS access key ID.'), examples: ['<AWS_ACCESS_KEY_ID>'] },
        aws_secret_access_key: { type: 'string', ...d('AWS secret access key. Keep real keys out of workspace files.'), examples: ['<AWS_SECRET_ACCESS_KEY>'] },
        aws_use_policy: { type: 'boolean', default: false, ...d('Use the bucket policy (canonical-user grant) instead of access key/secret.') },
        s3host: {
          type: 'string',
          ...d('S3 endpoint host; required for Signature V4-only regions such as eu-central-1.'),
          examples: ['s3.eu-central-1.amazonaws.com'],
        },
        secure: { type: 'boolean', default: false, ...d('Force generation of HTTPS URLs in the response.') },
        contenttype: { type: 'string', default: 'application/octet-stream', ...d('Media type (MIME) of the destination object.'), examples: ['video/mp4'] },
        contentdisposition: { type: 'string', ...d('Content-Disposition for the destination object.'), examples: ['attachment; filename="movie.mp4"'] },
        acl: {
          type: 'string',
          enum: ['private', 'public-read', 'public-read-write', 'authenticated-read'],
          default: 'public-read',
          ...d(
            'Canned ACL for the destination object. Note the default is public-read.',
            'Canned ACL for the destination object. **The default is `public-read`**: set `private` if the bucket blocks public access.',
          ),
        },
        reduced_redundancy: { type: 'boolean', default: false, ...d('Store with reduced redundancy.') },
        cachecontrol: { type: 'string', ...d('Extra directives for the Cache-Control header.'), examples: ['max-age=86400'] },
        metadata: { type: 'object', additionalProperties: { type: 'string' }, ...d('Extra metadata, sent as x-amz-meta-* headers.') },
      },
      ['type', 'bucket', 'filename'],
      {
        examples: [{ type: 's3', bucket: 'mybucket', filename: 'myvideos/my-movie-123.mp4', contenttype: 'video/mp4', acl: 'private', aws_use_policy: true }],
        defaultSnippets: [
          {
            label: 's3 destination',
            body: { type: 's3', bucket: '${1:mybucket}', filename: '${2:videos/out.mp4}', contenttype: '${3:video/mp4}', acl: '${4:private}' },
          },
        ],
      },
    ),
  ),
);

// Qencode generic S3 destination (seed 004)
const qdest = obj(
  {
    $schema: { ...schemaProp, examples: [`${BASE}qencode-destination.schema.json`] },
    url: {
      type: 'string',
      pattern: '^s3://[^/\\s]+/[^/\\s]+',
      ...d(
        's3://endpoint[:port]/bucket/path. For HLS/DASH give a folder path.',
        '`s3://endpoint[:port]/bucket/path`, e.g. `s3://us-west.s3.qencode.com/my-bucket/folder/output.mp4`. For HLS/DASH outputs give a **folder**.',
      ),
      examples: ['s3://us-west.s3.qencode.com/my-bucket/folder/output.mp4'],
    },
    key: { type: 'string', ...d('Access key for the S3-compatible service.'), examples: ['<ACCESS_KEY>'] },
    secret: { type: 'string', ...d('Secret key for the S3-compatible service. Keep real keys out of workspace files.'), examples: ['<SECRET_KEY>'] },
    permissions: {
      type: 'string',
      enum: ['private', 'public-read', 'public-read-write', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control'],
      default: 'private',
      ...d('Canned ACL for written objects; "public-read" makes them readable by URL.'),
    },
    storage_class: {
      type: 'string',
      enum: ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'],
      default: 'STANDARD',
      ...d('S3 storage class of written objects.'),
    },
    use_tls: { type: 'integer', enum: [0, 1], default: 1, ...d('1 = HTTPS (default); 0 = plain HTTP for endpoints without TLS.') },
  },
  ['url'],
);
write(
  'qencode-destination',
  schema(
    'qencode-destination',
    'Qencode S3 destination',
    [
      'Qencode destination object (or array of them) for saving outputs to any S3-compatible storage.',
      'Qencode `destination`: an object or an array of objects saving to any **S3-compatible** storage at `s3://endpoint[:port]/bucket/path`.',
    ],
    {
      anyOf: [qdest, { type: 'array', minItems: 1, items: qdest }],
      examples: [
        {
          url: 's3://us-west.s3.qencode.com/my-bucket/folder/output.mp4',
          key: '<ACCESS_KEY>',
          secret: '<SECRET_KEY>',
          permissions: 'public-read',
          storage_class: 'REDUCED_REDUNDANCY',
        },
      ],
      defaultSnippets: [
        {
          label: 'S3 destination',
          body: { url: 's3://${1:endpoint}/${2:bucket}/${3:path}', key: '${4:<ACCESS_KEY>}', secret: '${5:<SECRET_KEY>}', permissions: '${6:private}' },
        },
      ],
    },
  ),
);

// AWS bucket policy
const strOrArr = (desc, ex) => ({
  ...d(desc[0], desc[1]),
  anyOf: [
    { type: 'string', ...(ex ? { examples: ex } : {}) },
    { type: 'array', items: { type: 'string' }, minItems: 1 },
  ],
});
const principal = {
  ...d(
    'Who the statement applies to: "*" (everyone), or an object with AWS, CanonicalUser, Service or Federated.',
    'Who the statement applies to: `"*"` (**everyone**), or `{ "AWS": "123456789012" | "arn:aws:iam::…" }`, `{ "CanonicalUser": "<64 hex>" }`, `{ "Service": "cloudfront.amazonaws.com" }`, `{ "Federated": "…" }`.',
  ),
  anyOf: [
    { type: 'string', const: '*' },
    {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        AWS: strOrArr(
          [
            'AWS account id (12 digits), account root ARN, IAM user/role ARN, or "*".',
            'AWS account id (`123456789012`), `arn:aws:iam::123456789012:root`, an IAM user/role ARN, or `"*"`.',
          ],
          ['arn:aws:iam::123456789012:role/encoder'],
        ),
        CanonicalUser: strOrArr(['64-hex canonical user id of an AWS account.'], ['1ea9f667f8ec65aa76ca17cbacfda01ba70493b59f7124a810823def30e10216']),
        Service: strOrArr(['AWS service principal, e.g. cloudfront.amazonaws.com.'], ['cloudfront.amazonaws.com']),
        Federated: strOrArr(['Identity provider (SAML/OIDC) or cognito-identity.amazonaws.com.']),
      },
    },
  ],
};
const ops = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
];
const condBlock = {
  type: 'object',
  minProperties: 1,
  ...d('Condition keys (aws:SourceIp, aws:SecureTransport, s3:prefix, aws:PrincipalOrgID…) mapped to a value or list of values.'),
  additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }] },
  // service:key, where identity providers name the service by host (token.actions.githubusercontent.com:aud).
  propertyNames: { pattern: '^[A-Za-z0-9._/-]+:\\S+$' },
};
const opDocs = {
  StringEquals: 'Exact, case-sensitive match.',
  StringLike: 'Case-sensitive match with `*` and `?` wildcards.',
  IpAddress: 'Source IP in a CIDR range, e.g. `{ "aws:SourceIp": "203.0.113.0/24" }`.',
  Bool: 'Boolean key, e.g. `{ "aws:SecureTransport": "false" }` to deny plain HTTP.',
  ArnLike: 'ARN match with wildcards, e.g. `aws:SourceArn`.',
  DateLessThan: 'Date before, e.g. `{ "aws:CurrentTime": "2030-01-01T00:00:00Z" }`.',
  NumericLessThan: 'Number less than.',
  Null: 'Key absent (`"true"`) or present (`"false"`).',
};
const condRef = { $ref: '#/definitions/ConditionBlock' };
const condProps = Object.fromEntries(
  [...ops, 'Null'].map((o) => [
    o,
    {
      ...condRef,
      ...d(
        `${o} condition operator. Prefix ForAnyValue:/ForAllValues: for multi-valued keys; suffix IfExists to ignore absent keys.`,
        `**${o}**${opDocs[o] ? ': ' + opDocs[o] : ''}\n\nPrefix \`ForAnyValue:\` / \`ForAllValues:\` for multi-valued keys; suffix \`IfExists\` to pass when the key is absent.`,
      ),
    },
  ]),
);
const statement = {
  type: 'object',
  title: 'Statement',
  additionalProperties: false,
  required: ['Effect'],
  properties: {
    Sid: { type: 'string', pattern: '^[A-Za-z0-9 ._-]*$', ...d('Statement id; must be unique within the policy.'), examples: ['AllowEncoderRead'] },
    Effect: { type: 'string', enum: ['Allow', 'Deny'], ...d('Allow or Deny. An explicit Deny always wins.') },
    Principal: { $ref: '#/definitions/Principal' },
    NotPrincipal: {
      $ref: '#/definitions/Principal',
      ...d(
        'Everyone EXCEPT these principals. Use only with Deny; with Allow it grants almost everyone access.',
        'Everyone **except** these principals. Use only with `Deny`: with `Allow` it grants access to almost everyone.',
      ),
    },
    Action: strOrArr(
      [
        'Actions, e.g. s3:GetObject, s3:PutObject, s3:ListBucket; wildcards like s3:Get* allowed.',
        'Actions: `s3:GetObject` (objects), `s3:PutObject`, `s3:PutObjectAcl`, `s3:ListBucket` (bucket)…; wildcards like `s3:Get*`. Object actions need an object ARN (`arn:aws:s3:::bucket/*`), bucket actions the bucket ARN.',
      ],
      ['s3:GetObject'],
    ),
    NotAction: strOrArr(['Every action EXCEPT these.']),
    Resource: strOrArr(
      [
        'Bucket ARN arn:aws:s3:::bucket for bucket actions, object ARN arn:aws:s3:::bucket/prefix/* for object actions.',
        'Bucket ARN `arn:aws:s3:::bucket` for **bucket** actions, object ARN `arn:aws:s3:::bucket/prefix/*` for **object** actions.',
      ],
      ['arn:aws:s3:::my-bucket/*'],
    ),
    NotResource: strOrArr(['Every resource EXCEPT these. Risky with Allow.']),
    Condition: {
      type: 'object',
      ...d(
        'Conditions under which the statement applies: operator → { key: value }.',
        'Conditions under which the statement applies: `{ "<Operator>": { "<key>": value } }`. Operators: `StringEquals`, `StringLike`, `ArnLike`, `IpAddress`, `Bool`, `DateLessThan`, `NumericLessThan`, `Null`…, with optional `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix.',
      ),
      properties: condProps,
      patternProperties: {
        [`^(ForAnyValue:|ForAllValues:)?(${ops.join('|')})(IfExists)?$`]: condRef,
        '^(ForAnyValue:|ForAllValues:)?Null$': condRef,
      },
      // An unknown operator is reported by the policy rules, with the operator it is closest to.
      additionalProperties: condRef,
    },
  },
  // `dependencies` (not a top-level `not`) so the exclusions only ever apply to objects.
  dependencies: {
    NotPrincipal: { not: { required: ['Principal'] } },
    NotAction: { not: { required: ['Action'] } },
    NotResource: { not: { required: ['Resource'] } },
  },
  defaultSnippets: [
    {
      label: 'Allow read',
      body: {
        Sid: '${1:AllowRead}',
        Effect: 'Allow',
        Principal: { AWS: '${2:arn:aws:iam::123456789012:role/encoder}' },
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::${3:bucket}/*'],
      },
    },
  ],
};
write(
  's3-bucket-policy',
  schema(
    's3-bucket-policy',
    'AWS S3 bucket policy',
    [
      'Resource-based IAM policy attached to an S3 bucket.',
      'Resource-based IAM policy attached to an S3 bucket: `Version` `2012-10-17` and one or more `Statement`s of `Effect`, `Principal`, `Action`, `Resource`, `Condition`.',
    ],
    {
      type: 'object',
      required: ['Statement'],
      additionalProperties: false,
      properties: {
        Version: {
          type: 'string',
          enum: ['2012-10-17', '2008-10-17'],
          default: '2012-10-17',
          ...d('Policy language version. Always use 2012-10-17; 2008-10-17 lacks policy variables.'),
          markdownEnumDescriptions: ['Current version: supports policy variables like `${aws:username}`.', 'Old version: no policy variables. Avoid.'],
        },
        Id: { type: 'string', ...d('Optional identifier of the policy.'), examples: ['Policy1399574260984'] },
        Statement: {
          ...d('One statement or an array of statements.'),
          anyOf: [{ $ref: '#/definitions/Statement' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/Statement' } }],
        },
      },
      definitions: { Statement: statement, Principal: principal, ConditionBlock: condBlock },
      examples: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowEncoderRead',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::123456789012:role/encoder' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::my-bucket/*',
            },
          ],
        },
      ],
      defaultSnippets: [
        {
          label: 'Bucket policy',
          body: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: '${1:Stmt1}',
                Effect: 'Allow',
                Principal: { AWS: '${2:arn:aws:iam::123456789012:root}' },
                Action: ['s3:GetObject'],
                Resource: ['arn:aws:s3:::${3:bucket}/*'],
              },
            ],
          },
        },
      ],
    },
  ),
);

// IAM role trust policy (who may assume a role): the bucket-policy statement without resources.
const trustProps = Object.fromEntries(Object.entries(statement.properties).filter(([k]) => k !== 'Resource' && k !== 'NotResource'));
const bitmovinPrincipal = 'arn:aws:iam::630681592166:user/bitmovinCustomerS3Access';
const trustStatement = {
  ...statement,
  properties: {
    ...trustProps,
    Action: strOrArr(
      [
        'sts:AssumeRole for AWS principals (sts:AssumeRoleWithSAML / sts:AssumeRoleWithWebIdentity for federation), optionally sts:TagSession.',
        '`sts:AssumeRole` for AWS principals (`sts:AssumeRoleWithSAML` / `sts:AssumeRoleWithWebIdentity` for federation), optionally `sts:TagSession`.',
      ],
      ['sts:AssumeRole'],
    ),
  },
  dependencies: { NotPrincipal: statement.dependencies.NotPrincipal, NotAction: statement.dependencies.NotAction },
  defaultSnippets: [
    {
      label: 'Bitmovin assumes the role',
      body: {
        Sid: 'BitmovinAssumeRole',
        Effect: 'Allow',
        Principal: { AWS: bitmovinPrincipal },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': '${1:externalId}' } },
      },
    },
  ],
};
write(
  'iam-trust-policy',
  schema(
    'iam-trust-policy',
    'IAM role trust policy',
    [
      'Trust policy of an IAM role: who may assume it, e.g. Bitmovin for role-based S3 inputs and outputs.',
      "Trust policy of an IAM role: who may assume it (`Principal`, `sts:AssumeRole`), e.g. Bitmovin's `" +
        bitmovinPrincipal +
        '` with an `sts:ExternalId` condition for role-based S3 inputs and outputs. A trust policy has no `Resource`.',
    ],
    {
      type: 'object',
      required: ['Statement'],
      additionalProperties: false,
      properties: {
        Version: {
          type: 'string',
          enum: ['2012-10-17', '2008-10-17'],
          default: '2012-10-17',
          ...d('Policy language version. Always use 2012-10-17; 2008-10-17 lacks policy variables.'),
          markdownEnumDescriptions: ['Current version: supports policy variables like `${aws:username}`.', 'Old version: no policy variables. Avoid.'],
        },
        Id: { type: 'string', ...d('Optional identifier of the policy.') },
        Statement: {
          ...d('One statement or an array of statements.'),
          anyOf: [{ $ref: '#/definitions/Statement' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/Statement' } }],
        },
      },
      definitions: { Statement: trustStatement, Principal: principal, ConditionBlock: condBlock },
      examples: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'BitmovinAssumeRole',
              Effect: 'Allow',
              Principal: { AWS: bitmovinPrincipal },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': '7c9e6679-7425-40de-944b-e07fc1f90ae7' } },
            },
          ],
        },
      ],
    },
  ),
);

// S3 CORS: the API's { "CORSRules": [...] } (aws s3api put-bucket-cors) or the bare list of
// rules the S3 console's CORS editor uses.
const corsRule = obj(
  {
    ID: { type: 'string', maxLength: 255, ...d('Optional rule id, at most 255 characters.') },
    AllowedHeaders: {
      type: 'array',
      items: { type: 'string' },
      ...d(
        'Request headers allowed in preflight Access-Control-Request-Headers; "*" allows all. At most one "*" per entry.',
        'Request headers allowed in a preflight `Access-Control-Request-Headers`; `"*"` allows all, `"x-amz-*"` all Amazon headers. At most one `*` per entry.',
      ),
      examples: [['*']],
    },
    AllowedMethods: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', enum: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] },
      uniqueItems: true,
      ...d('HTTP methods the origin may use: GET, PUT, POST, DELETE, HEAD.'),
      examples: [['GET', 'HEAD']],
    },
    AllowedOrigins: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      ...d(
        'Origins allowed, e.g. https://player.example.com; at most one "*" wildcard each.',
        'Origins allowed, as browsers send them (`scheme://host[:port]`, no path), e.g. `https://player.example.com`; at most one `*` each, as in `https://*.example.com`, or `"*"` for any origin.',
      ),
      examples: [['*']],
    },
    ExposeHeaders: {
      type: 'array',
      items: { type: 'string' },
      ...d('Response headers readable by browser scripts, e.g. ETag, Content-Length, Content-Range. No wildcards.'),
      examples: [['ETag', 'Content-Length', 'Content-Range']],
    },
    MaxAgeSeconds: { type: 'integer', minimum: 0, default: 3000, ...d('How long browsers may cache the preflight response, in seconds.') },
  },
  ['AllowedMethods', 'AllowedOrigins'],
);
const corsRules = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  ...d('Up to 100 CORS rules; the first matching rule applies.'),
  items: { $ref: '#/definitions/CORSRule' },
};
const playbackRule = {
  AllowedHeaders: ['*'],
  AllowedMethods: ['GET', 'HEAD'],
  AllowedOrigins: ['*'],
  ExposeHeaders: ['ETag', 'Content-Length', 'Content-Range'],
  MaxAgeSeconds: 3000,
};
write(
  's3-cors',
  schema(
    's3-cors',
    'S3 CORS configuration',
    [
      'CORS configuration of an S3 bucket: { "CORSRules": [...] } as aws s3api put-bucket-cors takes it, or the bare list of rules of the S3 console.',
      'CORS configuration of an S3 bucket: `{ "CORSRules": [...] }` as `aws s3api put-bucket-cors --cors-configuration` takes it, or the bare list of rules the S3 console shows. Players need `GET`/`HEAD` from their origin and exposed `ETag`, `Content-Length`, `Content-Range`.',
    ],
    {
      anyOf: [
        {
          type: 'object',
          properties: { $schema: { ...schemaProp, examples: [`${BASE}s3-cors.schema.json`] }, CORSRules: corsRules },
          required: ['CORSRules'],
          additionalProperties: false,
        },
        { ...corsRules, ...d('The S3 console form: the list of CORS rules alone.') },
      ],
      definitions: { CORSRule: corsRule },
      examples: [{ CORSRules: [playbackRule] }, [playbackRule]],
    },
  ),
);

// The registry schema and the settings come from the TypeScript the extension validates and reads
// them with (src/core/manifest.ts), compiled in memory, so there is one source for each.
async function loadManifest() {
  const { outputFiles } = await esbuild.build({
    entryPoints: [`${ROOT}src/core/manifest.ts`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}
const manifest = await loadManifest();
writeFileSync(`${ROOT}${manifest.REGISTRY_SCHEMA_FILE}`, manifest.registrySchemaText());
// Read just before writing: only the configuration is replaced, whatever else changed meanwhile stays.
const pkgPath = `${ROOT}package.json`;
const pkgText = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);
pkg.contributes.configuration = manifest.configurationContribution();
const newPkgText = `${JSON.stringify(pkg, null, 2)}\n`;
if (newPkgText !== pkgText) writeFileSync(pkgPath, newPkgText);
// The configuration's English text, which package.json references as %key%; the hand-written
// entries of package.nls.json (commands, views, …) are kept.
const nlsPath = `${ROOT}${manifest.PACKAGE_NLS_FILE}`;
const nlsText = readFileSync(nlsPath, 'utf8');
const newNlsText = manifest.packageNlsText(JSON.parse(nlsText));
if (newNlsText !== nlsText) writeFileSync(nlsPath, newNlsText);
console.log(
  `schemas written to ${OUT}; package.json configuration ${newPkgText === pkgText ? 'unchanged' : 'updated'}; ${manifest.PACKAGE_NLS_FILE} ${newNlsText === nlsText ? 'unchanged' : 'updated'}`,
);
