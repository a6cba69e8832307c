// Writes schemas/*.schema.json (and their editor copies in schemas/editor/), package.json's `contributes.configuration` and its English text in
// package.nls.json (the committed artifacts). Shared fragments (regions, ACLs, credentials) are copied into each self-contained
// schema because VS Code's JSON service does not reliably resolve cross-file $refs of contributed
// schemas; generating keeps the copies identical.
// Run: npm run gen-schemas   (then: npx mocha out/test/unit/validation/*.test.js out/test/unit/settings.test.js)
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}schemas/`;
const EDITOR_OUT = `${OUT}editor/`;
const BASE = 'https://media-storage-workbench.dev/schemas/';
const d = (text, md) => ({ description: text, markdownDescription: md ?? text });
const { editorSchema } = await loadTs('src/core/validation/editorSchema.ts');

// Bitmovin inputs and outputs: field for field Bitmovin's models (S3Input, S3Output, GenericS3Input,
// GenericS3Output, S3RoleBasedInput, S3RoleBasedOutput and what they inherit from Input/Output,
// BitmovinResource and BitmovinResponse) in the generated SDKs. test/fixtures/vendor-models/
// lists the same fields with their source, and test/unit/validation/vendorModels.test.ts holds the
// two together.
const BITMOVIN_SDK = 'Bitmovin API SDK v1.274.0';
const BITMOVIN_CHECKED = '2026-11-29';
const bitmovinSource = (model, goFile) =>
  `Fields, types, enums, required list and defaults: Bitmovin's ${model} model, ${BITMOVIN_SDK} (bitmovin/bitmovin-api-sdk-go model/${goFile}.go, bitmovin/bitmovin-api-sdk-javascript src/models/${model}.ts), checked ${BITMOVIN_CHECKED}.`;

const region = {
  title: 'AwsCloudRegion',
  ...d(
    'AWS region of the bucket, in Bitmovin naming (US_EAST_1 = us-east-1). Bitmovin uses it to pick encoding infrastructure near the bucket.',
    'AWS region of the bucket, in **Bitmovin naming**: `US_EAST_1` is `us-east-1`, `EU_WEST_1` is `eu-west-1`. Bitmovin uses it to pick encoding infrastructure near the bucket.',
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
    'EU_NORTH_1',
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
    'eu-north-1 (Stockholm)',
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
    'Access key ID of the IAM user that Bitmovin uses. Write-only: Bitmovin never returns it. Prefer keeping keys out of workspace files.',
    'Access key ID of the IAM user Bitmovin uses (`AKIA…`). Write-only: the API never returns it. **Keep real keys out of workspace files**: use a placeholder such as `<AWS_ACCESS_KEY>`.',
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
  customData: {
    title: 'Custom data',
    ...d('User-specific meta data. Can hold anything; Bitmovin stores it verbatim and does not return it in lists.'),
    type: 'object',
  },
  // Read-only fields are accepted, so that a resource copied from a GET response validates; the
  // API ignores them on create.
  id: { ...d('Id of the resource, assigned by Bitmovin (present in GET responses; ignored on create).'), type: 'string', readOnly: true },
  createdAt: {
    ...d('Creation timestamp in UTC (YYYY-MM-DDThh:mm:ssZ), assigned by Bitmovin (ignored on create).'),
    type: 'string',
    format: 'date-time',
    readOnly: true,
  },
  modifiedAt: {
    ...d('Modification timestamp in UTC (YYYY-MM-DDThh:mm:ssZ), assigned by Bitmovin (ignored on create).'),
    type: 'string',
    format: 'date-time',
    readOnly: true,
  },
};
const typeOf = (value) => ({
  ...d(
    `Type discriminator; the SDKs send "${value}". The endpoint already implies it, so it may be left out.`,
    `Type discriminator; the SDKs send \`"${value}"\`. The endpoint already implies it, so it may be left out.`,
  ),
  type: 'string',
  enum: [value],
});
const acl = {
  title: 'ACL entries (deprecated)',
  ...d(
    'Deprecated: Bitmovin\'s model says this property "does not have any effect and will not be returned by GET endpoints", so Bitmovin ignores it. Set the ACL on each muxing/manifest output (EncodingOutput.acl) instead.',
    '**Deprecated.** Bitmovin\'s model: this property *"does not have any effect and will not be returned by GET endpoints"*, so Bitmovin ignores it. Set the ACL on each muxing/manifest output (`EncodingOutput.acl`) instead; use `PRIVATE` there when the bucket **blocks public access** or has **ACLs disabled**.',
  ),
  type: 'array',
  deprecated: true,
  items: {
    type: 'object',
    title: 'AclEntry',
    properties: {
      scope: {
        ...d('Deprecated: Bitmovin does not use the value; it can be anything or left out.'),
        type: 'string',
        deprecated: true,
        examples: ['*'],
      },
      permission: {
        title: 'AclPermission',
        ...d(
          'Canned ACL for written objects.',
          'Canned ACL for written objects. `PUBLIC_READ` needs a bucket with ACLs enabled and public access not blocked.',
        ),
        type: 'string',
        enum: ['PUBLIC_READ', 'PRIVATE'],
        markdownEnumDescriptions: [
          'Anyone can read the objects (x-amz-acl: public-read). Fails if the bucket blocks public ACLs.',
          'Only the bucket owner can read (x-amz-acl: private).',
        ],
      },
    },
    required: ['permission'],
    additionalProperties: false,
    defaultSnippets: [{ label: 'PRIVATE', body: { permission: 'PRIVATE' } }],
  },
  examples: [[{ permission: 'PRIVATE' }]],
};
const md5MetaTag = {
  ...d(
    'If set, the MD5 hash of each file is stored in the user metadata tag x-amz-meta-<md5MetaTag>.',
    'If set, the MD5 of each written file is stored as user metadata `x-amz-meta-<md5MetaTag>`.',
  ),
  type: 'string',
  examples: ['md5'],
};
const signatureVersion = (note) => ({
  title: 'S3SignatureVersion',
  ...d(`Signature version for requests to the S3 service${note}.`),
  type: 'string',
  enum: ['S3_V2', 'S3_V4'],
  default: 'S3_V4',
  markdownEnumDescriptions: ['Legacy AWS Signature Version 2.', 'AWS Signature Version 4 (required by most regions and S3-compatible stores).'],
});
const storageClass = {
  title: 'S3StorageClass',
  ...d('Storage class of the written objects; pick by performance, access pattern, resiliency and cost.'),
  type: 'string',
  enum: ['GLACIER_IR', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'REDUCED_REDUNDANCY', 'STANDARD', 'STANDARD_IA'],
  default: 'STANDARD',
};
const roleArn = (io) => ({
  ...d(
    `ARN of the IAM role Bitmovin assumes to ${io === 'input' ? 'read from' : 'write to'} the bucket. Its trust policy must allow Bitmovin's user arn:aws:iam::630681592166:user/bitmovinCustomerS3Access to call sts:AssumeRole, with an sts:ExternalId condition.`,
    `ARN of the IAM role Bitmovin assumes to ${io === 'input' ? 'read from' : 'write to'} the bucket, e.g. \`arn:aws:iam::123456789012:role/bitmovin-s3\`. Its trust policy must allow Bitmovin's user \`arn:aws:iam::630681592166:user/bitmovinCustomerS3Access\` to call \`sts:AssumeRole\`, with a \`StringEquals\` condition on \`sts:ExternalId\`.`,
  ),
  type: 'string',
  pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
  examples: ['arn:aws:iam::123456789012:role/bitmovin-s3-access'],
});
const externalId = {
  ...d(
    'External ID that Bitmovin passes when it assumes roleArn; the role trust policy must require it (sts:ExternalId condition). With externalIdMode GLOBAL or GENERATED the API provides it.',
    'External ID Bitmovin passes when it assumes `roleArn`; the role trust policy must require it (`sts:ExternalId` condition). It keeps anyone else who knows the role ARN from having Bitmovin use your role (the *confused deputy* problem). With `externalIdMode` `GLOBAL` or `GENERATED` the API provides it in its response.',
  ),
  type: 'string',
  examples: ['fe8e171b-1953-452c-a3b5-b098c534d71c'],
};
const externalIdMode = {
  title: 'ExternalIdMode',
  ...d(
    'Where the external ID comes from: CUSTOM (externalId as given, if any), GLOBAL (one per organisation, returned by the API) or GENERATED (random, returned by the API).',
  ),
  type: 'string',
  enum: ['CUSTOM', 'GLOBAL', 'GENERATED'],
  default: 'CUSTOM',
  markdownEnumDescriptions: [
    'Use `externalId` as given; without one, no external ID is used. AWS recommends against customer-chosen IDs.',
    'The response includes an `externalId` unique and consistent for your organisation.',
    'The response includes a random `externalId` for this resource.',
  ],
};

const schemaProp = { type: 'string', ...d('JSON schema of this file; lets the editor validate it whatever its name.'), examples: [] };
function schema(name, title, desc, body) {
  if (body.properties) body.properties = { $schema: { ...schemaProp, examples: [`${BASE}${name}.schema.json`] }, ...body.properties };
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: `${BASE}${name}.schema.json`, title, ...d(desc[0], desc[1]), ...body };
}
function obj(props, required, extra = {}) {
  return { type: 'object', properties: props, required, additionalProperties: false, ...extra };
}
// Each schema twice: as is (the extension's checks, the $id), and the editor's copy for VS Code's
// JSON service (see src/core/validation/editorSchema.ts).
mkdirSync(EDITOR_OUT, { recursive: true });
const write = (name, s) => {
  writeFileSync(`${OUT}${name}.schema.json`, JSON.stringify(s, null, 2) + '\n');
  writeFileSync(`${EDITOR_OUT}${name}.schema.json`, JSON.stringify(editorSchema(s), null, 2) + '\n');
};
const resource = (discriminator, out) => ({
  name: common.name,
  description: common.description,
  customData: common.customData,
  type: typeOf(discriminator),
  ...(out ? { acl } : {}),
});
const readOnly = { id: common.id, createdAt: common.createdAt, modifiedAt: common.modifiedAt };

for (const io of ['input', 'output']) {
  const out = io === 'output';
  const Io = out ? 'Output' : 'Input';
  write(
    `bitmovin-s3-${io}`,
    schema(
      `bitmovin-s3-${io}`,
      `Bitmovin S3 ${io}`,
      [
        `Body of POST /encoding/${io}s/s3: an AWS S3 bucket Bitmovin ${out ? 'writes encoded files to' : 'reads sources from'}, using an access key pair. ${bitmovinSource(`S3${Io}`, `s3_${io}`)}`,
        `Body of \`POST /encoding/${io}s/s3\`: an AWS S3 bucket that Bitmovin ${out ? 'writes encoded files to' : 'reads sources from'} with an IAM user's access key pair. Required: \`bucketName\`, \`accessKey\`, \`secretKey\`.\n\n${bitmovinSource(`S3${Io}`, `s3_${io}`)}`,
      ],
      obj(
        {
          ...resource('S3', out),
          bucketName,
          accessKey,
          secretKey,
          ...(out
            ? {
                md5MetaTag,
                cloudRegion: region,
                signatureVersion: signatureVersion(
                  '. Must be S3_V2 if the region supports both V2 and V4 but the bucket allows V2 only (https://docs.aws.amazon.com/general/latest/gr/rande.html#s3_region)',
                ),
                storageClass,
              }
            : { cloudRegion: region }),
          ...readOnly,
        },
        ['bucketName', 'accessKey', 'secretKey'],
        {
          examples: [
            {
              name: `My S3 ${io}`,
              bucketName: 'my-bitmovin-bucket',
              accessKey: '<AWS_ACCESS_KEY>',
              secretKey: '<AWS_SECRET_KEY>',
              cloudRegion: 'EU_WEST_1',
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
        `Body of POST /encoding/${io}s/generic-s3: an S3-compatible store (MinIO, Ceph, Wasabi, R2, …) reached at host:port. ${bitmovinSource(`GenericS3${Io}`, `generic_s3_${io}`)}`,
        `Body of \`POST /encoding/${io}s/generic-s3\`: any **S3-compatible** store (MinIO, Ceph, Wasabi, R2, DigitalOcean Spaces…) reached at \`host\`:\`port\`. Required: \`bucketName\`, \`host\`, \`accessKey\`, \`secretKey\`; set \`port\` too, since the API uses **8000** when it is omitted.\n\n${bitmovinSource(`GenericS3${Io}`, `generic_s3_${io}`)}`,
      ],
      obj(
        {
          ...resource('GENERIC_S3', out),
          bucketName: { ...bucketName, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', minLength: 1 },
          host: {
            ...d(
              'Host name or IP address of the S3-compatible service, without scheme, port or path.',
              'Host name or IP address of the S3-compatible service, **without** scheme, port or path: `s3.eu-central-1.wasabisys.com`, not `https://…`.',
            ),
            type: 'string',
            minLength: 1,
            pattern: '^[^/:\\s]+$',
            examples: ['minio.example.com'],
          },
          port: {
            ...d(
              'Port of the service. When omitted the API uses 8000, not the HTTPS or HTTP default.',
              'Port of the service. **When omitted the API uses `8000`**, not 443 or 80: set it (e.g. `443` with `ssl: true`).',
            ),
            type: 'integer',
            minimum: 1,
            maximum: 65535,
            default: 8000,
            examples: [443, 9000],
          },
          ssl: { ...d('Whether HTTPS is used to reach the service.'), type: 'boolean', examples: [true] },
          signingRegion: {
            ...d('Region name used to sign requests (SigV4), e.g. us-east-1; whatever region the service expects.'),
            type: 'string',
            examples: ['eu-west-1'],
          },
          signatureVersion: signatureVersion(''),
          accessKey,
          secretKey,
          accessStyle: {
            title: 'S3AccessStyle',
            ...d('Whether buckets are addressed path-style or virtual-hosted-style.'),
            type: 'string',
            enum: ['VIRTUAL_HOSTED', 'PATH'],
            markdownEnumDescriptions: [
              'Virtual-hosted style: `bucket-name.s3.example.com`',
              'Path style: `s3.example.com/bucket-name` (MinIO and most self-hosted stores need this)',
            ],
          },
          ...readOnly,
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
              signingRegion: 'us-east-1',
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
        `Body of POST /encoding/${io}s/s3-role-based: Bitmovin assumes an IAM role in your account instead of using access keys. ${bitmovinSource(`S3RoleBased${Io}`, `s3_role_based_${io}`)}`,
        `Body of \`POST /encoding/${io}s/s3-role-based\`: Bitmovin **assumes an IAM role** in your account (no keys). The role's trust policy must allow Bitmovin's user, with an \`sts:ExternalId\` condition (set \`externalIdMode\` to \`GENERATED\` or \`GLOBAL\` to get one). Required: \`bucketName\`, \`roleArn\`.\n\n${bitmovinSource(`S3RoleBased${Io}`, `s3_role_based_${io}`)}`,
      ],
      obj(
        {
          ...resource('S3_ROLE_BASED', out),
          bucketName,
          roleArn: roleArn(io),
          externalId,
          externalIdMode,
          ...(out ? { md5MetaTag } : {}),
          cloudRegion: region,
          ...(out ? { signatureVersion: signatureVersion('') } : {}),
          ...readOnly,
        },
        ['bucketName', 'roleArn'],
        {
          examples: [
            {
              bucketName: 'my-bitmovin-bucket',
              roleArn: 'arn:aws:iam::123456789012:role/bitmovin-s3-access',
              externalIdMode: 'GENERATED',
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

// Dolby.io Media APIs job (seed 001: docs.dolby.io "Processing media in AWS S3")
const DOLBY_SOURCE =
  'Fields: Dolby.io Media APIs guide "Processing media in AWS Simple Storage Service (S3)" (docs.dolby.io/media-apis), input/output as a URL or {url, auth}; checked 2026-11-29.';
const dolbyLoc = (io) => ({
  ...d(
    io === 'input'
      ? 'Where the Media API reads media: a public https URL, an s3:// URL, a dlb:// URL, a presigned GET URL, or {url, auth}.'
      : 'Where the Media API writes media: an s3:// URL, a dlb:// URL, a presigned PUT URL, or {url, auth}.',
    io === 'input'
      ? 'Where the Media API **reads** media: a public `https://` URL, `s3://bucket/key`, `dlb://…` (Dolby temporary storage), a **presigned GET** URL, or `{ "url", "auth" }`.'
      : 'Where the Media API **writes** media: `s3://bucket/key`, `dlb://…`, a **presigned PUT** URL (allow enough expiry for queueing + processing), or `{ "url", "auth" }`.',
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
          ...d('Access credentials for url, e.g. temporary credentials of an IAM role limited to this object.'),
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
      `Request body of a Dolby.io Media API job (enhance, transcode, analyze…): input and output locations; the job's other parameters depend on the API and are not checked. ${DOLBY_SOURCE}`,
      `Request body of a Dolby.io **Media API** job: \`input\` and \`output\` locations. Each is a string URL or \`{ url, auth: { key, secret, token? } }\`. A presigned input must be signed for **GET**, a presigned output for **PUT**. The job's other parameters depend on the API and are not checked.\n\n${DOLBY_SOURCE}`,
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
const IMPOSSIBLE_SOURCE =
  'Fields, types, defaults and values: the "Amazon S3" destination table of Impossible Software\'s API documentation (© 2017); checked 2026-11-29.';
write(
  'impossible-destination',
  schema(
    'impossible-destination',
    'Impossible Software S3 upload destination',
    [
      `upload.destination of an Impossible Software render request: upload the result to an Amazon S3 bucket. ${IMPOSSIBLE_SOURCE}`,
      `\`upload.destination\` of an Impossible Software render request. Authenticate with \`aws_access_key_id\`/\`aws_secret_access_key\`, **or** set \`aws_use_policy\` and grant canonical user \`1ea9f667…0216\` \`s3:PutObject\` + \`s3:PutObjectAcl\` in the bucket policy. **The default \`acl\` is \`public-read\`.**\n\n${IMPOSSIBLE_SOURCE}`,
    ],
    obj(
      {
        type: { type: 'string', enum: ['s3'], ...d('Destination type; "s3" for Amazon S3.'), default: 's3' },
        bucket: { type: 'string', minLength: 1, ...d('Name of the destination bucket.'), examples: ['mybucket'] },
        filename: { type: 'string', minLength: 1, ...d('Filename (object key) for the destination object.'), examples: ['myvideos/my-movie-123.mp4'] },
        aws_access_key_id: {
          type: 'string',
          ...d('AWS access key ID (with aws_secret_access_key, unless aws_use_policy is set).'),
          examples: ['<AWS_ACCESS_KEY_ID>'],
        },
        aws_secret_access_key: { type: 'string', ...d('AWS secret access key. Keep real keys out of workspace files.'), examples: ['<AWS_SECRET_ACCESS_KEY>'] },
        aws_use_policy: {
          type: 'boolean',
          default: false,
          ...d(
            "Use the bucket policy instead of access key/secret: the policy must grant Impossible Software's canonical user 1ea9f667f8ec65aa76ca17cbacfda01ba70493b59f7124a810823def30e10216 the upload.",
          ),
        },
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
            'Canned ACL for the destination object. The default is public-read: anyone can read the object.',
            'Canned ACL for the destination object. **The default is `public-read`**: anyone can read the object. Set `private` unless it is meant to be public, and always if the bucket blocks public access.',
          ),
          markdownEnumDescriptions: [
            'Only the bucket owner can read the object.',
            'Anyone on the internet can read the object (the default).',
            'Anyone can read the object; the write grant has no effect on an object (S3 applies WRITE to buckets only).',
            'Any AWS account can read the object with signed requests.',
          ],
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
            body: {
              type: 's3',
              bucket: '${1:mybucket}',
              filename: '${2:videos/out.mp4}',
              contenttype: '${3:video/mp4}',
              acl: '${4:private}',
              aws_use_policy: true,
            },
          },
        ],
      },
    ),
  ),
);

// Qencode S3 destination (seed 004 and Qencode's transcoding API reference)
const QENCODE_SOURCE =
  'Fields: Qencode Transcoding API reference, start_encode2 query.format[].destination (docs.qencode.com/api-reference/transcoding; as indexed in Qencode-Corp/qencode-skills assets/schema-index.json) and the tutorial "Saving to Generic S3 Storage"; checked 2026-11-29.';
const QENCODE_S3_URL = '^s3://[^/]+\\.s3\\.qencode\\.com(:\\d+)?/';
const qdest = obj(
  {
    $schema: { ...schemaProp, examples: [`${BASE}qencode-destination.schema.json`] },
    url: {
      type: 'string',
      pattern: '^s3://[^/\\s]+/[^/\\s]+',
      ...d(
        's3://endpoint[:port]/bucket/path. For HLS/DASH and thumbnails give a folder path; for single files the path with file name.',
        '`s3://endpoint[:port]/bucket/path`, e.g. `s3://us-west.s3.qencode.com/my-bucket/folder/output.mp4`. For HLS/DASH and thumbnails outputs give a **folder**.',
      ),
      examples: ['s3://us-west.s3.qencode.com/my-bucket/folder/output.mp4'],
    },
    key: {
      type: 'string',
      ...d('Access key for the S3-compatible service. Required except for Qencode S3 (*.s3.qencode.com), which authenticates through the project.'),
      examples: ['<ACCESS_KEY>'],
    },
    secret: {
      type: 'string',
      ...d('Secret key for the S3-compatible service; keep real keys out of workspace files. Required except for Qencode S3 (*.s3.qencode.com).'),
      examples: ['<SECRET_KEY>'],
    },
    permissions: {
      type: 'string',
      enum: ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'],
      default: 'private',
      ...d('Canned ACL for written objects (the AWS object ACLs); "public-read" makes them readable by URL.'),
    },
    storage_class: {
      type: 'string',
      enum: ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'],
      default: 'STANDARD',
      ...d('AWS S3 storage class of written objects (AWS only).'),
    },
    cache_control: { type: 'string', ...d('Cache-Control metadata of written objects.'), examples: ['public, max-age=31536000, immutable'] },
    use_tls: {
      type: 'integer',
      enum: [0, 1],
      default: 1,
      ...d('1 = HTTPS (default); 0 = plain HTTP, for endpoints without TLS: keys, signatures and media then cross the network unencrypted.'),
    },
    is_passive: { type: 'integer', enum: [0, 1], ...d('FTP passive mode (FTP destinations only; no effect on s3:// URLs).') },
    tcp_port: { type: 'integer', minimum: 1, maximum: 65535, ...d('TCP port (FTP/SFTP/Aspera destinations only; for S3 put the port in url).') },
    udp_port: { type: 'integer', minimum: 1, maximum: 65535, ...d('UDP port (Aspera destinations only; no effect on s3:// URLs).') },
  },
  ['url'],
  {
    // Qencode's reference marks key and secret required; its own S3 storage needs neither.
    // Without a url (its own schema/required) nothing tells whether keys are needed.
    if: { properties: { url: { pattern: QENCODE_S3_URL } } },
    else: { required: ['key', 'secret'] },
  },
);
write(
  'qencode-destination',
  schema(
    'qencode-destination',
    'Qencode S3 destination',
    [
      `Qencode destination object (or array of them) for saving outputs to any S3-compatible storage. ${QENCODE_SOURCE}`,
      `Qencode \`destination\`: an object or an array of objects saving to any **S3-compatible** storage at \`s3://endpoint[:port]/bucket/path\`. \`key\` and \`secret\` are required except on Qencode S3 (\`*.s3.qencode.com\`).\n\n${QENCODE_SOURCE}`,
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
/** A policy document around `statementSchema`: bucket and trust policies share all but the statement. */
function policyDocument(statementSchema, idExamples) {
  return {
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
      Id: { type: 'string', ...d('Optional identifier of the policy.'), ...(idExamples ? { examples: idExamples } : {}) },
      Statement: {
        ...d('One statement or an array of statements.'),
        anyOf: [{ $ref: '#/definitions/Statement' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/Statement' } }],
      },
    },
    definitions: { Statement: statementSchema, Principal: principal, ConditionBlock: condBlock },
  };
}

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
      ...policyDocument(statement, ['Policy1399574260984']),
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
      ...policyDocument(trustStatement),
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

// The registry schema, the settings and the editor copies of the schemas come from the TypeScript
// the extension validates and reads them with (src/core/), compiled in memory, so there is one
// source for each.
async function loadTs(entry) {
  const { outputFiles } = await esbuild.build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // jsonc-parser's "main" is a UMD build whose require('./impl/...') calls esbuild cannot see.
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}
const manifest = await loadTs('src/core/manifest.ts');
writeFileSync(`${ROOT}${manifest.REGISTRY_SCHEMA_FILE}`, manifest.registrySchemaText());
// Read just before writing: only the configuration is replaced, whatever else changed meanwhile stays.
const pkgPath = `${ROOT}package.json`;
const pkgText = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);
pkg.contributes.configuration = manifest.configurationContribution();
// The payload kinds' entries point at the editor copies (src/core/validation/kinds.ts); other
// entries (the registry file's) are kept as they are.
const { jsonValidationEntries } = await loadTs('src/core/validation/kinds.ts');
const kindEntries = jsonValidationEntries();
const kindFiles = new Set(kindEntries.map((e) => e.url.split('/').pop()));
pkg.contributes.jsonValidation = [...pkg.contributes.jsonValidation.filter((e) => !kindFiles.has(e.url.split('/').pop())), ...kindEntries];
const newPkgText = `${JSON.stringify(pkg, null, 2)}\n`;
if (newPkgText !== pkgText) writeFileSync(pkgPath, newPkgText);
// The configuration's English text, which package.json references as %key%; the hand-written
// entries of package.nls.json (commands, views, …) are kept.
const nlsPath = `${ROOT}${manifest.PACKAGE_NLS_FILE}`;
const nlsText = readFileSync(nlsPath, 'utf8');
const newNlsText = manifest.packageNlsText(JSON.parse(nlsText));
if (newNlsText !== nlsText) writeFileSync(nlsPath, newNlsText);
console.log(
  `schemas written to ${OUT} (editor copies in ${EDITOR_OUT}); package.json configuration and jsonValidation ${newPkgText === pkgText ? 'unchanged' : 'updated'}; ${manifest.PACKAGE_NLS_FILE} ${newNlsText === nlsText ? 'unchanged' : 'updated'}`,
);
