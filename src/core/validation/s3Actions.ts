// Every Amazon S3 action, with the ARN types it applies to, a one-line description and its
// condition keys, from the AWS Service Authorization Reference ("Actions, resources, and
// condition keys for Amazon S3",
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
//
// Resource types as a bucket policy sees them: `bucket` (arn:aws:s3:::bucket), `object`
// (arn:aws:s3:::bucket/key), and `other` for an action that applies to neither (account-level
// actions such as ListAllMyBuckets, access points, Batch Operations jobs, Storage Lens). A
// bucket policy names only its bucket and its objects, so an action whose types miss every
// resource of its statement makes S3 refuse the policy ("Action does not apply to any
// resource(s) in statement").

export type S3ResourceType = 'object' | 'bucket' | 'other';

export interface S3ActionInfo {
  /** `bucket` and/or `object`; `other` alone when the action applies to neither. */
  resources: S3ResourceType[];
  description: string;
  /** Condition keys the reference lists for the action (global aws: keys apply to every action too). */
  conditionKeys: string[];
}

// The keys nearly every S3 action supports; `*` in a row stands for them.
const COMMON_KEYS = ['s3:ResourceAccount', 's3:TlsVersion', 's3:authType', 's3:signatureAge', 's3:signatureversion', 's3:x-amz-content-sha256'];

// [name, resource types (B bucket, O object, X other ARN types), description, condition keys:
// `*` for COMMON_KEYS, S3 keys without their `s3:` prefix, global keys in full].
const ROWS: readonly (readonly [string, string, string, string])[] = [
  ['AbortMultipartUpload', 'OX', 'Abort a multipart upload', '* AccessGrantsInstanceArn'],
  ['AllowVendedLogDeliveryForResource', 'B', 'Configure server access logs delivery to CloudWatch', 'deliverySourceArn logType resourceArnBeingAuthorized'],
  ['AssociateAccessGrantsIdentityCenter', 'X', 'Associate Access Grants identity center', '* aws:ResourceTag/<key>'],
  [
    'BypassGovernanceRetention',
    'OX',
    'Allow circumvention of governance-mode object retention settings',
    '* RequestObjectTag/<key> RequestObjectTagKeys x-amz-acl x-amz-copy-source x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp x-amz-metadata-directive x-amz-server-side-encryption x-amz-server-side-encryption-aws-kms-key-id x-amz-server-side-encryption-customer-algorithm x-amz-storage-class x-amz-website-redirect-location',
  ],
  ['CreateAccessGrant', 'X', 'Create Access Grant', '* aws:RequestTag/<key> aws:ResourceTag/<key> aws:TagKeys AccessGrantScope'],
  ['CreateAccessGrantsInstance', 'X', 'Create Access Grants Instance', '* aws:RequestTag/<key> aws:ResourceTag/<key> aws:TagKeys'],
  ['CreateAccessGrantsLocation', 'X', 'Create Access Grants location', '* aws:RequestTag/<key> aws:ResourceTag/<key> aws:TagKeys AccessGrantsLocationScope'],
  [
    'CreateAccessPoint',
    'X',
    'Create a new access point',
    '* aws:RequestTag/<key> aws:ResourceTag/<key> aws:TagKeys AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn locationconstraint x-amz-acl',
  ],
  [
    'CreateAccessPointForObjectLambda',
    'X',
    'Create an object lambda enabled accesspoint',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'CreateBucket',
    'B',
    'Create a new bucket',
    '* aws:RequestTag/<key> aws:TagKeys locationconstraint x-amz-acl x-amz-bucket-namespace x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp x-amz-object-ownership',
  ],
  ['CreateBucketMetadataTableConfiguration', 'B', 'Create a new S3 Metadata configuration for a specified general purpose bucket', '*'],
  ['CreateJob', 'X', 'Create a new Amazon S3 Batch Operations job', '* aws:RequestTag/<key> aws:TagKeys RequestJobOperation RequestJobPriority'],
  [
    'CreateMultiRegionAccessPoint',
    'X',
    'Create a new Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['CreateStorageLensGroup', 'X', 'Create an Amazon S3 Storage Lens group', '* aws:RequestTag/<key> aws:TagKeys'],
  ['DeleteAccessGrant', 'X', 'Delete Access Grant', '* aws:ResourceTag/<key> AccessGrantScope'],
  ['DeleteAccessGrantsInstance', 'X', 'Delete Access Grants Instance', '* aws:ResourceTag/<key>'],
  ['DeleteAccessGrantsInstanceResourcePolicy', 'X', 'Read Access grants instance resource policy', '* aws:ResourceTag/<key>'],
  ['DeleteAccessGrantsLocation', 'X', 'Delete Access Grants location', '* aws:ResourceTag/<key> AccessGrantsLocationScope'],
  [
    'DeleteAccessPoint',
    'X',
    'Delete the access point named in the URI',
    '* aws:ResourceTag/<key> AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'DeleteAccessPointForObjectLambda',
    'X',
    'Delete the object lambda enabled access point named in the URI',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'DeleteAccessPointPolicy',
    'X',
    'Delete the policy on a specified access point',
    '* aws:ResourceTag/<key> AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'DeleteAccessPointPolicyForObjectLambda',
    'X',
    'Delete the policy on a specified object lambda enabled access point',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  ['DeleteBucket', 'B', 'Delete the bucket named in the URI', '*'],
  ['DeleteBucketMetadataTableConfiguration', 'B', 'Delete the S3 Metadata configuration for a specified general purpose bucket', '*'],
  ['DeleteBucketPolicy', 'B', 'Delete the policy on a specified bucket', '*'],
  ['DeleteBucketWebsite', 'B', 'Remove the website configuration for a bucket', '*'],
  ['DeleteJobTagging', 'X', 'Remove tags from an existing Amazon S3 Batch Operations job', '* ExistingJobOperation ExistingJobPriority'],
  [
    'DeleteMultiRegionAccessPoint',
    'X',
    'Delete the Multi-Region Access Point named in the URI',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  [
    'DeleteObject',
    'OX',
    'Remove the null version of an object and insert a delete marker, which becomes the current version of the object',
    '* AccessGrantsInstanceArn if-match',
  ],
  ['DeleteObjectAnnotation', 'OX', 'Delete an annotation from an object', '* ExistingObjectTag/<key> x-amz-object-if-match'],
  ['DeleteObjectTagging', 'OX', 'Use the tagging subresource to remove the entire tag set from the specified object', '* ExistingObjectTag/<key>'],
  ['DeleteObjectVersion', 'OX', 'Remove a specific version of an object', '* AccessGrantsInstanceArn versionid'],
  [
    'DeleteObjectVersionAnnotation',
    'OX',
    'Delete an annotation from a specific version of an object',
    '* ExistingObjectTag/<key> versionid x-amz-object-if-match',
  ],
  ['DeleteObjectVersionTagging', 'OX', 'Remove the entire tag set for a specific version of the object', '* ExistingObjectTag/<key> versionid'],
  ['DeleteStorageLensConfiguration', 'X', 'Delete an existing Amazon S3 Storage Lens configuration', '*'],
  ['DeleteStorageLensConfigurationTagging', 'X', 'Remove tags from an existing Amazon S3 Storage Lens configuration', '*'],
  ['DeleteStorageLensGroup', 'X', 'Delete an existing S3 Storage Lens group', '*'],
  ['DescribeJob', 'X', 'Retrieve the configuration parameters and status for a batch operations job', '*'],
  [
    'DescribeMultiRegionAccessPointOperation',
    'X',
    'Retrieve the configurations for a Multi-Region Access Point',
    'ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['DissociateAccessGrantsIdentityCenter', 'X', 'Disassociate Access Grants identity center', '* aws:ResourceTag/<key>'],
  [
    'GetAccelerateConfiguration',
    'B',
    'Uses the accelerate subresource to return the Transfer Acceleration state of a bucket, which is either Enabled or Suspended',
    '*',
  ],
  ['GetAccessGrant', 'X', 'Read Access Grant', '* aws:ResourceTag/<key> AccessGrantScope'],
  ['GetAccessGrantsInstance', 'X', 'Read Access Grants Instance', '* aws:ResourceTag/<key>'],
  ['GetAccessGrantsInstanceForPrefix', 'X', 'Read Access Grants Instance by prefix', '* aws:ResourceTag/<key>'],
  ['GetAccessGrantsInstanceResourcePolicy', 'X', 'Read Access grants instance resource policy', '* aws:ResourceTag/<key>'],
  ['GetAccessGrantsLocation', 'X', 'Read Access Grants location', '* aws:ResourceTag/<key> AccessGrantsLocationScope'],
  [
    'GetAccessPoint',
    'X',
    'Return configuration information about the specified access point',
    '* aws:ResourceTag/<key> AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'GetAccessPointConfigurationForObjectLambda',
    'X',
    'Retrieve the configuration of the object lambda enabled access point',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  ['GetAccessPointForObjectLambda', 'X', 'Create an object lambda enabled accesspoint', '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn'],
  [
    'GetAccessPointPolicy',
    'X',
    'Return the access point policy associated with the specified access point',
    '* aws:ResourceTag/<key> AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'GetAccessPointPolicyForObjectLambda',
    'X',
    'Return the access point policy associated with the specified object lambda enabled access point',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'GetAccessPointPolicyStatus',
    'X',
    'Return the policy status for a specific access point policy',
    '* aws:ResourceTag/<key> AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  [
    'GetAccessPointPolicyStatusForObjectLambda',
    'X',
    'Return the policy status for a specific object lambda access point policy',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  ['GetAccountPublicAccessBlock', 'X', 'Retrieve the PublicAccessBlock configuration for an AWS account', '*'],
  ['GetAnalyticsConfiguration', 'B', 'Get an analytics configuration from an Amazon S3 bucket, identified by the analytics configuration ID', '*'],
  ['GetBucketAbac', 'B', 'Retrieve ABAC configuration for a general purpose bucket', '*'],
  ['GetBucketAcl', 'BX', 'Use the acl subresource to return the access control list (ACL) of an Amazon S3 bucket', '*'],
  ['GetBucketCORS', 'BX', 'Return the CORS configuration information set for an Amazon S3 bucket', '*'],
  ['GetBucketLocation', 'BX', 'Return the Region that an Amazon S3 bucket resides in', '*'],
  ['GetBucketLogging', 'B', 'Return the logging status of an Amazon S3 bucket and the permissions users have to view or modify that status', '*'],
  ['GetBucketMetadataTableConfiguration', 'B', 'Return the S3 Metadata configuration for a specified general purpose bucket', '*'],
  ['GetBucketNotification', 'BX', 'Get the notification configuration of an Amazon S3 bucket', '*'],
  [
    'GetBucketObjectLockConfiguration',
    'B',
    'Get the Object Lock configuration of an Amazon S3 bucket',
    'ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['GetBucketOwnershipControls', 'B', 'Retrieve ownership controls on a bucket', '*'],
  ['GetBucketPolicy', 'BX', 'Return the policy of the specified bucket', '*'],
  ['GetBucketPolicyStatus', 'B', 'Retrieve the policy status for a specific Amazon S3 bucket, which indicates whether the bucket is public', '*'],
  ['GetBucketPublicAccessBlock', 'B', 'Retrieve the PublicAccessBlock configuration for an Amazon S3 bucket', '*'],
  ['GetBucketRequestPayment', 'B', 'Return the request payment configuration for an Amazon S3 bucket', '*'],
  ['GetBucketTagging', 'B', 'Return the tag set associated with an Amazon S3 bucket', '*'],
  ['GetBucketVersioning', 'B', 'Return the versioning state of an Amazon S3 bucket', '*'],
  ['GetBucketWebsite', 'B', 'Return the website configuration for an Amazon S3 bucket', '*'],
  ['GetDataAccess', 'X', 'Get Access', '* aws:ResourceTag/<key>'],
  ['GetEncryptionConfiguration', 'B', 'Return the default encryption configuration an Amazon S3 bucket', '*'],
  ['GetIntelligentTieringConfiguration', 'B', 'Get an or list all Amazon S3 Intelligent Tiering configuration in a S3 Bucket', '*'],
  ['GetInventoryConfiguration', 'B', 'Return an inventory configuration from an Amazon S3 bucket, identified by the inventory configuration ID', '*'],
  ['GetJobTagging', 'X', 'Return the tag set of an existing Amazon S3 Batch Operations job', '*'],
  ['GetLifecycleConfiguration', 'B', 'Return the lifecycle configuration information set on an Amazon S3 bucket', '*'],
  ['GetMetricsConfiguration', 'B', 'Get a metrics configuration from an Amazon S3 bucket', '*'],
  [
    'GetMultiRegionAccessPoint',
    'X',
    'Return configuration information about the specified Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  [
    'GetMultiRegionAccessPointPolicy',
    'X',
    'Return the access point policy associated with the specified Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  [
    'GetMultiRegionAccessPointPolicyStatus',
    'X',
    'Return the policy status for a specific Multi-Region Access Point policy',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  [
    'GetMultiRegionAccessPointRoutes',
    'X',
    'Return the route configuration for a Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['GetObject', 'OX', 'Retrieve objects from Amazon S3', '* AccessGrantsInstanceArn ExistingObjectTag/<key>'],
  ['GetObjectAcl', 'OX', 'Return the access control list (ACL) of an object', '* AccessGrantsInstanceArn ExistingObjectTag/<key>'],
  ['GetObjectAnnotation', 'OX', 'Retrieve an annotation from an object', '* ExistingObjectTag/<key>'],
  ['GetObjectAttributes', 'OX', 'Retrieve attributes related to a specific object', '* ExistingObjectTag/<key>'],
  ['GetObjectLegalHold', 'OX', "Get an object's current Legal Hold status", '*'],
  ['GetObjectRetention', 'OX', 'Retrieve the retention settings for an object', '*'],
  ['GetObjectTagging', 'OX', 'Return the tag set of an object', '* ExistingObjectTag/<key>'],
  ['GetObjectTorrent', 'O', 'Return torrent files from an Amazon S3 bucket', '*'],
  ['GetObjectVersion', 'OX', 'Retrieve a specific version of an object', '* AccessGrantsInstanceArn ExistingObjectTag/<key> versionid'],
  [
    'GetObjectVersionAcl',
    'OX',
    'Return the access control list (ACL) of a specific object version',
    '* AccessGrantsInstanceArn ExistingObjectTag/<key> versionid',
  ],
  ['GetObjectVersionAnnotation', 'OX', 'Retrieve an annotation from a specific version of an object', '* ExistingObjectTag/<key> versionid'],
  ['GetObjectVersionAnnotationForReplication', 'O', 'Get an object version annotation for replication', '*'],
  ['GetObjectVersionAttributes', 'OX', 'Retrieve attributes related to a specific version of an object', '* ExistingObjectTag/<key> versionid'],
  ['GetObjectVersionForReplication', 'O', 'Replicate both unencrypted objects and objects encrypted with SSE-S3 or SSE-KMS', '*'],
  ['GetObjectVersionTagging', 'OX', 'Return the tag set for a specific version of the object', '* ExistingObjectTag/<key> versionid'],
  ['GetObjectVersionTorrent', 'O', 'Get Torrent files about a different version using the versionId subresource', '* versionid'],
  ['GetReplicationConfiguration', 'B', 'Get the replication configuration information set on an Amazon S3 bucket', '*'],
  ['GetStorageLensConfiguration', 'X', 'Get an Amazon S3 Storage Lens configuration', '*'],
  ['GetStorageLensConfigurationTagging', 'X', 'Get the tag set of an existing Amazon S3 Storage Lens configuration', '*'],
  ['GetStorageLensDashboard', 'X', 'Get an Amazon S3 Storage Lens dashboard', '*'],
  ['GetStorageLensGroup', 'X', 'Get an Amazon S3 Storage Lens group', '*'],
  ['InitiateReplication', 'O', 'Initiate the replication process by setting replication status of an object to pending', 'ResourceAccount'],
  ['ListAccessGrants', 'X', 'List Access Grant', '* aws:ResourceTag/<key>'],
  ['ListAccessGrantsInstances', 'X', 'List Access Grants Instances', '*'],
  ['ListAccessGrantsLocations', 'X', 'List Access Grants locations', '* aws:ResourceTag/<key>'],
  ['ListAccessPoints', 'X', 'List access points', '*'],
  ['ListAccessPointsForObjectLambda', 'X', 'List object lambda enabled accesspoints', '*'],
  ['ListAllMyBuckets', 'X', 'List all buckets owned by the authenticated sender of the request', '*'],
  ['ListBucket', 'BX', 'List some or all of the objects in an Amazon S3 bucket (up to 1000)', '* AccessGrantsInstanceArn delimiter max-keys prefix'],
  [
    'ListBucketMultipartUploads',
    'B',
    'List in-progress multipart uploads',
    '* aws:ResourceTag/<key> AccessGrantsInstanceArn AccessPointNetworkOrigin AccessPointTag/<key> DataAccessPointAccount DataAccessPointArn',
  ],
  ['ListBucketVersions', 'BX', 'List metadata about all the versions of objects in an Amazon S3 bucket', '* AccessGrantsInstanceArn delimiter max-keys prefix'],
  ['ListCallerAccessGrants', 'X', "List caller's Access Grant", '* aws:ResourceTag/<key>'],
  ['ListJobs', 'X', 'List current jobs and jobs that have ended recently', '*'],
  ['ListMultipartUploadParts', 'OX', 'List the parts that have been uploaded for a specific multipart upload', '* AccessGrantsInstanceArn'],
  ['ListMultiRegionAccessPoints', 'X', 'List Multi-Region Access Points', 'ResourceAccount TlsVersion authType signatureAge signatureversion'],
  ['ListObjectAnnotations', 'OX', 'List annotations on an object', '* ExistingObjectTag/<key> annotation-prefix max-annotation-results'],
  [
    'ListObjectVersionAnnotations',
    'OX',
    'List annotations on a specific version of an object',
    '* ExistingObjectTag/<key> annotation-prefix max-annotation-results versionid',
  ],
  ['ListStorageLensConfigurations', 'X', 'List Amazon S3 Storage Lens configurations', '*'],
  ['ListStorageLensGroups', 'X', 'List S3 Storage Lens groups', '*'],
  ['ListTagsForResource', 'BX', 'List the tags attached to the specified resource', '*'],
  ['ObjectOwnerOverrideToBucketOwner', 'O', 'Change replica ownership', '*'],
  ['PauseReplication', 'B', 'Pause S3 Replication from target source buckets to destination buckets', '* destinationRegion'],
  ['PutAccelerateConfiguration', 'B', 'Use the accelerate subresource to set the Transfer Acceleration state of an existing S3 bucket', '*'],
  ['PutAccessGrantsInstanceResourcePolicy', 'X', 'Put Access grants instance resource policy', '* aws:ResourceTag/<key>'],
  [
    'PutAccessPointConfigurationForObjectLambda',
    'X',
    'Set the configuration of the object lambda enabled access point',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  ['PutAccessPointPolicy', 'X', 'Associate an access policy with a specified access point', '*'],
  [
    'PutAccessPointPolicyForObjectLambda',
    'X',
    'Associate an access policy with a specified object lambda enabled access point',
    '* AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn',
  ],
  ['PutAccessPointPublicAccessBlock', 'X', 'Associate public access block configurations with a specified access point, while creating a access point', ''],
  ['PutAccountPublicAccessBlock', 'X', 'Create or modify the PublicAccessBlock configuration for an AWS account', '*'],
  ['PutAnalyticsConfiguration', 'B', 'Set an analytics configuration for the bucket, specified by the analytics configuration ID', '*'],
  ['PutBucketAbac', 'B', 'Set ABAC configuration for a general purpose bucket', '*'],
  [
    'PutBucketAcl',
    'B',
    'Set the permissions on an existing bucket using access control lists (ACLs)',
    '* x-amz-acl x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp',
  ],
  ['PutBucketCORS', 'B', 'Set the CORS configuration for an Amazon S3 bucket', '*'],
  ['PutBucketLogging', 'B', 'Set the logging parameters for an Amazon S3 bucket', '*'],
  ['PutBucketNotification', 'B', 'Receive notifications when certain events happen in an Amazon S3 bucket', '*'],
  [
    'PutBucketObjectLockConfiguration',
    'B',
    'Put Object Lock configuration on a specific bucket',
    'ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['PutBucketOwnershipControls', 'B', 'Add, replace or delete ownership controls on a bucket', '*'],
  ['PutBucketPolicy', 'B', 'Add or replace a bucket policy on a bucket', '*'],
  ['PutBucketPublicAccessBlock', 'B', 'Create or modify the PublicAccessBlock configuration for a specific Amazon S3 bucket', '*'],
  ['PutBucketRequestPayment', 'B', 'Set the request payment configuration of a bucket', '*'],
  ['PutBucketTagging', 'B', 'Add a set of tags to an existing Amazon S3 bucket', '*'],
  ['PutBucketVersioning', 'B', 'Set the versioning state of an existing Amazon S3 bucket', '*'],
  ['PutBucketWebsite', 'B', 'Set the configuration of the website that is specified in the website subresource', '*'],
  ['PutEncryptionConfiguration', 'B', 'Set the encryption configuration for an Amazon S3 bucket', '*'],
  ['PutIntelligentTieringConfiguration', 'B', 'Create new or update or delete an existing Amazon S3 Intelligent Tiering configuration', '*'],
  ['PutInventoryConfiguration', 'B', 'Add an inventory configuration to the bucket, identified by the inventory ID', '* InventoryAccessibleOptionalFields'],
  [
    'PutJobTagging',
    'X',
    'Replace tags on an existing Amazon S3 Batch Operations job',
    '* aws:RequestTag/<key> aws:TagKeys ExistingJobOperation ExistingJobPriority',
  ],
  ['PutLifecycleConfiguration', 'B', 'Create a new lifecycle configuration for the bucket or replace an existing lifecycle configuration', '*'],
  ['PutMetricsConfiguration', 'B', 'Set or update a metrics configuration for the CloudWatch request metrics from an Amazon S3 bucket', '*'],
  [
    'PutMultiRegionAccessPointPolicy',
    'X',
    'Associate an access policy with a specified Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  [
    'PutObject',
    'OX',
    'Add an object to a bucket',
    '* AccessGrantsInstanceArn ObjectCreationOperation RequestObjectTag/<key> RequestObjectTagKeys if-match if-none-match object-lock-legal-hold object-lock-mode object-lock-remaining-retention-days object-lock-retain-until-date x-amz-acl x-amz-copy-source x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp x-amz-metadata-directive x-amz-object-annotation-directive x-amz-server-side-encryption x-amz-server-side-encryption-aws-kms-key-id x-amz-server-side-encryption-customer-algorithm x-amz-storage-class x-amz-website-redirect-location',
  ],
  [
    'PutObjectAcl',
    'OX',
    'Set the access control list (ACL) permissions for new or existing objects in an S3 bucket',
    '* AccessGrantsInstanceArn ExistingObjectTag/<key> x-amz-acl x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp x-amz-storage-class',
  ],
  ['PutObjectAnnotation', 'OX', 'Add or replace an annotation on an object', '* ExistingObjectTag/<key> x-amz-object-if-match'],
  ['PutObjectLegalHold', 'OX', 'Apply a Legal Hold configuration to the specified object', '* object-lock-legal-hold'],
  [
    'PutObjectRetention',
    'OX',
    'Place an Object Retention configuration on an object',
    '* object-lock-mode object-lock-remaining-retention-days object-lock-retain-until-date',
  ],
  [
    'PutObjectTagging',
    'OX',
    'Set the supplied tag-set to an object that already exists in a bucket',
    '* ExistingObjectTag/<key> RequestObjectTag/<key> RequestObjectTagKeys',
  ],
  [
    'PutObjectVersionAcl',
    'OX',
    'Use the acl subresource to set the access control list (ACL) permissions for an object that already exists in a bucket',
    '* AccessGrantsInstanceArn ExistingObjectTag/<key> versionid x-amz-acl x-amz-grant-full-control x-amz-grant-read x-amz-grant-read-acp x-amz-grant-write x-amz-grant-write-acp x-amz-storage-class',
  ],
  [
    'PutObjectVersionAnnotation',
    'OX',
    'Add or replace an annotation on a specific version of an object',
    '* ExistingObjectTag/<key> versionid x-amz-object-if-match',
  ],
  [
    'PutObjectVersionTagging',
    'OX',
    'Set the supplied tag-set for a specific version of an object',
    '* ExistingObjectTag/<key> RequestObjectTag/<key> RequestObjectTagKeys versionid',
  ],
  ['PutReplicationConfiguration', 'B', 'Create a new replication configuration or replace an existing one', '* isReplicationPauseRequest'],
  ['PutStorageLensConfiguration', 'X', 'Create or update an Amazon S3 Storage Lens configuration', '* aws:RequestTag/<key> aws:TagKeys'],
  ['PutStorageLensConfigurationTagging', 'X', 'Put or replace tags on an existing Amazon S3 Storage Lens configuration', '* aws:RequestTag/<key> aws:TagKeys'],
  ['ReplicateDelete', 'O', 'Replicate delete markers to the destination bucket', '*'],
  [
    'ReplicateObject',
    'O',
    'Replicate objects and object tags to the destination bucket',
    '* x-amz-server-side-encryption x-amz-server-side-encryption-aws-kms-key-id x-amz-server-side-encryption-customer-algorithm',
  ],
  ['ReplicateObjectAnnotation', 'O', 'Replicate annotations to the destination bucket', '*'],
  ['ReplicateTags', 'O', 'Replicate object tags to the destination bucket', '*'],
  ['RestoreObject', 'OX', 'Restore an archived copy of an object back into Amazon S3', '*'],
  [
    'SubmitMultiRegionAccessPointRoutes',
    'X',
    'Submit a route configuration update for a Multi-Region Access Point',
    'AccessPointNetworkOrigin DataAccessPointAccount DataAccessPointArn ResourceAccount TlsVersion authType signatureAge signatureversion',
  ],
  ['TagResource', 'BX', 'Add tags to the specified resource', '* aws:RequestTag/<key> aws:TagKeys'],
  ['UntagResource', 'BX', 'Remove tags from the specified resource', '* aws:TagKeys'],
  ['UpdateAccessGrantsLocation', 'X', 'Update Access Grants location', '* aws:ResourceTag/<key> AccessGrantsLocationScope'],
  ['UpdateBucketMetadataAnnotationTableConfiguration', 'B', 'Update the annotation table configuration for a bucket', '*'],
  [
    'UpdateBucketMetadataInventoryTableConfiguration',
    'B',
    'Update the inventory table configuration on an existing S3 Metadata configuration for a specified general purpose bucket',
    '*',
  ],
  [
    'UpdateBucketMetadataJournalTableConfiguration',
    'B',
    'Update the journal table configuration on an existing S3 Metadata configuration for a specified general purpose bucket',
    '*',
  ],
  ['UpdateJobPriority', 'X', 'Update the priority of an existing job', '* ExistingJobOperation ExistingJobPriority RequestJobPriority'],
  ['UpdateJobStatus', 'X', 'Update the status for the specified job', '* ExistingJobOperation ExistingJobPriority JobSuspendedCause'],
  [
    'UpdateObjectEncryption',
    'OX',
    'Update the server-side encryption type of an existing object in a general purpose bucket',
    '* ExistingObjectTag/<key> x-amz-server-side-encryption x-amz-server-side-encryption-aws-kms-key-id',
  ],
  ['UpdateStorageLensGroup', 'X', 'Update an existing S3 Storage Lens group', '*'],
];

function expandKeys(spec: string): string[] {
  return spec
    .split(' ')
    .filter(Boolean)
    .flatMap((k) => (k === '*' ? COMMON_KEYS : [k.startsWith('aws:') ? k : `s3:${k}`]));
}

function resourcesOf(code: string): S3ResourceType[] {
  const types: S3ResourceType[] = [];
  if (code.includes('B')) types.push('bucket');
  if (code.includes('O')) types.push('object');
  return types.length > 0 ? types : ['other'];
}

/** Every S3 action (`s3:Name`), for checks and completion. */
export const S3_ACTION_INFO: ReadonlyMap<string, S3ActionInfo> = new Map(
  ROWS.map(([name, types, description, keys]) => [`s3:${name}`, { resources: resourcesOf(types), description, conditionKeys: expandKeys(keys) }]),
);

/** The ARN type each S3 action applies to in a bucket policy (no action applies to both). */
export const S3_ACTIONS: ReadonlyMap<string, S3ResourceType> = new Map([...S3_ACTION_INFO].map(([name, info]) => [name, info.resources[0] ?? 'other']));

// IAM compares action names case-insensitively.
const BY_LOWER = new Map([...S3_ACTION_INFO.keys()].map((a) => [a.toLowerCase(), a]));

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
  return [...S3_ACTION_INFO.keys()].filter((a) => re.test(a.toLowerCase()));
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
    t = new Set(matchS3Actions(pattern).flatMap((a) => S3_ACTION_INFO.get(a)?.resources ?? []));
    typesCache.set(pattern, t);
  }
  return t;
}

/** Condition keys any action an action pattern matches supports (S3 keys only; global keys always apply). */
export function conditionKeysOf(pattern: string): ReadonlySet<string> {
  return new Set(matchS3Actions(pattern).flatMap((a) => S3_ACTION_INFO.get(a)?.conditionKeys ?? []));
}
