// The POST body that registers a storage location as a Bitmovin output. Built from the same
// generators as the pasteable payloads, with the placeholders replaced by the keys the user
// typed: this body goes to Bitmovin only, never to a file or the log.
import { endpointFor, type Connection, type Location } from '../storage/connection';
import { bitmovinGenericS3Payload, bitmovinS3Payload } from '../validation/generators';
import type { BitmovinStorageKind } from './types';

export type BitmovinOutputAuth = { kind: 'keys'; accessKey: string; secretKey: string } | { kind: 'role'; roleArn: string; externalId?: string };

export interface BitmovinOutputRequest {
  kind: BitmovinStorageKind;
  body: Record<string, unknown>;
}

// IAM role ARNs in any partition (aws, aws-cn, aws-us-gov); paths are allowed in role names.
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function checkRoleArn(value: string): string | undefined {
  return ROLE_ARN.test(value.trim()) ? undefined : 'An IAM role ARN looks like arn:aws:iam::123456789012:role/bitmovin-output.';
}

/** Which Bitmovin resource types can hold this connection's buckets. */
export function outputKindsFor(connection: Connection): BitmovinStorageKind[] {
  return connection.kind === 'aws' ? ['s3', 's3-role-based'] : ['generic-s3'];
}

/**
 * The request for `location` on `connection`. A Bitmovin output names only the bucket: the
 * location's prefix belongs in each encoding's outputPath, so it is not part of the body.
 */
export function bitmovinOutputRequest(location: Location, connection: Connection, auth: BitmovinOutputAuth, name?: string): BitmovinOutputRequest {
  const label = name?.trim() || location.name;
  if (auth.kind === 'role') {
    if (connection.kind !== 'aws') throw new Error('Role-based access works only for AWS S3 buckets.');
    const { cloudRegion } = bitmovinS3Payload('output', { bucket: location.bucket, region: connection.region });
    const body: Record<string, unknown> = {
      name: label,
      bucketName: location.bucket,
      roleArn: auth.roleArn.trim(),
      ...(auth.externalId ? { externalId: auth.externalId } : {}),
      ...(cloudRegion ? { cloudRegion } : {}),
    };
    return { kind: 's3-role-based', body };
  }
  const keys = { accessKey: auth.accessKey.trim(), secretKey: auth.secretKey };
  if (connection.kind === 'aws') {
    return { kind: 's3', body: { ...bitmovinS3Payload('output', { bucket: location.bucket, name: label, region: connection.region }), ...keys } };
  }
  if (!connection.endpoint) throw new Error(`Connection "${connection.label}" has no endpoint, which a generic S3 output needs.`);
  const endpoint = endpointFor(connection);
  const body = bitmovinGenericS3Payload('output', { bucket: location.bucket, endpoint, name: label, forcePathStyle: connection.forcePathStyle ?? true });
  return { kind: 'generic-s3', body: { ...body, ...keys } };
}
