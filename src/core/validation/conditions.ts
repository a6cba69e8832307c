// The IAM condition vocabulary a bucket policy or role trust policy may use: the condition
// operators (IAM User Guide, "IAM JSON policy elements: Condition operators") and the condition
// keys S3 requests carry — the global aws: keys ("AWS global condition context keys"), the
// s3: keys and the sts: keys of the Service Authorization Reference. Checks and completion
// both read these tables.
import { editDistance } from './schemaErrors';

export type ConditionKeyType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'ArrayOfString' | 'ArrayOfARN';

export interface ConditionKeyInfo {
  type: ConditionKeyType;
  description: string;
}

/** The base operators; each also takes a `ForAnyValue:`/`ForAllValues:` prefix, and all but Null an `IfExists` suffix. */
export const CONDITION_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['StringEquals', 'Exact, case-sensitive string match.'],
  ['StringNotEquals', 'Negated exact, case-sensitive string match.'],
  ['StringEqualsIgnoreCase', 'Exact string match, ignoring case.'],
  ['StringNotEqualsIgnoreCase', 'Negated string match, ignoring case.'],
  ['StringLike', 'Case-sensitive match with * and ? wildcards.'],
  ['StringNotLike', 'Negated case-sensitive match with * and ? wildcards.'],
  ['NumericEquals', 'Number equal to the value.'],
  ['NumericNotEquals', 'Number not equal to the value.'],
  ['NumericLessThan', 'Number less than the value.'],
  ['NumericLessThanEquals', 'Number less than or equal to the value.'],
  ['NumericGreaterThan', 'Number greater than the value.'],
  ['NumericGreaterThanEquals', 'Number greater than or equal to the value.'],
  ['DateEquals', 'Date equal to the value (ISO 8601 or epoch seconds).'],
  ['DateNotEquals', 'Date not equal to the value.'],
  ['DateLessThan', 'Date before the value.'],
  ['DateLessThanEquals', 'Date at or before the value.'],
  ['DateGreaterThan', 'Date after the value.'],
  ['DateGreaterThanEquals', 'Date at or after the value.'],
  ['Bool', 'Boolean match ("true" or "false"), e.g. aws:SecureTransport.'],
  ['BinaryEquals', 'Byte-for-byte match of a base64-encoded value.'],
  ['IpAddress', 'IP address within a CIDR range, e.g. aws:SourceIp.'],
  ['NotIpAddress', 'IP address outside a CIDR range.'],
  ['ArnEquals', 'ARN match, case-sensitive, wildcards allowed.'],
  ['ArnLike', 'ARN match with * and ? wildcards, e.g. aws:SourceArn.'],
  ['ArnNotEquals', 'Negated ARN match.'],
  ['ArnNotLike', 'Negated ARN match with wildcards.'],
  ['Null', 'Whether the key is absent ("true") or present ("false").'],
]);

export interface ConditionOperator {
  base: string;
  set?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
}

/** Reads an operator such as `ForAnyValue:StringLikeIfExists`; undefined when IAM does not know it. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(name);
  if (!m) return undefined;
  const [, set, base = '', ifExists] = m;
  if (!CONDITION_OPERATORS.has(base)) return undefined;
  // "IfExists" asks "if the key is present"; Null already asks exactly that, and IAM refuses the pair.
  if (ifExists && base === 'Null') return undefined;
  return { base, ifExists: ifExists !== undefined, ...(set === 'ForAnyValue' || set === 'ForAllValues' ? { set } : {}) };
}

/** Every spelling IAM accepts, for suggestions: the base names, with the prefixes and with IfExists. */
export function conditionOperatorForms(): string[] {
  const bases = [...CONDITION_OPERATORS.keys()];
  const suffixed = bases.flatMap((b) => (b === 'Null' ? [b] : [b, `${b}IfExists`]));
  return [...suffixed, ...suffixed.flatMap((o) => [`ForAnyValue:${o}`, `ForAllValues:${o}`])];
}

const key = (type: ConditionKeyType, description: string): ConditionKeyInfo => ({ type, description });

/**
 * Condition keys by their documented spelling (IAM compares key names case-insensitively). A
 * key ending in `/<key>` takes any tag key after the slash.
 */
export const CONDITION_KEYS: ReadonlyMap<string, ConditionKeyInfo> = new Map([
  // Global keys: principal
  ['aws:PrincipalArn', key('ARN', 'ARN of the principal that made the request.')],
  ['aws:PrincipalAccount', key('String', 'Account id of the principal that made the request.')],
  ['aws:PrincipalOrgID', key('String', 'AWS Organizations id of the organization the principal belongs to.')],
  ['aws:PrincipalOrgPaths', key('ArrayOfString', 'AWS Organizations paths of the principal.')],
  ['aws:PrincipalTag/<key>', key('String', 'Tag attached to the principal that made the request.')],
  ['aws:PrincipalIsAWSService', key('Bool', 'Whether the request comes from an AWS service principal.')],
  ['aws:PrincipalServiceName', key('String', 'Name of the AWS service principal that made the request.')],
  ['aws:PrincipalServiceNamesList', key('ArrayOfString', 'All service principal names of the service that made the request.')],
  ['aws:PrincipalType', key('String', 'Type of principal: Account, User, FederatedUser, AssumedRole or Anonymous.')],
  ['aws:userid', key('String', 'Unique id of the principal that made the request.')],
  ['aws:username', key('String', 'Friendly name of the IAM user that made the request.')],
  // Global keys: session
  ['aws:AssumedRoot', key('Bool', 'Whether the request used AssumeRoot credentials.')],
  ['aws:FederatedProvider', key('String', 'Identity provider that issued the session’s identity.')],
  ['aws:TokenIssueTime', key('Date', 'When the temporary credentials were issued.')],
  ['aws:MultiFactorAuthAge', key('Numeric', 'Seconds since the principal authenticated with MFA (absent without MFA).')],
  ['aws:MultiFactorAuthPresent', key('Bool', 'Whether the temporary credentials were created with MFA.')],
  ['aws:ChatbotSourceArn', key('ARN', 'Chat channel configuration ARN of an AWS Chatbot session.')],
  ['aws:Ec2InstanceSourceVpc', key('String', 'VPC of the EC2 instance whose role credentials made the request.')],
  ['aws:Ec2InstanceSourcePrivateIPv4', key('IPAddress', 'Private IPv4 address of the EC2 instance whose role credentials made the request.')],
  ['aws:SourceIdentity', key('String', 'Source identity set when the role session was created.')],
  // Global keys: network
  ['aws:SourceIp', key('IPAddress', 'Public IP address the request came from.')],
  ['aws:SourceVpc', key('String', 'VPC the request came through (VPC endpoint requests only).')],
  ['aws:SourceVpcArn', key('String', 'ARN of the VPC the request came through.')],
  ['aws:SourceVpce', key('String', 'VPC endpoint the request came through.')],
  ['aws:VpceAccount', key('String', 'Account that owns the VPC endpoint the request came through.')],
  ['aws:VpceOrgID', key('String', 'Organization of the account that owns the VPC endpoint.')],
  ['aws:VpceOrgPaths', key('ArrayOfString', 'Organizations paths of the account that owns the VPC endpoint.')],
  ['aws:VpcSourceIp', key('IPAddress', 'Private IP address the request came from through a VPC endpoint.')],
  // Global keys: resource
  ['aws:ResourceAccount', key('String', 'Account id that owns the resource.')],
  ['aws:ResourceOrgID', key('String', 'Organization of the account that owns the resource.')],
  ['aws:ResourceOrgPaths', key('ArrayOfString', 'Organizations paths of the account that owns the resource.')],
  ['aws:ResourceTag/<key>', key('String', 'Tag attached to the resource.')],
  // Global keys: request
  ['aws:CalledVia', key('ArrayOfString', 'Services that made the request on the principal’s behalf, in order.')],
  ['aws:CalledViaFirst', key('String', 'First service that made the request on the principal’s behalf.')],
  ['aws:CalledViaLast', key('String', 'Last service that made the request on the principal’s behalf.')],
  ['aws:CalledViaAWSMCP', key('String', 'AWS MCP server that made the request on the principal’s behalf.')],
  ['aws:ViaAWSService', key('Bool', 'Whether an AWS service made the request on the principal’s behalf.')],
  ['aws:ViaAWSMCPService', key('Bool', 'Whether an AWS MCP server made the request on the principal’s behalf.')],
  ['aws:IsMcpServiceAction', key('Bool', 'Whether the action is an AWS MCP service action.')],
  ['aws:CurrentTime', key('Date', 'Date and time of the request (use with Date operators).')],
  ['aws:EpochTime', key('Date', 'Date and time of the request in epoch seconds.')],
  ['aws:Referer', key('String', 'HTTP Referer header of the request; set by the client, so never a security boundary.')],
  ['aws:RequestedRegion', key('String', 'Region the request was sent to.')],
  ['aws:RequestTag/<key>', key('String', 'Tag passed in the request.')],
  ['aws:TagKeys', key('ArrayOfString', 'Tag keys passed in the request.')],
  ['aws:SecureTransport', key('Bool', 'Whether the request was sent over TLS (HTTPS).')],
  ['aws:SourceArn', key('ARN', 'ARN of the resource on whose behalf a service makes the request, e.g. a CloudFront distribution.')],
  ['aws:SourceAccount', key('String', 'Account of the resource on whose behalf a service makes the request.')],
  ['aws:SourceOwner', key('String', 'Account that owns the source resource (older services).')],
  ['aws:SourceOrgID', key('String', 'Organization of the account of the source resource.')],
  ['aws:SourceOrgPaths', key('ArrayOfString', 'Organizations paths of the account of the source resource.')],
  ['aws:UserAgent', key('String', 'HTTP User-Agent of the client; set by the client, so never a security boundary.')],
  // Amazon S3
  ['s3:AccessGrantScope', key('String', 'Grant scope of an S3 Access Grants grant.')],
  ['s3:AccessGrantsInstanceArn', key('ARN', 'ARN of the S3 Access Grants instance.')],
  ['s3:AccessGrantsLocationScope', key('String', 'Location scope of an S3 Access Grants location.')],
  ['s3:AccessPointNetworkOrigin', key('String', 'Network origin of the access point: Internet or VPC.')],
  ['s3:AccessPointTag/<key>', key('String', 'Tag of the access point the request came through.')],
  ['s3:BucketTag/<key>', key('String', 'Tag of the bucket.')],
  ['s3:DataAccessPointAccount', key('String', 'Account that owns the access point the request came through.')],
  ['s3:DataAccessPointArn', key('ARN', 'ARN of the access point the request came through.')],
  ['s3:ExistingJobOperation', key('String', 'Operation of an existing Batch Operations job.')],
  ['s3:ExistingJobPriority', key('Numeric', 'Priority of an existing Batch Operations job.')],
  ['s3:ExistingObjectTag/<key>', key('String', 'Tag already on the object.')],
  ['s3:InventoryAccessibleOptionalFields', key('ArrayOfString', 'Optional metadata fields an S3 Inventory configuration may include.')],
  ['s3:JobSuspendedCause', key('String', 'Why a Batch Operations job is suspended.')],
  ['s3:ObjectCreationOperation', key('Bool', 'Whether the operation creates an object.')],
  ['s3:RequestJobOperation', key('String', 'Operation of the Batch Operations job being created.')],
  ['s3:RequestJobPriority', key('Numeric', 'Priority of the Batch Operations job being created.')],
  ['s3:RequestObjectTag/<key>', key('String', 'Tag the request puts on the object.')],
  ['s3:RequestObjectTagKeys', key('ArrayOfString', 'Tag keys the request puts on the object.')],
  ['s3:ResourceAccount', key('String', 'Account that owns the bucket or object.')],
  ['s3:TlsVersion', key('Numeric', 'TLS version of the connection, e.g. 1.2.')],
  ['s3:annotation-prefix', key('String', 'Annotation name prefix in the request.')],
  ['s3:authType', key('String', 'How the request was authenticated: REST-HEADER, REST-QUERY-STRING or POST.')],
  ['s3:delimiter', key('String', 'delimiter parameter of a ListBucket request.')],
  ['s3:deliverySourceArn', key('ARN', 'ARN of a CloudWatch Logs delivery source.')],
  ['s3:destinationRegion', key('String', 'Replication destination Region of a paused replication.')],
  ['s3:if-match', key('String', 'If-Match header of the request.')],
  ['s3:if-none-match', key('String', 'If-None-Match header of the request.')],
  ['s3:isReplicationPauseRequest', key('Bool', 'Whether the request comes from the AWS FIS replication pause action.')],
  ['s3:locationconstraint', key('String', 'Region a CreateBucket request asks for.')],
  ['s3:logType', key('String', 'Log type of a vended log delivery (S3_SERVER_ACCESS_LOGS).')],
  ['s3:max-annotation-results', key('Numeric', 'Maximum number of annotation results requested.')],
  ['s3:max-keys', key('Numeric', 'max-keys parameter of a ListBucket request.')],
  ['s3:object-lock-legal-hold', key('String', 'Object Lock legal hold status in the request.')],
  ['s3:object-lock-mode', key('String', 'Object Lock retention mode in the request: GOVERNANCE or COMPLIANCE.')],
  ['s3:object-lock-remaining-retention-days', key('Numeric', 'Days of Object Lock retention the request leaves.')],
  ['s3:object-lock-retain-until-date', key('Date', 'Object Lock retain-until date in the request.')],
  ['s3:prefix', key('String', 'prefix parameter of a ListBucket request: limits listing to keys under it.')],
  ['s3:resourceArnBeingAuthorized', key('ARN', 'ARN of the source bucket of a vended log delivery.')],
  ['s3:signatureAge', key('Numeric', 'Age of the request signature in milliseconds.')],
  ['s3:signatureversion', key('String', 'Signature version of the request: AWS (SigV2) or AWS4-HMAC-SHA256 (SigV4).')],
  ['s3:versionid', key('String', 'Object version the request names.')],
  ['s3:x-amz-acl', key('String', 'Canned ACL in the x-amz-acl header, e.g. bucket-owner-full-control.')],
  ['s3:x-amz-bucket-namespace', key('String', 'Namespace type of a general purpose bucket.')],
  ['s3:x-amz-content-sha256', key('String', 'x-amz-content-sha256 header: UNSIGNED-PAYLOAD for unsigned bodies.')],
  ['s3:x-amz-copy-source', key('String', 'Source bucket, prefix or object of a copy request.')],
  ['s3:x-amz-grant-full-control', key('String', 'x-amz-grant-full-control header.')],
  ['s3:x-amz-grant-read', key('String', 'x-amz-grant-read header.')],
  ['s3:x-amz-grant-read-acp', key('String', 'x-amz-grant-read-acp header.')],
  ['s3:x-amz-grant-write', key('String', 'x-amz-grant-write header.')],
  ['s3:x-amz-grant-write-acp', key('String', 'x-amz-grant-write-acp header.')],
  ['s3:x-amz-metadata-directive', key('String', 'Metadata directive of a copy: COPY or REPLACE.')],
  ['s3:x-amz-object-annotation-directive', key('String', 'Annotation copy directive of a copy request.')],
  ['s3:x-amz-object-if-match', key('String', 'ETag of the object version the request names.')],
  ['s3:x-amz-object-ownership', key('String', 'Object Ownership setting of a CreateBucket request.')],
  ['s3:x-amz-server-side-encryption', key('String', 'Server-side encryption in the request: AES256, aws:kms or aws:kms:dsse.')],
  ['s3:x-amz-server-side-encryption-aws-kms-key-id', key('ARN', 'KMS key the request encrypts with.')],
  ['s3:x-amz-server-side-encryption-customer-algorithm', key('String', 'Algorithm of customer-provided encryption keys (SSE-C).')],
  ['s3:x-amz-storage-class', key('String', 'Storage class in the request.')],
  ['s3:x-amz-website-redirect-location', key('String', 'Website redirect location in the request.')],
  // AWS STS (role trust policies)
  ['sts:ExternalId', key('String', 'External id the caller passes to AssumeRole; set it for third parties such as Bitmovin.')],
  ['sts:RoleSessionName', key('String', 'Role session name the caller passes to AssumeRole.')],
  ['sts:SourceIdentity', key('String', 'Source identity the caller passes to AssumeRole.')],
  ['sts:TransitiveTagKeys', key('ArrayOfString', 'Transitive session tag keys passed in the request.')],
  ['sts:AWSServiceName', key('String', 'Service a bearer token is obtained for.')],
  ['sts:DurationSeconds', key('Numeric', 'Requested lifetime of a bearer token or web identity token.')],
  ['sts:IdentityTokenAudience', key('ArrayOfString', 'Audience passed in a GetWebIdentityToken request.')],
  ['sts:RequestContext/<key>', key('String', 'Session context key from a trusted context provider.')],
  ['sts:RequestContextProviders', key('ArrayOfARN', 'Context provider ARNs of the request.')],
  ['sts:RoleAuthorizedByIdp', key('Bool', 'Whether the identity provider authorized the role in the OIDC token.')],
  ['sts:SigningAlgorithm', key('String', 'Signing algorithm passed in the request.')],
  ['sts:TaskPolicyArn', key('ARN', 'ARN of the task policy of an AssumeRoot request.')],
]);

const EXACT = new Map([...CONDITION_KEYS.keys()].filter((k) => !k.endsWith('/<key>')).map((k) => [k.toLowerCase(), k]));
const TAGGED = [...CONDITION_KEYS.keys()].filter((k) => k.endsWith('/<key>')).map((k) => ({ prefix: k.slice(0, -'<key>'.length).toLowerCase(), key: k }));

/** The documented key a condition key names (tag keys as `…/<key>`), or undefined. Case-insensitive, as IAM is. */
export function lookupConditionKey(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = EXACT.get(lower);
  if (exact) return exact;
  return TAGGED.find((t) => lower.startsWith(t.prefix) && lower.length > t.prefix.length)?.key;
}

/** The closest of `candidates` to `word` by edit distance (case-insensitive), when close enough to be a typo. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(w.length / 5)) ? best : undefined;
}

/**
 * A suggestion for an unknown condition key in the given namespaces: the closest known key, with
 * a tag key's `<key>` part replaced by what the author wrote after the slash.
 */
export function suggestConditionKey(name: string, namespaces: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const pool = [...CONDITION_KEYS.keys()].filter((k) => namespaces.some((n) => k.toLowerCase().startsWith(`${n}:`)));
  const slash = name.indexOf('/');
  if (slash > 0) {
    const head = lower.slice(0, slash + 1);
    const tagged = closestName(
      head,
      pool.filter((k) => k.endsWith('/<key>')).map((k) => k.slice(0, -'<key>'.length)),
    );
    if (tagged) return `${tagged}${name.slice(slash + 1)}`;
  }
  return closestName(
    name,
    pool.filter((k) => !k.endsWith('/<key>')),
  );
}
