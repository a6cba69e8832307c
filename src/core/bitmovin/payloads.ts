// The POST body that registers a storage location as a Bitmovin input or output. Built from the same
// generators as the pasteable payloads, with the placeholders replaced by the keys the user
// typed: this body goes to Bitmovin only, never to a file or the log.
import { endpointFor, type Connection, type Location } from '../storage/connection';
import { bitmovinGenericS3Payload, bitmovinS3Payload } from '../validation/generators';
import type { BitmovinDirection, BitmovinStorageKind } from './types';

export type BitmovinAuth = { kind: 'keys'; accessKey: string; secretKey: string } | { kind: 'role'; roleArn: string; externalId?: string };

export interface BitmovinStorageRequest {
  kind: BitmovinStorageKind;
  body: Record<string, unknown>;
}

// IAM role ARNs in any partition (aws, aws-cn, aws-us-gov); paths are allowed in role names.
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function checkRoleArn(value: string): string | undefined {
  return ROLE_ARN.test(value.trim()) ? undefined : 'An IAM role ARN looks like arn:aws:iam::123456789012:role/bitmovin-output.';
}

/** Which Bitmovin resource types can hold this connection's buckets (the same for inputs and outputs). */
export function storageKindsFor(connection: Connection): BitmovinStorageKind[] {
  return connection.kind === 'aws' ? ['s3', 's3-role-based'] : ['generic-s3'];
}

/**
 * The request for `location` on `connection`. A Bitmovin input or output names only the bucket:
 * the location's prefix belongs in each encoding's input or output path, so it is not part of
 * the body.
 */
export function bitmovinStorageRequest(location: Location, connection: Connection, auth: BitmovinAuth, name?: string): BitmovinStorageRequest {
  const label = name?.trim() || location.name;
  const direction: 'input' | 'output' = location.role === 'input' ? 'input' : 'output';
  if (auth.kind === 'role') {
    if (connection.kind !== 'aws') throw new Error('Role-based access works only for AWS S3 buckets.');
    const { cloudRegion } = bitmovinS3Payload(direction, { bucket: location.bucket, region: connection.region });
    const body: Record<string, unknown> = {
      name: label,
      bucketName: location.bucket,
      roleArn: auth.roleArn.trim(),
      // Without an external id any Bitmovin customer who learns the role ARN could have Bitmovin
      // assume it (the confused deputy): a given id is CUSTOM, otherwise Bitmovin generates one
      // for this resource, which the role's trust policy then requires.
      ...(auth.externalId ? { externalIdMode: 'CUSTOM', externalId: auth.externalId } : { externalIdMode: 'GENERATED' }),
      ...(cloudRegion ? { cloudRegion } : {}),
    };
    return { kind: 's3-role-based', body };
  }
  const keys = { accessKey: auth.accessKey.trim(), secretKey: auth.secretKey };
  if (connection.kind === 'aws') {
    return { kind: 's3', body: { ...bitmovinS3Payload(direction, { bucket: location.bucket, name: label, region: connection.region }), ...keys } };
  }
  if (!connection.endpoint) throw new Error(`Connection "${connection.label}" has no endpoint, which a generic S3 ${direction} needs.`);
  const endpoint = endpointFor(connection);
  const body = bitmovinGenericS3Payload(direction, { bucket: location.bucket, endpoint, name: label, forcePathStyle: connection.forcePathStyle ?? true });
  return { kind: 'generic-s3', body: { ...body, ...keys } };
}

export function directionOf(location: Location): BitmovinDirection {
  return location.role === 'input' ? 'inputs' : 'outputs';
}
