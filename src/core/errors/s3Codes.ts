/**
 * Meaning and remedy of the S3 error codes a media-pipeline engineer actually meets, written
 * for the situations of this extension (many endpoints, presigned uploads, encoder outputs).
 */
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
}

export interface S3CodeInfo {
  code: string;
  title: string;
  meaning: string;
  remedy: (ctx: S3Context) => string[];
}

const CHECK = `Run "${COMMAND_TITLES.checkAccess}" on this bucket to see which operations the key may perform.`;
const POLICY = `Run "${COMMAND_TITLES.generateBucketPolicy}" to produce a policy that grants the missing actions.`;

function useRegion(ctx: S3Context): string {
  return ctx.region
    ? `Set the connection's region to '${ctx.region}' (the bucket's region, as S3 reported it).`
    : "Set the connection's region to the bucket's region (S3 reports it in the x-amz-bucket-region header).";
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
    ],
  },
  {
    code: 'AccessControlListNotSupported',
    title: 'ACLs are disabled on this bucket',
    meaning: 'The request sets an ACL but the bucket has Object Ownership "bucket owner enforced", which disables ACLs.',
    remedy: () => [
      'Send no ACL, or set the Bitmovin output ACL to PRIVATE (on the output and on every muxing).',
      "Or enable ACLs in the bucket's Object Ownership setting if public-read objects are really wanted.",
    ],
  },
  {
    code: 'AllAccessDisabled',
    title: 'All access disabled',
    meaning: 'All access to this bucket or object has been disabled by the provider.',
    remedy: () => ['Contact the storage provider (AWS support) about the bucket.'],
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
  },
  {
    code: 'NoSuchKey',
    title: 'Object does not exist',
    meaning: 'The bucket exists but holds no object under this key.',
    remedy: (ctx) => [
      `Check the key${ctx.key ? ` ('${ctx.key}')` : ''}: keys are case-sensitive, have no leading slash and do not include the bucket name.`,
      'Without s3:ListBucket permission S3 reports a missing key as AccessDenied instead; with it, the key really is absent.',
    ],
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
    remedy: () => ['Start the upload again.'],
  },
  {
    code: 'InvalidAccessKeyId',
    title: 'Unknown access key',
    meaning: 'The access key id does not exist on this endpoint.',
    remedy: () => [
      'Check the access key id of the connection; it may have been deleted or rotated.',
      'Keys are per provider: an AWS key does not work on R2, Wasabi or Spaces, and vice versa — check the endpoint.',
    ],
  },
  {
    code: 'SignatureDoesNotMatch',
    title: 'Signature does not match',
    meaning: 'S3 computed a different request signature than the client sent.',
    remedy: (ctx) => {
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
        'Check the addressing style: S3-compatible stores often need path-style addressing (forcePathStyle).',
      );
      return out;
    },
  },
  {
    code: 'PermanentRedirect',
    title: 'Bucket is in another region',
    meaning: 'The bucket must be addressed using a different endpoint, usually because it lives in another region.',
    remedy: (ctx) => [useRegion(ctx), CHECK],
  },
  {
    code: 'TemporaryRedirect',
    title: 'Temporary redirect',
    meaning: 'The bucket was created recently and DNS has not caught up yet, or it is in another region.',
    remedy: (ctx) => [useRegion(ctx), 'Retry after a few minutes if the bucket is new.'],
  },
  {
    code: 'AuthorizationHeaderMalformed',
    title: 'Wrong region in the signature',
    meaning: 'The request was signed for a different region than the bucket is in.',
    remedy: (ctx) => [useRegion(ctx)],
  },
  {
    code: 'IllegalLocationConstraintException',
    title: 'Region does not match the endpoint',
    meaning: 'The bucket region in the request does not match the regional endpoint it was sent to.',
    remedy: (ctx) => [useRegion(ctx)],
  },
  {
    code: 'RequestTimeTooSkewed',
    title: 'Clock skew too large',
    meaning: "The difference between the request time and the server's time is too large (more than 15 minutes on AWS).",
    remedy: (ctx) => [`Correct this computer's clock (enable network time sync)${ctx.serverTime ? `; the server time was ${ctx.serverTime}` : ''}.`],
  },
  {
    code: 'InvalidBucketName',
    title: 'Invalid bucket name',
    meaning: 'The bucket name is not valid: 3–63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    remedy: () => ['Use only the bucket name — no "s3://", no path, no upper case or underscores.'],
  },
  {
    code: 'BucketAlreadyExists',
    title: 'Bucket name taken',
    meaning: 'Bucket names are global and this one belongs to another account.',
    remedy: () => ['Choose a different bucket name (for example add your organization as a prefix).'],
  },
  {
    code: 'BucketAlreadyOwnedByYou',
    title: 'Bucket already exists in your account',
    meaning: 'You already own a bucket with this name.',
    remedy: () => ['Use the existing bucket, or choose another name.'],
  },
  {
    code: 'SlowDown',
    title: 'Request rate too high',
    meaning: 'S3 is throttling: too many requests to the same key prefix in a short time.',
    remedy: () => [
      'Retry with exponential backoff (the SDK does this; raise maxAttempts).',
      'Spread objects over more key prefixes, or lower the upload concurrency.',
    ],
  },
  {
    code: 'ExpiredToken',
    title: 'Session credentials expired',
    meaning: 'The temporary (STS / SSO) credentials used to sign the request have expired.',
    remedy: () => [
      'Refresh the credentials: run "aws sso login" for an SSO profile, or assume the role again.',
      'Long-running jobs should use a credential provider that refreshes itself.',
    ],
  },
  {
    code: 'InvalidToken',
    title: 'Invalid session credentials',
    meaning: 'The session token is malformed or does not belong to the access key.',
    remedy: () => ['Refresh the temporary credentials; use the access key, secret and session token from the same issue.'],
  },
  {
    code: 'RequestExpired',
    title: 'Presigned URL expired',
    meaning: 'The presigned URL was used after its expiry time.',
    remedy: (ctx) => [
      `Generate a new presigned URL${ctx.expiresSeconds ? ` (this one was valid for ${ctx.expiresSeconds} s)` : ''}, with a longer expiry if the transfer takes long.`,
      'A URL signed with temporary credentials also stops working when those credentials expire, whatever its own expiry.',
    ],
  },
  {
    code: 'EntityTooLarge',
    title: 'Object too large for one request',
    meaning: 'A single PUT is limited to 5 GB.',
    remedy: () => ['Use multipart upload for large files (this extension does above the part size).'],
  },
  {
    code: 'InternalError',
    title: 'Server error',
    meaning: 'The storage service hit an internal error.',
    remedy: () => ['Retry the request; if it persists, report it with the request id and host id.'],
  },
  {
    code: 'ServiceUnavailable',
    title: 'Service unavailable',
    meaning: 'The storage service is temporarily unable to handle the request.',
    remedy: () => ['Retry with backoff.'],
  },
  {
    code: 'NotImplemented',
    title: 'Not implemented by this store',
    meaning: 'The S3-compatible store does not support this operation or header.',
    remedy: () => ["Check the provider's S3 compatibility list; some stores lack ACLs, tagging or checksums."],
  },
];

const BY_CODE = new Map(ENTRIES.map((e) => [e.code.toLowerCase(), e]));

export const S3_CODES: readonly S3CodeInfo[] = ENTRIES;

export function lookupS3Code(code: string): S3CodeInfo | undefined {
  return BY_CODE.get(code.toLowerCase());
}
