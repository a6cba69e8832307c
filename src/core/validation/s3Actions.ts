// S3 actions usable in a bucket policy, with the resource type each applies to (from the AWS
// Service Authorization Reference, "Actions defined by Amazon S3"). The resource type decides
// whether a statement's Resource must be the bucket ARN or an object ARN.

export type S3ResourceType = 'object' | 'bucket' | 'other';

const OBJECT_ACTIONS = [
  'AbortMultipartUpload',
  'BypassGovernanceRetention',
  'DeleteObject',
  'DeleteObjectTagging',
  'DeleteObjectVersion',
  'DeleteObjectVersionTagging',
  'GetObject',
  'GetObjectAcl',
  'GetObjectAttributes',
  'GetObjectLegalHold',
  'GetObjectRetention',
  'GetObjectTagging',
  'GetObjectTorrent',
  'GetObjectVersion',
  'GetObjectVersionAcl',
  'GetObjectVersionAttributes',
  'GetObjectVersionForReplication',
  'GetObjectVersionTagging',
  'GetObjectVersionTorrent',
  'InitiateReplication',
  'ListMultipartUploadParts',
  'PutObject',
  'PutObjectAcl',
  'PutObjectLegalHold',
  'PutObjectRetention',
  'PutObjectTagging',
  'PutObjectVersionAcl',
  'PutObjectVersionTagging',
  'ReplicateDelete',
  'ReplicateObject',
  'ReplicateTags',
  'RestoreObject',
];

const BUCKET_ACTIONS = [
  'CreateBucket',
  'DeleteBucket',
  'DeleteBucketOwnershipControls',
  'DeleteBucketPolicy',
  'DeleteBucketWebsite',
  'GetAccelerateConfiguration',
  'GetAnalyticsConfiguration',
  'GetBucketAcl',
  'GetBucketCORS',
  'GetBucketLocation',
  'GetBucketLogging',
  'GetBucketNotification',
  'GetBucketObjectLockConfiguration',
  'GetBucketOwnershipControls',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketPublicAccessBlock',
  'GetBucketRequestPayment',
  'GetBucketTagging',
  'GetBucketVersioning',
  'GetBucketWebsite',
  'GetEncryptionConfiguration',
  'GetIntelligentTieringConfiguration',
  'GetInventoryConfiguration',
  'GetLifecycleConfiguration',
  'GetMetricsConfiguration',
  'GetReplicationConfiguration',
  'ListBucket',
  'ListBucketMultipartUploads',
  'ListBucketVersions',
  'PutAccelerateConfiguration',
  'PutAnalyticsConfiguration',
  'PutBucketAcl',
  'PutBucketCORS',
  'PutBucketLogging',
  'PutBucketNotification',
  'PutBucketObjectLockConfiguration',
  'PutBucketOwnershipControls',
  'PutBucketPolicy',
  'PutBucketPublicAccessBlock',
  'PutBucketRequestPayment',
  'PutBucketTagging',
  'PutBucketVersioning',
  'PutBucketWebsite',
  'PutEncryptionConfiguration',
  'PutIntelligentTieringConfiguration',
  'PutInventoryConfiguration',
  'PutLifecycleConfiguration',
  'PutMetricsConfiguration',
  'PutReplicationConfiguration',
];

const OTHER_ACTIONS = [
  'ListAllMyBuckets',
  'GetAccountPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'CreateJob',
  'DescribeJob',
  'ListJobs',
  'UpdateJobPriority',
  'UpdateJobStatus',
  'CreateAccessPoint',
  'DeleteAccessPoint',
  'GetAccessPoint',
  'ListAccessPoints',
  'GetAccessPointPolicy',
  'PutAccessPointPolicy',
  'DeleteAccessPointPolicy',
  'GetAccessPointPolicyStatus',
  'ListStorageLensConfigurations',
  'GetStorageLensConfiguration',
  'PutStorageLensConfiguration',
  'DeleteStorageLensConfiguration',
  'GetStorageLensDashboard',
  'CreateMultiRegionAccessPoint',
  'GetMultiRegionAccessPoint',
  'ListMultiRegionAccessPoints',
];

export const S3_ACTIONS: ReadonlyMap<string, S3ResourceType> = new Map<string, S3ResourceType>([
  ...OBJECT_ACTIONS.map((a) => [`s3:${a}`, 'object'] as const),
  ...BUCKET_ACTIONS.map((a) => [`s3:${a}`, 'bucket'] as const),
  ...OTHER_ACTIONS.map((a) => [`s3:${a}`, 'other'] as const),
]);

// IAM compares action names case-insensitively.
const BY_LOWER = new Map([...S3_ACTIONS.keys()].map((a) => [a.toLowerCase(), a]));

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** Canonical S3 action names an action pattern (`s3:GetObject`, `s3:Get*`, `*`) matches. */
export function matchS3Actions(pattern: string): string[] {
  const p = pattern.trim();
  if (!/[*?]/.test(p)) {
    const hit = BY_LOWER.get(p.toLowerCase());
    return hit ? [hit] : [];
  }
  const re = globToRegExp(p);
  return [...S3_ACTIONS.keys()].filter((a) => re.test(a.toLowerCase()));
}

export function isS3ActionPattern(pattern: string): boolean {
  return /^s3:/i.test(pattern.trim());
}

const typesCache = new Map<string, ReadonlySet<S3ResourceType>>();

/** Resource types an action pattern touches (empty when it matches no known S3 action). */
export function resourceTypesOf(pattern: string): ReadonlySet<S3ResourceType> {
  let t = typesCache.get(pattern);
  if (!t) {
    // Patterns come from documents, so the cache is bounded rather than trusted to stay small.
    if (typesCache.size > 5_000) typesCache.clear();
    t = new Set(matchS3Actions(pattern).map((a) => S3_ACTIONS.get(a) as S3ResourceType));
    typesCache.set(pattern, t);
  }
  return t;
}
