/**
 * Meaning and remedy of every S3 error code on AWS's error-responses page (the main list, the
 * replication, tagging and S3 Select lists), written for the situations of this extension: many
 * endpoints, S3-compatible stores, presigned uploads, encoder outputs. `description` is AWS's own
 * text and `status` AWS's HTTP status (test/fixtures/errors/s3-error-codes.json holds the list the
 * tests compare them with); `meaning` and `remedy` are ours.
 */
import { formatDuration } from '../format';
import { accessKeyIdProviders, type KeyProvider } from '../secrets';
import { SETTINGS, SETTINGS_SECTION } from '../settings';
import { SELECT_CODE_ROWS, SELECT_FAMILIES } from './s3SelectCodes';
import { COMMAND_TITLES } from './types';

export interface S3Context {
  /** The bucket's real region, when the response reveals it. */
  region?: string | undefined;
  bucket?: string | undefined;
  key?: string | undefined;
  endpoint?: string | undefined;
  /** The failed request was a presigned URL (X-Amz-Credential in the query). */
  presigned?: boolean;
  /** HTTP method of the failed request, when known (from the canonical request). */
  method?: string;
  /** Content-Type the client sent, when the signature covers it (read from the canonical request). */
  sentContentType?: string;
  /** Lifetime of the presigned URL in seconds (X-Amz-Expires). */
  expiresSeconds?: number;
  /** Server time reported in a RequestTimeTooSkewed / expired body. */
  serverTime?: string | undefined;
  requestTime?: string | undefined;
  /** The server's <Message>: codes that cover many causes (InvalidRequest, InvalidArgument) name the one in it. */
  message?: string | undefined;
  /** Every element of the body (or field of the SDK error) by name: ArgumentName, UploadId, AWSAccessKeyId… */
  fields?: ReadonlyMap<string, string>;
  /** Request time minus server time in seconds: positive when the signing clock is ahead. */
  skewSeconds?: number;
  /** The skew S3 accepts, in seconds (MaxAllowedSkewMilliseconds). */
  maxSkewSeconds?: number;
  /** How long before the server received the request the presigned URL had expired, in seconds. */
  expiredAgoSeconds?: number;
}

/** The lists of AWS's error-responses page. */
export type S3CodeList = 'S3' | 'Replication' | 'Tagging' | 'SelectObjectContent';

export interface S3CodeInfo {
  code: string;
  title: string;
  meaning: string;
  remedy: (ctx: S3Context) => string[];
  /** The HTTP status AWS lists for the code; undefined where the list says N/A and for names only the SDK or this extension gives. */
  status?: number | undefined;
  /** AWS's description of the code, from the first list in `lists`. */
  description?: string | undefined;
  /** The lists of AWS's page that name the code; undefined for NotFound, Forbidden (the SDK's names for bodiless answers) and RequestExpired (ours). */
  lists?: readonly S3CodeList[] | undefined;
}

const CHECK = `Run "${COMMAND_TITLES.checkAccess}" on this bucket to see which operations the key may perform.`;
const POLICY = `Run "${COMMAND_TITLES.generateBucketPolicy}" to produce a policy that grants the missing actions.`;
const ADDRESSING = 'Check the addressing style: S3-compatible stores often need path-style addressing (forcePathStyle).';
const RETRY = `Retry after a short wait; the extension retries with backoff on its own (raise ${SETTINGS_SECTION}.${SETTINGS.maxAttempts.key} if it keeps happening).`;
const SUPPORT = 'Contact AWS Support with the request id and host id shown above.';
const PART_SIZE = `${SETTINGS_SECTION}.${SETTINGS.partSizeMiB.key}`;
const SIGV4 =
  'Sign with Signature Version 4 (AWS4-HMAC-SHA256): set the encoder or tool to SigV4 (often called "v4 signature" or signature_version s3v4); Regions opened since 2014 and SSE-KMS objects refuse Signature Version 2.';
const CHECKSUMS =
  'AWS SDKs and the AWS CLI released since January 2025 add a CRC32 checksum (x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm) to every upload, which older S3-compatible stores refuse: set the request checksum calculation to WHEN_REQUIRED (AWS_REQUEST_CHECKSUM_CALCULATION=when_required) or update the store.';
const CHUNKED =
  "Tools that stream their output with Transfer-Encoding: chunked (ffmpeg's HTTP output by default, curl -T - from a pipe) send no Content-Length, which a plain S3 PUT requires: write the file first and upload it, or use multipart upload.";
const WHOLE_FILES =
  'Upload only finished files: a segment or manifest the encoder is still writing changes size and content while it is sent (wait for the encoder to close it, or upload from its completed-output hook).';
const PROXY =
  'A proxy, CDN or load balancer in front of the store that rewrites the Host header or the path (decoding %2F, merging //) or adds headers makes every signature fail. Point the connection at the store itself, or make the proxy pass requests unchanged.';
const OBJECT_LAMBDA =
  'This comes from an S3 Object Lambda Access Point: look at the CloudWatch logs of its Lambda function, which must call WriteGetObjectResponse once with the whole body.';
const SOAP = 'SOAP is deprecated: use the REST API (every AWS SDK and S3 tool does).';
const QUOTA = (what: string): string =>
  `Delete ${what} that are no longer used, or ask for a higher quota in the AWS Service Quotas console; for media, one bucket with a key prefix per customer or show scales further than a bucket each.`;
const MRAP = 'This concerns Multi-Region Access Points (an AWS feature managed through s3-control).';
const KMS =
  'For SSE-KMS the key must be a symmetric KMS key in the same Region as the bucket, enabled, and usable by the caller (kms:GenerateDataKey to write, kms:Decrypt to read).';

function useRegion(ctx: S3Context): string {
  return ctx.region
    ? `Set the connection's region to '${ctx.region}' (the bucket's region, as S3 reported it).`
    : "Set the connection's region to the bucket's region (S3 reports it in the x-amz-bucket-region header).";
}

function field(ctx: S3Context, name: string): string | undefined {
  const v = ctx.fields?.get(name)?.trim();
  return v ? v : undefined;
}

// S3's own limits are 5 GiB for a PUT or a part and 5 MiB for a part; any other limit was set by a
// presigned POST's policy or by the store.
function isOtherLimit(limit: string | undefined, s3Limit: string): boolean {
  return limit !== undefined && limit !== s3Limit;
}

const PROVIDER_NAMES: Record<KeyProvider, string> = {
  aws: 'AWS',
  r2: 'Cloudflare R2',
  wasabi: 'Wasabi',
  spaces: 'DigitalOcean Spaces',
  gcs: 'Google Cloud Storage (HMAC)',
};

/** What the shape of the access key id S3 echoed says, without repeating the id (the block redacts it). */
function keyIdHint(ctx: S3Context): string[] {
  const id = field(ctx, 'AWSAccessKeyId');
  if (!id) return [];
  const providers = accessKeyIdProviders(id);
  const out: string[] = [];
  if (providers.length > 0) {
    out.push(
      `The access key id the server received has the format of ${providers.map((p) => PROVIDER_NAMES[p]).join(' or ')} keys: check that the connection's endpoint is that provider's.`,
    );
  }
  if (/^ASIA/.test(id)) {
    out.push('It is a temporary (ASIA…) key id: it works only with its session token, and only until the session ends.');
  }
  return out;
}

// Codes that cover many causes: the message names the one that applied, and these are the ones
// a media upload runs into.
const INVALID_REQUEST_CAUSES: Array<[RegExp, string]> = [
  [/AWS4-HMAC-SHA256|signature version|Signature Version 4/i, SIGV4],
  [
    /Content-MD5|x-amz-checksum|Object Lock/i,
    'Uploads into a bucket with Object Lock need a Content-MD5 or x-amz-checksum-* header: enable checksums on the client (the AWS SDKs add one when asked to, e.g. ChecksumAlgorithm CRC32).',
  ],
  [
    /copy source is larger|larger than 5\s?GB|maximum allowable size for a copy/i,
    "Copy objects over 5 GiB with a multipart copy (UploadPartCopy), which the AWS CLI (aws s3 cp) and the SDKs' managed copy do.",
  ],
  [
    /copy an object to itself/i,
    'Copying an object onto itself needs a change: send MetadataDirective REPLACE with the new metadata, or change the storage class or encryption.',
  ],
  [/Transfer Acceleration/i, 'Turn off the accelerate endpoint in the client, or enable Transfer Acceleration on the bucket (its name must have no dots).'],
  [
    /encryption parameters are not applicable|customer-provided encryption|SSE-C|server side encryption/i,
    'Send the SSE-C headers only for objects stored with SSE-C, and the same key they were written with.',
  ],
  [/Conflicting values/i, 'A value is given twice, in a header and in the query string or a POST form field, with different contents: send it once.'],
  [/HTTPS|secure transport/i, 'Use an https:// endpoint for this request.'],
];

function invalidRequestRemedy(ctx: S3Context): string[] {
  const message = ctx.message ?? '';
  const out = INVALID_REQUEST_CAUSES.filter(([re]) => re.test(message)).map(([, text]) => text);
  if (out.length === 0) {
    out.push(
      'S3 refuses invalid requests for some twenty reasons and the message above names the one that applied; for uploads the usual ones are Signature Version 2 where only Signature Version 4 is accepted, a missing checksum on an Object Lock bucket, and CopyObject of more than 5 GiB.',
    );
  }
  out.push("Compare the request with the operation's page in the S3 API reference; an S3-compatible store may refuse options that AWS accepts.");
  return out;
}

// The arguments S3 names most often in InvalidArgument, and what fixes them.
const INVALID_ARGUMENT_FIXES: Array<[RegExp, string]> = [
  [
    /storage-?class/i,
    'Use a storage class the store has: STANDARD everywhere; STANDARD_IA, INTELLIGENT_TIERING, GLACIER and the like on AWS only. Leave the storage class out for an S3-compatible store.',
  ],
  [
    /^x-amz-acl$|^x-amz-grant|acl/i,
    'Use a canned ACL the store supports (private, public-read…), or none: buckets with ACLs disabled (Object Ownership "bucket owner enforced") accept only bucket-owner-full-control or no ACL.',
  ],
  [
    /server-side-encryption-customer/i,
    'SSE-C needs the algorithm AES256, a 256-bit key in base64 and its MD5 in base64, all three headers together, over HTTPS.',
  ],
  [/server-side-encryption|kms/i, 'Use AES256 or aws:kms as x-amz-server-side-encryption; S3-compatible stores often support AES256 (or no header) only.'],
  [/^partNumber$/i, 'Part numbers run from 1 to 10,000.'],
  [/^uploadId$/i, 'Use the upload id exactly as CreateMultipartUpload returned it; a resumed upload must use the id it started with.'],
  [/checksum/i, CHECKSUMS],
  [
    /^Authorization$/i,
    'Send one kind of authentication: a presigned URL must go without an Authorization header (an HTTP client or encoder adding its own Bearer or Basic header breaks it), and a signed request needs an AWS Signature Version 4 Authorization header.',
  ],
  [/^x-amz-date$|^date$/i, 'Send X-Amz-Date as yyyyMMddTHHmmssZ in UTC (20240101T002000Z), or an HTTP date in Date.'],
  [/expected-bucket-owner/i, 'x-amz-expected-bucket-owner takes the 12-digit id of the AWS account that owns the bucket.'],
  [/^max-keys$|^max-uploads$|^max-parts$/i, 'Page sizes run from 1 to 1,000.'],
  [/^x-amz-meta-/i, 'User metadata values must be US-ASCII (or RFC 2047 encoded): move other text into the object, or encode it.'],
];

function invalidArgumentRemedy(ctx: S3Context): string[] {
  const name = field(ctx, 'ArgumentName');
  const out: string[] = [];
  if (name) {
    const value = field(ctx, 'ArgumentValue');
    out.push(`S3 refused the argument ${name}${value !== undefined ? ' with the value shown as ArgumentValue' : ''}.`);
    out.push(...INVALID_ARGUMENT_FIXES.filter(([re]) => re.test(name)).map(([, text]) => text));
  } else {
    out.push('The message names the argument S3 refused: an unknown header value, a missing required header, or a value of the wrong format.');
  }
  if (/bucket-region|ListBuckets/i.test(ctx.message ?? '')) out.push(useRegion(ctx));
  out.push(
    "S3-compatible stores refuse headers and values they lack (storage classes, checksums, ACLs): leave out what the provider's compatibility list does not name.",
  );
  return out;
}

const ENTRIES: S3CodeInfo[] = [
  {
    code: 'AccessDenied',
    title: 'Access denied',
    meaning: 'S3 refused the request: no policy grants this key the action, or a policy, Block Public Access or encryption key denies it.',
    remedy: () => [
      CHECK,
      POLICY,
      'If the request sets a public ACL (public-read) and the bucket blocks public access, use the PRIVATE ACL (Bitmovin output acl PRIVATE) instead.',
      'For SSE-KMS objects the key also needs kms:Decrypt / kms:GenerateDataKey on the KMS key.',
      'A bucket policy that admits only some networks (aws:SourceIp, aws:SourceVpce) denies an encoder working from elsewhere, whatever its key may do.',
      'Without s3:ListBucket S3 reports a missing key as AccessDenied, not NoSuchKey: check the key exists.',
    ],
    status: 403,
    description: 'Access Denied',
    lists: ['S3'],
  },
  {
    code: 'AccessControlListNotSupported',
    title: 'ACLs are disabled on this bucket',
    meaning: 'The request sets an ACL but the bucket has Object Ownership "bucket owner enforced", which disables ACLs.',
    remedy: () => [
      'Send no ACL, or set the Bitmovin output ACL to PRIVATE (on the output and on every muxing).',
      "Or enable ACLs in the bucket's Object Ownership setting if public-read objects are really wanted.",
    ],
    status: 400,
    description: 'The bucket does not allow ACLs.',
    lists: ['S3'],
  },
  {
    code: 'AllAccessDisabled',
    title: 'All access disabled',
    meaning: 'All access to this bucket or object has been disabled by the provider.',
    remedy: () => ['Contact the storage provider (AWS support) about the bucket.'],
    status: 403,
    description: 'All access to this Amazon S3 resource has been disabled. For further assistance, see Contact Us.',
    lists: ['S3'],
  },
  {
    code: 'NoSuchBucket',
    title: 'Bucket does not exist',
    meaning: 'No bucket with this name exists on this endpoint.',
    remedy: (ctx) => [
      `Check the bucket name${ctx.bucket ? ` ('${ctx.bucket}')` : ''} for typos; bucket names are lower case and have no 's3://' prefix.`,
      'Check the connection points at the right endpoint (AWS vs R2/Wasabi/Spaces/MinIO) and account.',
      CHECK,
    ],
    status: 404,
    description: 'The specified bucket does not exist.',
    lists: ['S3'],
  },
  {
    code: 'NoSuchKey',
    title: 'Object does not exist',
    meaning: 'The bucket exists but holds no object under this key.',
    remedy: (ctx) => [
      `Check the key${ctx.key ? ` ('${ctx.key}')` : ''}: keys are case-sensitive, have no leading slash and do not include the bucket name.`,
      'Without s3:ListBucket permission S3 reports a missing key as AccessDenied instead; with it, the key really is absent.',
    ],
    status: 404,
    description: 'The specified key does not exist.',
    lists: ['S3'],
  },
  {
    code: 'NotFound',
    title: 'Bucket or object not found',
    meaning: 'A HEAD request got 404. HEAD answers have no body, so S3 cannot say whether the bucket or the key is missing.',
    remedy: (ctx) => [`Check the bucket name${ctx.bucket ? ` ('${ctx.bucket}')` : ''} and the key: keys are case-sensitive and have no leading slash.`, CHECK],
  },
  {
    code: 'Forbidden',
    title: 'Access denied',
    meaning: 'A HEAD request got 403: no policy grants this key the action, or a policy or Block Public Access denies it (HEAD answers carry no detail).',
    remedy: () => [CHECK, POLICY],
  },
  {
    code: 'NoSuchUpload',
    title: 'Multipart upload does not exist',
    meaning: 'The multipart upload id is unknown: it was completed, aborted, or expired by a lifecycle rule.',
    remedy: (ctx) => [
      'Start the upload again.',
      `A lifecycle rule that aborts incomplete multipart uploads after some days, or "${COMMAND_TITLES.abortAllIncompleteUploads}" run meanwhile, removes uploads that are still to be resumed${field(ctx, 'UploadId') ? ' (the upload id is shown as UploadId)' : ''}.`,
    ],
    status: 404,
    description:
      'The specified multipart upload does not exist. The upload ID might not be valid, or the multipart upload might have been aborted or completed.',
    lists: ['S3'],
  },
  {
    code: 'InvalidAccessKeyId',
    title: 'Unknown access key',
    meaning: 'The access key id does not exist on this endpoint.',
    remedy: (ctx) => [
      'Check the access key id of the connection; it may have been deleted or rotated.',
      'Keys are per provider: an AWS key does not work on R2, Wasabi or Spaces, and vice versa — check the endpoint.',
      ...keyIdHint(ctx),
    ],
    status: 403,
    description: 'The AWS access key ID that you provided does not exist in our records.',
    lists: ['S3'],
  },
  {
    code: 'SignatureDoesNotMatch',
    title: 'Signature does not match',
    meaning: 'S3 computed a different request signature than the client sent.',
    remedy: (ctx) => signatureRemedy(ctx),
    status: 403,
    description:
      'The request signature that the server calculated does not match the signature that you provided. Check your AWS secret access key and signing method. For more information, see REST Authentication and SOAP Authentication.',
    lists: ['S3'],
  },
  {
    code: 'PermanentRedirect',
    title: 'Bucket is in another region',
    meaning: 'The bucket must be addressed using a different endpoint, usually because it lives in another region.',
    remedy: (ctx) => [useRegion(ctx), CHECK],
    status: 301,
    description: 'The bucket that you are attempting to access must be addressed using the specified endpoint. Send all future requests to this endpoint.',
    lists: ['S3'],
  },
  {
    code: 'TemporaryRedirect',
    title: 'Temporary redirect',
    meaning: 'The bucket was created recently and DNS has not caught up yet, or it is in another region.',
    remedy: (ctx) => [useRegion(ctx), 'Retry after a few minutes if the bucket is new.'],
    status: 307,
    description: 'You are being redirected to the bucket while the Domain Name System (DNS) server is being updated.',
    lists: ['S3'],
  },
  {
    code: 'AuthorizationHeaderMalformed',
    title: 'Wrong region in the signature',
    meaning: 'The request was signed for a different region than the bucket is in.',
    remedy: (ctx) => [
      useRegion(ctx),
      "For an S3-compatible store use the region it is configured with: MinIO answers to us-east-1 unless set otherwise, Ceph to the api_name of its zonegroup (often us-east-1 or default), Cloudflare R2 takes 'auto'.",
    ],
    status: 400,
    description: 'The authorization header that you provided is not valid.',
    lists: ['S3'],
  },
  {
    code: 'IllegalLocationConstraintException',
    title: 'Region does not match the endpoint',
    meaning: 'The bucket region in the request does not match the regional endpoint it was sent to.',
    remedy: (ctx) => [useRegion(ctx)],
    status: 400,
    description:
      'This error might occur for the following reasons: You are trying to access a bucket from a different Region than where the bucket exists. You attempt to create a bucket with a location constraint that corresponds to a different region than the regional endpoint the request was sent to.',
    lists: ['S3'],
  },
  {
    code: 'RequestTimeTooSkewed',
    title: 'Clock skew too large',
    meaning: "The difference between the request time and the server's time is too large (more than 15 minutes on AWS).",
    remedy: (ctx) => skewRemedy(ctx),
    status: 403,
    description: "The difference between the request time and the server's time is too large.",
    lists: ['S3'],
  },
  {
    code: 'InvalidBucketName',
    title: 'Invalid bucket name',
    meaning: 'The bucket name is not valid: 3–63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    remedy: () => ['Use only the bucket name — no "s3://", no path, no upper case or underscores.'],
    status: 400,
    description: 'The specified bucket is not valid.',
    lists: ['S3'],
  },
  {
    code: 'BucketAlreadyExists',
    title: 'Bucket name taken',
    meaning: 'Bucket names are global and this one belongs to another account.',
    remedy: () => ['Choose a different bucket name (for example add your organization as a prefix).'],
    status: 409,
    description:
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Specify a different name and try again.',
    lists: ['S3'],
  },
  {
    code: 'BucketAlreadyOwnedByYou',
    title: 'Bucket already exists in your account',
    meaning: 'You already own a bucket with this name.',
    remedy: () => ['Use the existing bucket, or choose another name.'],
    status: 409,
    description:
      'The bucket that you tried to create already exists, and you own it. Amazon S3 returns this error in all AWS Regions except in the US East (N. Virginia) Region (us-east-1). For legacy compatibility, if you re-create an existing bucket that you already own in us-east-1, Amazon S3 returns 200 OK and resets the bucket access control lists (ACLs). For Amazon S3 on Outposts, the bucket that you tried to create already exists in your Outpost and you own it.',
    lists: ['S3'],
  },
  {
    code: 'SlowDown',
    title: 'Request rate too high',
    meaning: 'S3 is throttling: too many requests to the same key prefix in a short time.',
    remedy: () => [
      'Retry with exponential backoff (the SDK does this; raise maxAttempts).',
      'Spread objects over more key prefixes, or lower the upload concurrency.',
    ],
    status: 503,
    description: 'Please reduce your request rate.',
    lists: ['S3'],
  },
  {
    code: 'ExpiredToken',
    title: 'Session credentials expired',
    meaning: 'The temporary (STS / SSO) credentials used to sign the request have expired.',
    remedy: () => [
      'Refresh the credentials: run "aws sso login" for an SSO profile, or assume the role again.',
      'Long-running jobs should use a credential provider that refreshes itself.',
    ],
    status: 400,
    description: 'The provided token has expired.',
    lists: ['S3'],
  },
  {
    code: 'InvalidToken',
    title: 'Invalid session credentials',
    meaning: 'The session token is malformed or does not belong to the access key.',
    remedy: () => ['Refresh the temporary credentials; use the access key, secret and session token from the same issue.'],
    status: 400,
    description: 'The provided token is malformed or otherwise not valid.',
    lists: ['S3'],
  },
  {
    code: 'RequestExpired',
    title: 'Presigned URL expired',
    meaning: 'The presigned URL was used after its expiry time.',
    remedy: (ctx) => [
      `Generate a new presigned URL${ctx.expiresSeconds ? ` (this one was valid for ${ctx.expiresSeconds} s)` : ''}, with a longer expiry if the transfer takes long.`,
      'A URL signed with temporary credentials also stops working when those credentials expire, whatever its own expiry.',
      ...(ctx.expiredAgoSeconds !== undefined
        ? [
            `It had expired ${formatDuration(ctx.expiredAgoSeconds)} before it reached the server: a URL handed to an encoding job must outlive the job's time in the queue plus its run time (up to 7 days with Signature Version 4).`,
          ]
        : []),
    ],
  },
  {
    code: 'EntityTooLarge',
    title: 'Object too large for one request',
    meaning: 'A single PUT is limited to 5 GB.',
    remedy: (ctx) => [
      'Use multipart upload for large files (this extension does above the part size).',
      `A multipart upload has at most 10,000 parts of at most 5 GiB each, and an object at most 5 TiB: raise ${PART_SIZE} so that the file fits in 10,000 parts.`,
      ...(isOtherLimit(field(ctx, 'MaxSizeAllowed'), '5368709120')
        ? [
            "The limit S3 gave is not the 5 GiB of a PUT: a presigned POST's policy (content-length-range) or the store's own limit sets it; presign with a larger range, or check the provider's limits.",
          ]
        : []),
    ],
    status: 400,
    description:
      'Your proposed upload exceeds the maximum allowed object size. For more information, see Amazon Simple Storage Service endpoints and quotas in the AWS General Reference.',
    lists: ['S3'],
  },
  {
    code: 'InternalError',
    title: 'Server error',
    meaning: 'The storage service hit an internal error.',
    remedy: () => ['Retry the request; if it persists, report it with the request id and host id.'],
    status: 500,
    description: 'An internal error occurred. Try again.',
    lists: ['S3', 'SelectObjectContent'],
  },
  {
    code: 'ServiceUnavailable',
    title: 'Service unavailable',
    meaning: 'The storage service is temporarily unable to handle the request.',
    remedy: () => [
      'Retry with backoff.',
      'An S3-compatible store answers 503 when it is overloaded or a disk or node is down: check its health (MinIO: mc admin info; Ceph: ceph -s).',
    ],
    status: 503,
    description: 'Service is unable to handle request.',
    lists: ['S3'],
  },
  {
    code: 'NotImplemented',
    title: 'Not implemented by this store',
    meaning: 'The S3-compatible store does not support this operation or header.',
    remedy: () => ["Check the provider's S3 compatibility list; some stores lack ACLs, tagging or checksums.", CHUNKED, CHECKSUMS],
    status: 501,
    description: 'A header that you provided implies functionality that is not implemented.',
    lists: ['S3'],
  },
];

function signatureRemedy(ctx: S3Context): string[] {
  const out: string[] = [];
  if (ctx.presigned && (ctx.method === 'PUT' || ctx.method === undefined)) {
    out.push(
      ctx.sentContentType
        ? `The upload sent Content-Type: ${ctx.sentContentType}, and the presigned URL's signature covers Content-Type: send exactly the Content-Type given when the URL was presigned (or presign again for this one).`
        : 'A presigned PUT must be sent with exactly the headers it was signed for: a different Content-Type than the one the URL was signed with is the usual cause.',
    );
    out.push('Do not re-encode the URL (for example %2F → /) when copying it.');
  }
  out.push(
    'Check the secret key of the connection (a wrong or stale secret is the most common cause).',
    'Check the computer clock is correct (clock skew changes the signature).',
    useRegion(ctx),
    ADDRESSING,
    PROXY,
  );
  if (field(ctx, 'CanonicalRequest') || field(ctx, 'StringToSign')) {
    out.push(
      'S3 echoed the StringToSign and CanonicalRequest it computed (shown above): compare them with the ones the client signed (the AWS SDKs and CLI log them at debug level); the first line that differs is the cause.',
    );
  }
  return out;
}

const STORE_CLOCK = 'An S3-compatible store whose own clock is wrong refuses correct requests the same way: compare its time with a time server.';

function skewRemedy(ctx: S3Context): string[] {
  const skew = ctx.skewSeconds;
  if (skew === undefined || Math.abs(skew) < 1) {
    return [`Correct this computer's clock (enable network time sync)${ctx.serverTime ? `; the server time was ${ctx.serverTime}` : ''}.`, STORE_CLOCK];
  }
  const out = [
    `Correct the clock of the machine that signed the request (this computer for the extension's requests, the encoder's host for its own uploads): it is ${formatDuration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the server's; turn on network time sync (NTP).`,
  ];
  if (skew < 0) {
    out.push(
      'If that clock is right, the request was signed long before it was sent (a queued job, or a retry that reuses an old signature): sign requests just before sending them.',
    );
  }
  out.push(STORE_CLOCK);
  return out;
}

type Remedy = string[] | ((ctx: S3Context) => string[]);

/** An entry of AWS's lists; `meaning` defaults to AWS's description. */
function aws(
  code: string,
  status: number | undefined,
  title: string,
  description: string,
  remedy: Remedy,
  more: { meaning?: string; lists?: S3CodeList[] } = {},
): S3CodeInfo {
  return {
    code,
    title,
    meaning: more.meaning ?? description,
    remedy: typeof remedy === 'function' ? remedy : () => [...remedy],
    status,
    description,
    lists: more.lists ?? ['S3'],
  };
}

const AWS_LIST: S3CodeInfo[] = [
  aws('AccessPointAlreadyOwnedByYou', 409, 'Access point name already used', 'An access point with an identical name already exists in your account.', [
    'Use the existing access point, or give the new one another name (names are unique per account and Region).',
  ]),
  aws(
    'AccountProblem',
    403,
    'Problem with the AWS account',
    'There is a problem with your AWS account that prevents the operation from completing successfully. For further assistance, see Contact Us.',
    ["Check the account's billing and status in the AWS console: a suspended, closed or unpaid account gets this for every request.", SUPPORT],
    { meaning: 'A problem with the AWS account (billing, suspension) stops every request; it is not a permission of this key.' },
  ),
  aws('AmbiguousGrantByEmailAddress', 400, 'ACL grantee e-mail is ambiguous', 'The email address that you provided is associated with more than one account.', [
    'Grant to the canonical user id of the account (id="…") instead of its e-mail address; better still, use a bucket policy, since AWS is retiring e-mail grantees.',
  ]),
  aws(
    'AuthorizationQueryParametersError',
    400,
    "Presigned URL's authentication parameters are invalid",
    'The authorization query parameters that you provided are not valid.',
    (ctx) => {
      const m = ctx.message ?? '';
      const out: string[] = [];
      if (/X-Amz-Expires must be less than a week|604800/i.test(m)) {
        out.push('Presign with an expiry of at most 7 days (604,800 s), the longest Signature Version 4 allows.');
      } else if (/X-Amz-Expires/i.test(m)) {
        out.push('X-Amz-Expires must be a whole number of seconds from 1 to 604,800: presign again.');
      }
      if (/region|credential/i.test(m)) out.push(useRegion(ctx));
      out.push(
        "Presign the URL again and pass it on whole: a shell, spreadsheet, template or encoder setting that cuts it at '&', drops the query or re-encodes %2F breaks X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders or X-Amz-Signature.",
        'Send the URL without an Authorization header of its own, and presign it for the same region as the bucket (the credential scope names the region).',
      );
      return out;
    },
  ),
  aws('BadDigest', 400, 'Checksum does not match the body', 'The Content-MD5 or checksum value that you specified did not match what the server received.', [
    WHOLE_FILES,
    'A proxy or antivirus that rewrites bodies, or a client that computed the checksum over other bytes (text-mode line endings, a re-encoded file), causes it too.',
    'Retry the upload; a network fault that corrupted the body does not repeat.',
  ]),
  aws(
    'BucketHasAccessPointsAttached',
    400,
    'Bucket still has access points',
    'The bucket you tried to delete has access points attached. Delete your access points before deleting your bucket.',
    ['Delete the access points of the bucket (S3 console, Access Points; or aws s3control delete-access-point), then delete the bucket.'],
  ),
  aws('BucketNotEmpty', 409, 'Bucket is not empty', 'The bucket that you tried to delete is not empty.', [
    'Delete every object first; in a versioned bucket also every old version and delete marker (aws s3api list-object-versions shows them).',
    `Abort its incomplete multipart uploads too, which some stores count as content ("${COMMAND_TITLES.abortAllIncompleteUploads}" on the bucket's Incomplete Uploads node); a lifecycle rule empties a large bucket without a request per object.`,
  ]),
  aws('ClientTokenConflict', 409, 'Client token already used', 'Your Multi-Region Access Point idempotency token was already used for a different request.', [
    MRAP,
    'Send the new request with a new client token; reuse a token only to repeat exactly the same request.',
  ]),
  aws(
    'ConditionalRequestConflict',
    409,
    'Conflicting write',
    'A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.',
    [
      'For a single PUT, retry it.',
      'For a multipart upload, start a new upload and send every part again; the old upload cannot be completed.',
      'Two writers (two encoder instances, or a retry racing its original) writing the same key with conditions (If-None-Match) cause this: give each writer its own keys.',
    ],
  ),
  aws(
    'ConnectionClosedByRequester',
    400,
    'Object Lambda response stream closed',
    'Returned to the original caller when an error is encountered while reading the WriteGetObjectResponse body.',
    [OBJECT_LAMBDA],
  ),
  aws('CredentialsNotSupported', 400, 'Request takes no credentials', 'This request does not support credentials.', [
    'Send this request unsigned (anonymously), as the operation expects; check the tool calls the operation you meant.',
  ]),
  aws(
    'CrossLocationLoggingProhibited',
    403,
    'Log bucket is in another Region',
    'Cross-Region logging is not allowed. Buckets in one AWS Region cannot log information to a bucket in another Region.',
    ['Choose a server access log target bucket in the same Region as the bucket it logs.'],
  ),
  aws('DeviceNotActiveError', 400, 'MFA device is not active', 'The device is not currently active.', [
    'Activate the MFA device on the IAM user (or use one that is active) before sending x-amz-mfa, which MFA Delete needs.',
  ]),
  aws('EndpointNotFound', 400, 'Wrong endpoint', 'Direct requests to the correct endpoint.', (ctx) => [
    "Check the connection's endpoint URL: it must be the S3 API endpoint of the bucket's Region (not a website or console URL).",
    useRegion(ctx),
  ]),
  aws('EntityTooSmall', 400, 'Upload part too small', 'Your proposed upload is smaller than the minimum allowed object size.', (ctx) => [
    `Every part of a multipart upload but the last must be at least 5 MiB: keep ${PART_SIZE} at 5 or more, and check that a client or encoder splitting uploads itself uses parts of at least 5 MiB.`,
    ...(isOtherLimit(field(ctx, 'MinSizeAllowed'), '5242880')
      ? [
          "The minimum S3 gave is not the 5 MiB of a part: a presigned POST's policy (content-length-range) sets it; upload a larger file or presign with a smaller minimum.",
        ]
      : []),
  ]),
  aws(
    'IllegalVersioningConfigurationException',
    400,
    'Invalid versioning configuration',
    'The versioning configuration specified in the request is not valid.',
    [
      'Send a VersioningConfiguration with Status Enabled or Suspended; MfaDelete needs the x-amz-mfa header; a bucket with Object Lock cannot suspend versioning.',
    ],
  ),
  aws('IncompleteBody', 400, 'Body shorter than Content-Length', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', [
    WHOLE_FILES,
    'A dropped connection or a proxy that cuts bodies does the same: retry, and check the proxy settings.',
  ]),
  aws(
    'IncorrectEndpoint',
    400,
    'Bucket is in another Region',
    'The specified bucket exists in another Region. Direct requests to the correct endpoint.',
    (ctx) => [useRegion(ctx), "Use that Region's endpoint (s3.<region>.amazonaws.com), or leave the endpoint empty for AWS so the region decides it."],
  ),
  aws('IncorrectNumberOfFilesInPostRequest', 400, 'POST upload needs exactly one file', 'POST requires exactly one file upload per request.', [
    'Send exactly one file field in the multipart/form-data body of a presigned POST, as its last field.',
  ]),
  aws('InlineDataTooLarge', 400, 'Inline data too large', 'The inline data exceeds the maximum allowed size.', [
    'Send the data as the body of a PUT (or a multipart upload) instead of inline.',
    SOAP,
  ]),
  aws('InvalidAccessPoint', 400, 'Invalid access point', 'The specified access point name or account is not valid.', [
    'Check the access point ARN (arn:aws:s3:<region>:<account-id>:accesspoint/<name>): the account id and Region in it must be those of the access point.',
  ]),
  aws('InvalidAccessPointAliasError', 400, 'Invalid access point alias', 'The specified access point alias name is not valid.', [
    'Copy the alias exactly as the access point shows it (it ends in -s3alias); it is used in place of a bucket name.',
  ]),
  aws('InvalidAddressingHeader', undefined, 'Invalid addressing header', 'You must specify the Anonymous role.', [
    'Specify the Anonymous role in the request.',
    SOAP,
  ]),
  aws(
    'InvalidArgument',
    400,
    'Invalid argument',
    'This error might occur for the following reasons: A ListBuckets request is made to a Regional endpoint that is different from the Region specified in the bucket-region parameter. The specified argument was not valid. The request was missing a required header. The specified argument was incomplete or in the wrong format. The specified argument must have a length greater than or equal to 3.',
    invalidArgumentRemedy,
    {
      meaning: 'S3 refused a header, query parameter or field of the request: not valid, missing, or in the wrong format (ArgumentName names it).',
      lists: ['S3', 'Replication'],
    },
  ),
  aws(
    'InvalidBucketAclWithObjectOwnership',
    400,
    'ACLs are disabled on this bucket',
    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting.",
    [
      'Send no ACL, or set the Bitmovin output ACL to PRIVATE (on the output and on every muxing).',
      'Or change the bucket\'s Object Ownership from "bucket owner enforced" if ACLs are really wanted.',
    ],
  ),
  aws('InvalidBucketOwnerAWSAccountID', 400, 'Invalid expected bucket owner', 'The value of the expected bucket owner parameter must be an AWS account ID.', [
    'Set x-amz-expected-bucket-owner (ExpectedBucketOwner) to the 12-digit id of the account that owns the bucket, or leave it out.',
  ]),
  aws('InvalidBucketState', 409, "Not possible in the bucket's current state", 'The request is not valid for the current state of the bucket.', [
    'The message names the state in the way, for example versioning that cannot be suspended while Object Lock is on, or a bucket being deleted or created; change that setting first, or retry once the bucket is ready.',
  ]),
  aws('InvalidDigest', 400, 'Checksum header is not valid', 'The Content-MD5 or checksum value that you specified is not valid.', [
    'Content-MD5 and x-amz-checksum-* take the base64 of the binary digest, not its hex text (openssl md5 -binary file | base64).',
    CHECKSUMS,
  ]),
  aws(
    'InvalidEncryptionAlgorithmError',
    400,
    'Invalid encryption algorithm',
    'The encryption request that you specified is not valid. The valid value is AES256.',
    ['Use AES256 as the SSE-C algorithm (x-amz-server-side-encryption-customer-algorithm) and AES256 or aws:kms as x-amz-server-side-encryption.'],
  ),
  aws('InvalidHostHeader', 400, 'Wrong addressing style', 'The host headers provided in the request used the incorrect style addressing.', [
    ADDRESSING,
    'The endpoint must not contain the bucket name already when the client adds it (virtual-hosted style) — use the bare service endpoint.',
  ]),
  aws('InvalidHttpMethod', 400, 'Unexpected HTTP method', 'The request is made using an unexpected HTTP method.', [
    'Use the method the operation expects; a presigned URL works only with the method it was signed for (GET to download, PUT to upload).',
  ]),
  aws(
    'InvalidLocationConstraint',
    400,
    'Invalid bucket Region',
    'The specified location (Region) constraint is not valid. For more information about selecting a Region for your buckets, see Buckets overview.',
    (ctx) => [
      'Create the bucket with a valid Region name as LocationConstraint, and none at all for us-east-1; S3-compatible stores accept only the region they are configured with.',
      useRegion(ctx),
    ],
  ),
  aws(
    'InvalidObjectState',
    403,
    'Object is archived',
    'The operation is not valid for the current state of the object.',
    [
      'An object in GLACIER, DEEP_ARCHIVE or an Intelligent-Tiering archive tier must be restored (RestoreObject) before it can be read: restore it and wait for the restore to finish (minutes to 48 hours) before an encoder reads it.',
      'Keep sources that encoders read in STANDARD (or STANDARD_IA): a lifecycle rule that moves them to an archive class after some days makes later re-encodes fail this way.',
    ],
    { meaning: 'The object is in a state that does not allow the operation, most often archived (GLACIER, DEEP_ARCHIVE) and not restored.' },
  ),
  aws(
    'InvalidPart',
    400,
    'Multipart part not found',
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
    (ctx) => [
      `Complete the upload only with parts that were uploaded to this upload id, each with the ETag UploadPart returned${field(ctx, 'PartNumber') ? ' (the part in question is shown as PartNumber)' : ''}.`,
      'Resume or restart the upload; parts of two different uploads of the same key cannot be mixed.',
    ],
  ),
  aws(
    'InvalidPartOrder',
    400,
    'Parts out of order',
    'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
    ['List the parts of CompleteMultipartUpload by ascending PartNumber.'],
  ),
  aws('InvalidPayer', 403, 'Access to the object disabled', 'All access to this object has been disabled. For further assistance, see Contact Us.', [SUPPORT], {
    meaning: 'AWS has disabled all access to this object.',
  }),
  aws(
    'InvalidPolicyDocument',
    400,
    'Form does not satisfy the POST policy',
    'The content of the form does not meet the conditions specified in the policy document.',
    [
      "A presigned POST's form fields must meet every condition of its policy: the bucket, the key (or key prefix), Content-Type, content-length-range, and the expiration. Presign the POST again with conditions that match what is sent.",
    ],
  ),
  aws('InvalidRange', 416, 'Range outside the object', 'The requested range cannot be satisfied.', [
    'Ask for a range that starts inside the object (HEAD the object to read its size); a player or encoder reading an object that is still being uploaded, or was replaced by a shorter one, asks past its end.',
  ]),
  aws('InvalidRegion', 403, 'Region not enabled', "You've attempted to create a Multi-Region Access Point in a Region that you haven't opted in to.", [
    MRAP,
    'Enable (opt in to) the Region in the AWS account settings first, or leave it out of the Multi-Region Access Point.',
  ]),
  aws(
    'InvalidRequest',
    400,
    'Request not valid',
    'This error might occur for the following reasons: An unpaginated ListBuckets request is made from an account that has an approved general purpose bucket quota higher than 10,000. You must make paginated requests to list the buckets in an account with more than 10,000 buckets. The request is using the wrong signature version. Use AWS4-HMAC-SHA256 (Signature Version 4). An access point can be created only for an existing bucket. The access point is not in a state where it can be deleted. An access point can be listed only for an existing bucket. The next token is not valid. At least one action must be specified in a lifecycle rule. At least one lifecycle rule must be specified. The number of lifecycle rules must not exceed the allowed limit of 1000 rules. The range for the MaxResults parameter is not valid. SOAP requests must be made over an HTTPS connection. Amazon S3 Transfer Acceleration is not supported for buckets with non-DNS compliant names. Amazon S3 Transfer Acceleration is not supported for buckets with periods (.) in their names. The Amazon S3 Transfer Acceleration endpoint supports only virtual style requests. Amazon S3 Transfer Acceleration is not configured on this bucket. Amazon S3 Transfer Acceleration is disabled on this bucket. Amazon S3 Transfer Acceleration is not supported on this bucket. For assistance, contact Support. Amazon S3 Transfer Acceleration cannot be enabled on this bucket. For assistance, contact Support. Conflicting values provided in HTTP headers and query parameters. Conflicting values provided in HTTP headers and POST form fields. CopyObject request made on objects larger than 5GB in size.',
    invalidRequestRemedy,
    { meaning: 'S3 refused the request as invalid; the message names which of its rules the request broke.', lists: ['S3', 'Replication', 'Tagging'] },
  ),
  aws('InvalidSOAPRequest', 400, 'Invalid SOAP request', 'The SOAP request body is not valid.', [SOAP]),
  aws('InvalidSecurity', 403, 'Invalid credentials', 'The provided security credentials are not valid.', [
    'Check the access key id, the secret and (for temporary credentials) the session token of the connection; they must come from the same issue.',
    'Keys are per provider: an AWS key does not work on R2, Wasabi or Spaces, and vice versa — check the endpoint.',
  ]),
  aws('InvalidSessionException', 400, 'Session expired', "Returned if the session doesn't exist anymore because it timed out or expired.", [
    'Retry: the AWS SDKs create a new session for S3 Express One Zone (directory bucket) requests when the old one has expired; a client that caches session credentials itself must call CreateSession again.',
  ]),
  aws(
    'InvalidSignature',
    400,
    'Signature does not match',
    'The request signature that the server calculated does not match the signature that you provided. Check your AWS secret access key and signing method. For more information, see Signing and authenticating REST requests.',
    (ctx) => signatureRemedy(ctx),
  ),
  aws('InvalidStorageClass', 400, 'Invalid storage class', 'The storage class that you specified is not valid.', [
    'Use a storage class the store has: STANDARD everywhere; STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER and DEEP_ARCHIVE on AWS only (and not every one in every Region).',
    'For an S3-compatible store leave the storage class out, including in encoder output settings.',
  ]),
  aws(
    'InvalidTag',
    400,
    'Invalid tags',
    'Your request contains tag input that is not valid. For example, your request might contain duplicate keys, keys or values that are too long, or system tags.',
    [
      'Fix the tag set: unique keys of at most 128 characters, values of at most 256, none starting with aws:, at most 10 tags on an object.',
      'Tags sent as x-amz-tagging must be URL-encoded like a query string (key1=value1&key2=value2).',
    ],
    { lists: ['S3', 'Tagging'] },
  ),
  aws(
    'InvalidTargetBucketForLogging',
    400,
    'Invalid log target bucket',
    'The target bucket for logging either does not exist, is not owned by you, or does not have the appropriate grants for the log-delivery group.',
    ['Log into a bucket you own in the same Region, whose bucket policy lets the logging service (logging.s3.amazonaws.com) write to the target prefix.'],
  ),
  aws('InvalidURI', 400, 'URL could not be parsed', "The specified URI couldn't be parsed.", [
    'Percent-encode the characters of the key that need it (space, #, ?, %, non-ASCII), and do not encode the slashes between folders twice.',
    'Check for the bucket name twice in the path (a path-style endpoint that already names the bucket) and for a URL cut short.',
  ]),
  aws('KMS.DisabledException', 400, 'KMS key disabled', 'The request was rejected because the specified KMS key is not enabled.', [
    "Enable the KMS key in AWS KMS, or change the bucket's default encryption (or the request) to a key that is enabled.",
    KMS,
  ]),
  aws(
    'KMS.InvalidKeyUsageException',
    400,
    'KMS key of the wrong kind',
    'The request was rejected for one of the following reasons: The KeyUsage value of the KMS key is incompatible with the API operation. The encryption algorithm or signing algorithm specified for the operation is incompatible with the type of key material in the KMS key (KeySpec). For encrypting, decrypting, re-encrypting, and generating data keys, the KeyUsage must be ENCRYPT_DECRYPT. For signing and verifying messages, the KeyUsage must be SIGN_VERIFY. For generating and verifying message authentication codes (MACs), the KeyUsage must be GENERATE_VERIFY_MAC. For deriving key agreement secrets, the KeyUsage must be KEY_AGREEMENT. To find the KeyUsage of a KMS key, use the DescribeKey operation. To find the encryption or signing algorithms supported for a particular KMS key, use the DescribeKey operation.',
    ['Use a symmetric KMS key with key usage ENCRYPT_DECRYPT (SYMMETRIC_DEFAULT) for S3 encryption; asymmetric, signing and HMAC keys do not work.', KMS],
    { meaning: 'The KMS key cannot encrypt S3 data: S3 needs a symmetric key whose usage is ENCRYPT_DECRYPT.' },
  ),
  aws(
    'KMS.KMSInvalidStateException',
    400,
    'KMS key not usable in its state',
    'The request was rejected because the state of the specified resource is not valid for this request. This exception means one of the following: The key state of the KMS key is not compatible with the operation.To find the key state, use the DescribeKey operation. For more information about which key states are compatible with each KMS operation, see Key states of AWS KMS keys in the AWS Key Management Service Developer Guide. For cryptographic operations on KMS keys in custom key stores, this exception represents a general failure with many possible causes. To identify the cause, see the error message that accompanies the exception.',
    ['The KMS key is disabled, pending deletion or pending import: cancel the deletion or enable the key in AWS KMS, or encrypt with another key.', KMS],
    { meaning: 'The KMS key is in a state (disabled, pending deletion, pending import) that does not allow the operation.' },
  ),
  aws('KMS.NotFoundException', 400, 'KMS key not found', 'The request was rejected because the specified entity or resource could not be found.', [
    "Check the KMS key id, ARN or alias of the bucket's default encryption or of the request; the key must be in the bucket's Region.",
    KMS,
  ]),
  aws('KeyTooLongError', 400, 'Key too long', 'Your key is too long.', [
    "Keep keys at most 1,024 bytes of UTF-8: shorten the folder names or the encoder's output path pattern (non-ASCII characters take 2–4 bytes each).",
  ]),
  aws('MalformedACLError', 400, 'Malformed ACL', 'The ACL that you provided was not well formed or did not validate against our published schema.', [
    'Send a canned ACL (private, public-read, bucket-owner-full-control) instead of an ACL document, or fix the AccessControlPolicy XML against the API reference.',
  ]),
  aws('MalformedPOSTRequest', 400, 'Malformed POST upload', 'The body of your POST request is not well-formed multipart/form-data.', [
    'Send a presigned POST as multipart/form-data: every field of the presigned form first, the file field last, and a boundary that matches the Content-Type header.',
  ]),
  aws(
    'MalformedPolicy',
    400,
    'Bucket policy not valid',
    'Your policy contains a principal that is not valid.',
    [
      'Check every Principal: an ARN of a user, role or account that exists (a deleted role or a typo makes the whole policy invalid), or "*".',
      'Check Resource ARNs (arn:aws:s3:::bucket for bucket actions, arn:aws:s3:::bucket/* for object actions) and action names (s3:GetObject…).',
      POLICY,
      "S3-compatible stores support only part of the AWS policy language, principals and condition keys in particular: check the provider's documentation.",
    ],
    { meaning: 'S3 refused the bucket policy: the message says what is wrong, most often a principal that is not valid.' },
  ),
  aws(
    'MalformedXML',
    400,
    'Malformed XML body',
    'The XML that you provided was not well formed or did not validate against our published schema.',
    [
      'Fix the XML body of the request against the API reference: the part list of CompleteMultipartUpload (not empty), DeleteObjects (1 to 1,000 keys), lifecycle, CORS, tagging or notification configurations.',
      'For S3 Select, fix the SelectObjectContent request body.',
    ],
    { lists: ['S3', 'SelectObjectContent'] },
  ),
  aws('MaxMessageLengthExceeded', 400, 'Request too large', 'Your request was too large.', [
    'Split the request: DeleteObjects takes at most 1,000 keys, and large bodies go by multipart upload.',
  ]),
  aws('MaxPostPreDataLengthExceededError', 400, 'POST fields too large', 'Your POST request fields preceding the upload file were too large.', [
    'Keep the form fields before the file small (the policy, signature and metadata fields), and put the file field last.',
  ]),
  aws('MetadataTooLarge', 400, 'Metadata too large', 'Your metadata headers exceed the maximum allowed metadata size.', [
    'User metadata (x-amz-meta-*) is limited to 2 KB in total: keep large data (encoder reports, manifests) in an object of its own and point to it.',
  ]),
  aws(
    'MethodNotAllowed',
    405,
    'Method not allowed here',
    'The specified method is not allowed against this resource.',
    [
      "Use the bucket's S3 API endpoint, not its static website endpoint (s3-website), which accepts only GET and HEAD.",
      'Some operations are refused on some resources: a GET or HEAD of a delete marker by its version id, or an operation the S3-compatible store lacks (the Method and ResourceType elements name them).',
    ],
    { lists: ['S3', 'SelectObjectContent'] },
  ),
  aws('MissingAttachment', 400, 'SOAP attachment missing', 'A SOAP attachment was expected, but none was found.', [SOAP]),
  aws('MissingAuthenticationToken', 403, 'Request not signed', 'The request was not signed.', [
    'Give the connection credentials, or sign the request; an unsigned request reaches only public objects.',
    'A presigned URL that lost its query string (cut at "?" by a tool or a template) arrives unsigned: pass it on whole.',
  ]),
  aws('MissingContentLength', 411, 'Content-Length missing', 'You must provide the Content-Length HTTP header.', [CHUNKED]),
  aws('MissingRequestBodyError', 400, 'Request body missing', 'You sent an empty XML document as a request.', [
    'Send the XML body the operation requires; an empty body often means the client lost it on a retry or behind a proxy.',
  ]),
  aws('MissingSecurityElement', 400, 'SOAP security element missing', 'The SOAP 1.1 request is missing a security element.', [SOAP]),
  aws('MissingSecurityHeader', 400, 'Required header missing', 'Your request is missing a required header.', [
    'Send the header the message (or the MissingHeaderName element) names: reading an SSE-C object needs its three x-amz-server-side-encryption-customer-* headers; a Signature Version 4 request needs x-amz-content-sha256.',
  ]),
  aws('NoLoggingStatusForKey', 400, 'Logging status is per bucket', 'There is no such thing as a logging status subresource for a key.', [
    'Ask for ?logging on the bucket, not on an object key.',
  ]),
  aws('NoSuchAccessPoint', 404, 'Access point does not exist', 'The specified access point does not exist.', [
    'Check the access point name and the account id and Region in its ARN; access points belong to one Region.',
  ]),
  aws('NoSuchAsyncRequest', 404, 'Asynchronous request not found', 'The specified request was not found.', [
    MRAP,
    'Check the request token ARN returned by the asynchronous operation, and ask in the same account.',
  ]),
  aws('NoSuchBucketPolicy', 404, 'Bucket has no policy', 'The specified bucket does not have a bucket policy.', [
    'Nothing is broken: the bucket simply has no policy yet, which is normal for a new bucket.',
    POLICY,
  ]),
  aws('NoSuchCORSConfiguration', 404, 'Bucket has no CORS configuration', 'The specified bucket does not have a CORS configuration.', [
    `Browsers and web players can fetch from the bucket only with a CORS configuration that allows their origin, GET and HEAD, and the Range header: add one ("${COMMAND_TITLES.applyToBucket}").`,
  ]),
  aws('NoSuchLifecycleConfiguration', 404, 'Bucket has no lifecycle rules', 'The specified lifecycle configuration does not exist.', [
    'Nothing is broken: the bucket has no lifecycle rules. A rule that aborts incomplete multipart uploads after a few days keeps abandoned uploads from being billed.',
  ]),
  aws('NoSuchMultiRegionAccessPoint', 404, 'Multi-Region Access Point does not exist', 'The specified Multi-Region Access Point does not exist.', [
    MRAP,
    'Check its name or alias and the account id; it may still be being created (DescribeMultiRegionAccessPointOperation shows the progress).',
  ]),
  aws('NoSuchObjectLockConfiguration', 404, 'Object has no lock', 'The specified object does not have an ObjectLock configuration.', [
    'Nothing is broken: the object has no retention or legal hold. Set one first if it was expected.',
  ]),
  aws('NoSuchTagSet', 404, 'No tags', 'The specified tag does not exist.', [
    'Nothing is broken: the bucket or object has no tags. Add them first if they were expected.',
  ]),
  aws('NoSuchVersion', 404, 'Object version does not exist', 'The version ID specified in the request does not match an existing version.', [
    'Check the version id (aws s3api list-object-versions lists them); lifecycle rules that expire noncurrent versions remove old ones.',
  ]),
  aws('NoSuchWebsiteConfiguration', 404, 'Bucket has no website configuration', 'The specified bucket does not have a website configuration.', [
    'Enable static website hosting on the bucket first, or use the S3 API endpoint instead of the website endpoint.',
  ]),
  aws('NoTransformationDefined', 404, 'No Object Lambda transformation', 'No transformation found for this Object Lambda Access Point.', [
    'Configure a transformation (a Lambda function) for this operation on the Object Lambda Access Point, or use the plain access point or bucket.',
  ]),
  aws('NotDeviceOwnerError', 400, 'MFA device of another user', 'The device that generated the token is not owned by the authenticated user.', [
    'Send the serial number of an MFA device of the user whose credentials sign the request.',
  ]),
  aws('NotModified', 304, 'Not modified', 'The resource was not changed.', [
    'Nothing is broken: the object has not changed since the ETag or date of If-None-Match / If-Modified-Since, so the copy already held is current.',
  ]),
  aws(
    'NotSignedUp',
    403,
    'Account not signed up for S3',
    'Your account is not signed up for the Amazon S3 service. You must sign up before you can use Amazon S3. You can sign up at the following URL: https://aws.amazon.com/s3',
    ['Sign the AWS account up for S3, or use credentials of an account that has S3.'],
  ),
  aws('ObjectLockConfigurationNotFoundError', 404, 'Bucket has no Object Lock', 'The Object Lock configuration does not exist for this bucket.', [
    'Enable Object Lock on the bucket (versioning must be on) before setting retention or legal holds, or send the request without them.',
  ]),
  aws(
    'OperationAborted',
    409,
    'Conflicting operation in progress',
    'A conflicting conditional operation is currently in progress against this resource. Try again.',
    ['Wait and retry: the bucket is being created, deleted or reconfigured by another request.', RETRY],
  ),
  aws('OwnershipControlsNotFoundError', 404, 'Bucket has no Object Ownership setting', 'The bucket ownership controls were not found.', [
    'Nothing is broken: the bucket has no Object Ownership setting, so ACLs apply as written.',
  ]),
  aws(
    'PermanentRedirectControlError',
    301,
    'Use another control endpoint',
    'The API operation you are attempting to access must be addressed using the specified endpoint. Send all future requests to this endpoint.',
    (ctx) => ['Send the request to the endpoint named in the response (an s3-control endpoint of the right Region).', useRegion(ctx)],
  ),
  aws('PreconditionFailed', 412, 'Precondition not met', 'At least one of the preconditions that you specified did not hold.', [
    'A conditional request found the object otherwise than it required: If-None-Match: * found an object already there (the write refused to overwrite it), or If-Match / If-Unmodified-Since found a newer object.',
    'Read the object again and decide whether to overwrite it; the Condition element names the header that failed.',
  ]),
  aws(
    'Redirect',
    307,
    'Temporary redirect',
    'Temporary redirect. You are being redirected to the bucket while the Domain Name System (DNS) server is being updated.',
    (ctx) => [useRegion(ctx), 'Retry after a few minutes if the bucket is new.'],
  ),
  aws(
    'RequestHeaderSectionTooLarge',
    400,
    'Headers too large',
    'The request header and query parameters used to make the request exceed the maximum allowed size.',
    ['Send fewer or shorter headers and query parameters: large x-amz-meta-* values and tags belong in an object of their own.'],
  ),
  aws(
    'RequestIsNotMultiPartContent',
    412,
    'POST upload is not multipart/form-data',
    'A bucket POST request must be of the enclosure-type multipart/form-data.',
    ['Send a presigned POST upload as multipart/form-data (an HTML form with enctype="multipart/form-data", curl -F).'],
  ),
  aws('RequestTimeout', 400, 'Upload stalled', 'Your socket connection to the server was not read from or written to within the timeout period.', [
    'The client stopped sending the body for too long: a slow disk or network, a stalled encoder pipe, or a proxy that buffers uploads. Retry.',
    `On a slow link upload fewer files at once (${SETTINGS_SECTION}.${SETTINGS.fileConcurrency.key}) or use smaller parts (${PART_SIZE}).`,
  ]),
  aws('RequestTorrentOfBucketError', 400, 'No torrent for a bucket', 'Requesting the torrent file of a bucket is not permitted.', [
    'Ask for ?torrent on an object, not on a bucket; AWS no longer offers BitTorrent in newer Regions, so download over HTTPS instead.',
  ]),
  aws(
    'ResponseInterrupted',
    400,
    'Object Lambda response interrupted',
    'Returned to the original caller when an error is encountered while reading the WriteGetObjectResponse body.',
    [OBJECT_LAMBDA],
  ),
  aws('RestoreAlreadyInProgress', 409, 'Restore already running', 'The object restore is already in progress.', [
    'Wait for the running restore: HEAD the object and read x-amz-restore (ongoing-request="false" means done, with its expiry date).',
  ]),
  aws('ServerSideEncryptionConfigurationNotFoundError', 400, 'Bucket has no default encryption', 'The server-side encryption configuration was not found.', [
    'Nothing is broken: the bucket has no default encryption configuration of its own. Set one if it was expected.',
  ]),
  aws(
    'TagPolicyException',
    400,
    'Tag value not allowed',
    'The tag policy does not allow the specified value for the following tag key.',
    ["Use a value the AWS Organizations tag policy allows for that key (the organization's administrator can show the policy)."],
    { lists: ['S3', 'Tagging'] },
  ),
  aws('TokenCodeInvalidError', 400, 'MFA code not valid', 'The serial number and/or token code you provided is not valid.', [
    'Send the MFA device serial number (or ARN) and a current code from that device in x-amz-mfa, separated by a space.',
  ]),
  aws('TokenRefreshRequired', 400, 'Session credentials need refreshing', 'The provided token must be refreshed.', [
    'Refresh the temporary credentials (aws sso login, or assume the role again) and retry.',
  ]),
  aws(
    'TooManyAccessPoints',
    400,
    'Too many access points',
    'You have attempted to create more access points than are allowed for an account. For more information, see Amazon Simple Storage Service endpoints and quotas in the AWS General Reference.',
    [QUOTA('access points')],
  ),
  aws(
    'TooManyBuckets',
    400,
    'Too many buckets',
    'You have attempted to create more buckets than are allowed for an account. For more information, see Amazon Simple Storage Service endpoints and quotas in the AWS General Reference.',
    [QUOTA('buckets')],
  ),
  aws(
    'TooManyMultiRegionAccessPointregionsError',
    400,
    'Too many Regions for the access point',
    'You have attempted to create a Multi-Region Access Point with more Regions than are allowed for an account. For more information, see Amazon Simple Storage Service endpoints and quotas in the AWS General Reference.',
    [MRAP, 'Create the Multi-Region Access Point with fewer Regions (buckets), or ask for a higher quota in the AWS Service Quotas console.'],
  ),
  aws(
    'TooManyMultiRegionAccessPoints',
    400,
    'Too many Multi-Region Access Points',
    'You have attempted to create more Multi-Region Access Points than are allowed for an account. For more information, see Amazon Simple Storage Service endpoints and quotas in the AWS General Reference.',
    [MRAP, QUOTA('Multi-Region Access Points')],
  ),
  aws(
    'UnauthorizedAccessError',
    403,
    'Bucket has no ICP license (China)',
    "Applicable in China Regions only. Returned when a request is made to a bucket that doesn't have an ICP license. For more information, see ICP Recordal.",
    [
      'Serving content from a bucket in the China Regions over its domain needs an ICP recordal: complete it for the domain, or serve the content through a domain that has one.',
    ],
  ),
  aws('UnexpectedContent', 400, 'Unexpected body', 'This request contains unsupported content.', [
    'Send this request without a body (GET, HEAD and DELETE take none), or with the body the operation expects.',
  ]),
  aws('UnexpectedIPError', 403, 'Request IP refused (China)', 'Applicable in China Regions only. This request was rejected because the IP was unexpected.', [
    'The China Regions refused the address the request came from: send it from an allowed network, or ask the account administrator which networks are allowed.',
  ]),
  aws('UnresolvableGrantByEmailAddress', 400, 'ACL grantee e-mail unknown', 'The email address that you provided does not match any account on record.', [
    'Grant to the canonical user id of the account (id="…") instead of an e-mail address, or use a bucket policy.',
  ]),
  aws('UnsupportedArgument', 400, 'Unsupported argument', 'The request contained an unsupported argument.', (ctx) => [
    `Leave out the argument ${field(ctx, 'ArgumentName') ?? 'the message names'}: this operation, Region or bucket type does not support it.`,
    CHECKSUMS,
  ]),
  aws(
    'UnsupportedSignature',
    400,
    'Unsupported signature',
    'The provided request is signed with an unsupported STS Token version or the signature version is not supported.',
    [
      SIGV4,
      'Session tokens from the global STS endpoint (sts.amazonaws.com) are refused in Regions that must be enabled first: get credentials from the regional STS endpoint (sts.<region>.amazonaws.com).',
    ],
  ),
  aws(
    'UserKeyMustBeSpecified',
    400,
    'POST upload needs a key field',
    'The bucket POST request must contain the specified field name. If it is specified, check the order of the fields.',
    ['Put every field of the presigned POST (including key) before the file field, which must come last.'],
  ),
  aws(
    'ReplicationConfigurationNotFoundError',
    404,
    'Bucket has no replication',
    'There is no replication configuration for this bucket.',
    ['Nothing is broken: the bucket has no replication rules. Configure replication (versioning must be on in both buckets) if it was expected.'],
    { lists: ['Replication'] },
  ),
  aws(
    'NoSuchResource',
    404,
    'Resource does not exist',
    "The specified resource doesn't exist.",
    ['Check the resource ARN of the tagging request: the bucket, access point or job must exist in the account and Region the ARN names.'],
    { lists: ['Tagging'] },
  ),
  aws('TooManyTags', 400, 'Too many tags', 'The number of tags exceeds the limit of 50 tags.', ['Remove tags so that at most 50 remain on the resource.'], {
    lists: ['Tagging'],
  }),
];

const SELECT_LIST: S3CodeInfo[] = SELECT_CODE_ROWS.map(([code, status, description, family, tip]) => {
  const f = SELECT_FAMILIES[family];
  return aws(code, status, f.title, description, tip ? [tip, ...f.remedy] : [...f.remedy], { lists: ['SelectObjectContent'] });
});

const ALL = [...ENTRIES, ...AWS_LIST, ...SELECT_LIST];
const BY_CODE = new Map<string, S3CodeInfo>();
for (const e of ALL) {
  // Codes that several lists share have one entry, the first: its remedy covers each use.
  if (!BY_CODE.has(e.code.toLowerCase())) BY_CODE.set(e.code.toLowerCase(), e);
}

export const S3_CODES: readonly S3CodeInfo[] = [...BY_CODE.values()];

export function lookupS3Code(code: string): S3CodeInfo | undefined {
  return BY_CODE.get(code.toLowerCase());
}

// Codes that are ordinary words: other errors (an HTTP library's, a log line's) carry them too.
const COMMON_WORDS = new Set(['redirect', 'notmodified']);

/**
 * Whether a name found in free text or on a thrown object can be taken for an S3 error code. The
 * S3 Select codes are left out: "Busy" or "CastFailed" name other errors far more often.
 */
export function isRecognisableS3Code(code: string): boolean {
  const info = lookupS3Code(code);
  if (!info || COMMON_WORDS.has(code.toLowerCase())) return false;
  return info.lists === undefined || info.lists.some((l) => l !== 'SelectObjectContent');
}
