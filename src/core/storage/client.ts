// Builds an S3Client for a Connection. The SDK is imported lazily: loading it costs hundreds of
// milliseconds, and extension activation must stay fast when no bucket is opened.
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Connection } from './connection';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The config handed to the SDK; split out so it can be checked without a network. */
export async function s3ClientConfig(conn: Connection, credentials?: StaticCredentials): Promise<S3ClientConfig> {
  const config: S3ClientConfig = { region: conn.region, credentials: await credentialSource(conn, credentials) };
  if (conn.endpoint) config.endpoint = endpointFor(conn);
  if (conn.forcePathStyle !== undefined) config.forcePathStyle = conn.forcePathStyle;
  if (conn.signingRegion) config.signingRegion = conn.signingRegion;
  // Most S3-compatible stores reject the CRC32 trailers newer SDKs send by default, so they
  // only get checksums when an operation requires them.
  const whenRequired = conn.checksumMode === 'when-required' || (conn.kind === 's3-compatible' && conn.checksumMode !== 'default');
  if (whenRequired) {
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  return config;
}

export async function createS3Client(conn: Connection, credentials?: StaticCredentials): Promise<S3Client> {
  const config = await s3ClientConfig(conn, credentials);
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  return new Client(config);
}

function endpointFor(conn: Connection): string {
  const endpoint = (conn.endpoint as string).replace(/\/+$/, '');
  if (conn.useTls === false) return endpoint.replace(/^https:/i, 'http:');
  if (conn.useTls === true) return endpoint.replace(/^http:/i, 'https:');
  return endpoint;
}

async function credentialSource(
  conn: Connection,
  credentials?: StaticCredentials,
): Promise<NonNullable<S3ClientConfig['credentials']>> {
  if (credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  }
  const providers = await import('@aws-sdk/credential-providers');
  // fromIni resolves SSO, assume-role and credential_process profiles as the CLI does.
  if (conn.profile) return providers.fromIni({ profile: conn.profile });
  return providers.fromNodeProviderChain();
}
