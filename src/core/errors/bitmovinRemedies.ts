/**
 * What to do about a Bitmovin error code. The storage codes point at this extension's own
 * commands, because most encoding failures that reach a storage engineer are bucket access,
 * bucket location or ACL problems that those commands diagnose directly.
 */
import { COMMAND_TITLES } from './types';

const CHECK = COMMAND_TITLES.checkAccess;
const POLICY = COMMAND_TITLES.generateBucketPolicy;

const BUCKET_NAME_REGION =
  "Check the bucket name and region of the Bitmovin input/output: the bucket name has no 's3://' prefix and no path, and the region must be the bucket's real region.";
const CHECK_INPUT = `Run "${CHECK}" on the input's bucket with the same access key the input uses.`;
const CHECK_OUTPUT = `Run "${CHECK}" on the output's bucket with the same access key the output uses.`;
const ACL_VS_BPA =
  'If the bucket blocks public access or has ACLs disabled (Object Ownership "bucket owner enforced"), set the Bitmovin output ACL to PRIVATE — on the output and on every muxing — instead of PUBLIC_READ.';
const POLICY_HINT = `Run "${POLICY}" to produce the IAM/bucket policy the encoder's key needs (s3:GetObject and s3:ListBucket for inputs; s3:PutObject, s3:PutObjectAcl and s3:ListBucket for outputs).`;
const RETRY = 'The cause is usually transient: restart the encoding; if it fails again, contact Bitmovin support with the request id.';

const REMEDIES: Record<number, string[]> = {
  1000: ['Add the missing field named in the details (field path) to the request body.'],
  1001: ['Correct the parameter named in the details; compare it with the Bitmovin API reference linked below.'],
  1002: ['Check the X-Api-Key header: the key must be a current Bitmovin API key (Dashboard → Account → API keys).'],
  1003: ['The API key is valid but may not access this resource: check the X-Tenant-Org-Id header names the organization that owns it.'],
  1004: ['Contact Bitmovin support and quote the request id.'],
  1005: ['Check the request URL path against the Bitmovin API reference (typo, missing id, wrong API version).'],
  1006: ['Use the HTTP method the endpoint supports (POST creates, GET reads, DELETE deletes).'],
  2017: ['The encoder could not write its output files.', CHECK_OUTPUT, ACL_VS_BPA, POLICY_HINT],
  2019: [
    "An error on Bitmovin's encoding infrastructure; if the encoding runs in your own cloud account (Cloud Connect), check that account's quotas, credentials and network.",
    RETRY,
    `If it failed while reading the input or writing the output, run "${CHECK}" on that bucket to rule out storage.`,
  ],
  2021: ['Stop the encoding first, or wait until it is FINISHED or ERROR, then delete it.'],
  2039: ["Set either 'bitrate' or 'crf' in the video codec configuration."],
  2042: [
    'Bitmovin could not reach the Kubernetes cluster or AWS account the encoding is configured to run in: check that the cloud connect role/credentials are still valid and the account is active.',
    'If inputs/outputs are in that account, also check them: ' + CHECK_INPUT,
  ],
  2100: ['The input file path does not exist in the bucket: check the path (case-sensitive, no leading slash, no bucket name in the path).', CHECK_INPUT],
  2101: [BUCKET_NAME_REGION, CHECK_INPUT],
  2102: ['Use a path relative to the bucket root, without a leading slash, "s3://" or the bucket name.', CHECK_INPUT],
  2103: [
    "The input's access key may not read the file.",
    CHECK_INPUT,
    POLICY_HINT,
    'If the objects are encrypted with SSE-KMS, the key also needs kms:Decrypt on that KMS key.',
  ],
  2104: ["The download took too long: check the input endpoint is reachable from Bitmovin's region and not throttled.", CHECK_INPUT, RETRY],
  2105: [CHECK_INPUT, 'Check the file is complete (not still being uploaded) and readable with the same key.', RETRY],
  2106: [
    'The input storage endpoint did not answer: check the endpoint host name (for S3-compatible stores) and that it is reachable from the internet.',
    CHECK_INPUT,
  ],
  2107: [
    'The file downloaded but is not a media file the encoder can parse: check it is not truncated, an HTML error page, or a different file at the same path.',
    CHECK_INPUT,
  ],
  2200: [BUCKET_NAME_REGION, CHECK_OUTPUT],
  2201: ['Use an output path relative to the bucket root, without a leading slash, "s3://" or the bucket name.', CHECK_OUTPUT],
  2202: [CHECK_OUTPUT, ACL_VS_BPA, POLICY_HINT],
  2203: ['The upload took too long: check the output endpoint is reachable and not throttled (S3 SlowDown).', CHECK_OUTPUT, RETRY],
  2204: [CHECK_OUTPUT, ACL_VS_BPA, RETRY],
  2205: [
    'The output storage endpoint did not answer: check the endpoint host name (for S3-compatible stores) and that it is reachable from the internet.',
    CHECK_OUTPUT,
  ],
  8000: ['An account limit was reached: check your plan limits in the Bitmovin Dashboard or contact Bitmovin sales.'],
  8001: ['The monthly encoding quota is used up: wait for the next month or raise the limit with Bitmovin.'],
  8003: ['The encoded-bytes quota is used up: raise the limit with Bitmovin.'],
  8004: ['Too many VOD encodings are queued: wait for queued encodings to start, or raise the limit with Bitmovin.'],
};

const STATUS_REMEDIES: Record<number, string> = {
  401: 'Check the X-Api-Key header holds a current Bitmovin API key.',
  429: 'Pause requests, wait one minute, and try again.',
  503: 'The Bitmovin service is temporarily unavailable: try again later.',
};

/** Remedies for a Bitmovin code; the HTTP status fills in when the code itself says nothing more. */
export function bitmovinRemedy(code: number | undefined, httpStatus?: number): string[] {
  const out = code !== undefined ? [...(REMEDIES[code] ?? [])] : [];
  const byStatus = httpStatus !== undefined ? STATUS_REMEDIES[httpStatus] : undefined;
  if (byStatus && !out.includes(byStatus)) {
    out.push(byStatus);
  }
  return out;
}

/** Codes this module gives a storage-specific remedy for (the extension's own commands). */
export const STORAGE_CODES: readonly number[] = [2017, 2019, 2042, 2100, 2101, 2102, 2103, 2104, 2105, 2106, 2107, 2200, 2201, 2202, 2203, 2204, 2205];
