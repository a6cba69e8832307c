/**
 * The one S3 client factory: every S3 request of the extension goes through a client made here.
 *
 * What it sets once, for every caller:
 * - a connect timeout and a socket idle timeout, so an endpoint that accepts TCP and never
 *   answers (or a transfer whose network goes silent) fails with a TimeoutError instead of
 *   hanging;
 * - retries with backoff and jitter that a Cancel interrupts at once (see retry.ts), and the
 *   caller's AbortSignal on every request;
 * - a user agent naming the extension, and the proxy the user configured.
 *
 * The SDK is imported lazily: loading it costs hundreds of milliseconds, and extension
 * activation must stay fast when no bucket is opened.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { endpointFor, type Connection } from './connection';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryEvent, type RetryPolicy } from './retry';
import { proxyAgentsFor, type ProxySettings } from './proxy';
import { SETTINGS } from '../settings';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface NetworkOptions {
  /** Time allowed to open the TCP (and TLS) connection. */
  connectTimeoutMs: number;
  /** Time a socket may stay silent mid-request before the request fails as stalled. */
  idleTimeoutMs: number;
  retry: RetryPolicy;
  /** "name/version", appended to the SDK's user agent. */
  userAgent?: string;
  proxy?: ProxySettings;
  /** Told about each retry, for the log. */
  onRetry?: (event: RetryEvent & { command: string }) => void;
}

/** The defaults of the `mediaStorage.network.*` settings. */
export const NETWORK_DEFAULTS: NetworkOptions = {
  connectTimeoutMs: SETTINGS.connectTimeoutSeconds.default * 1000,
  idleTimeoutMs: SETTINGS.idleTimeoutSeconds.default * 1000,
  retry: DEFAULT_RETRY_POLICY,
};

const QUIET_LOGGER = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The config handed to the SDK; split out so it can be checked without a network. */
export async function s3ClientConfig(conn: Connection, credentials?: StaticCredentials, network: Partial<NetworkOptions> = {}): Promise<S3ClientConfig> {
  const net = { ...NETWORK_DEFAULTS, ...network };
  const config: S3ClientConfig = { region: conn.region, credentials: await credentialSource(conn, credentials) };
  const endpoint = conn.endpoint ? endpointFor(conn) : undefined;
  if (endpoint) config.endpoint = endpoint;
  if (conn.forcePathStyle !== undefined) config.forcePathStyle = conn.forcePathStyle;
  if (conn.signingRegion) config.signingRegion = conn.signingRegion;
  // Most S3-compatible stores reject the CRC32 trailers newer SDKs send by default, so they
  // only get checksums when an operation requires them.
  const whenRequired = conn.checksumMode === 'when-required' || (conn.kind === 's3-compatible' && conn.checksumMode !== 'default');
  if (whenRequired) {
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  // Retries are ours (retry.ts): cancellable, longer, and aware of stream bodies.
  config.maxAttempts = 1;
  // Without a logger the SDK writes to the console (the extension host's stdout), e.g. a warning
  // for every streamed body it does not retry; what matters is logged by the gateway and callers.
  config.logger = QUIET_LOGGER;
  if (net.userAgent) config.customUserAgent = net.userAgent;
  const { NodeHttpHandler } = await import('./sdkDeps');
  const agents = await proxyAgentsFor(endpoint || `https://s3.${conn.region}.amazonaws.com`, net.proxy);
  config.requestHandler = new NodeHttpHandler({
    connectionTimeout: net.connectTimeoutMs,
    socketTimeout: handlerSocketTimeout(net.idleTimeoutMs),
    // Keep-alive: a batch of small files is bound by round trips, and a new TCP (and TLS)
    // handshake per request would double them. 64 sockets: 16 files × parts in flight.
    httpAgent: agents.http ?? { keepAlive: true, maxSockets: 64 },
    httpsAgent: agents.https ?? { keepAlive: true, maxSockets: 64 },
  });
  return config;
}

/**
 * @smithy/node-http-handler (4.x) starts watching a socket's silence only 3 s into a request when
 * the timeout is 6 s or more (it saves a listener on short requests), so an endpoint that never
 * answers was reported 3 s after the idle timeout (33 s for 30 s; measured 9.0 s for 6 s). From
 * 9 s up, asking for 3 s less makes that wait what the setting says; a stall after the first 3 s
 * of a request is then caught up to 3 s early, which only costs a retry. Between 6 and 9 s no
 * value is exact, and late is kept over early.
 */
export function handlerSocketTimeout(idleTimeoutMs: number): number {
  return idleTimeoutMs >= 9_000 ? idleTimeoutMs - 3_000 : idleTimeoutMs;
}

export async function createS3Client(conn: Connection, credentials?: StaticCredentials, network: Partial<NetworkOptions> = {}): Promise<S3Client> {
  const config = await s3ClientConfig(conn, credentials, network);
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  return withGatewayRetries(new Client(config), { ...NETWORK_DEFAULTS, ...network });
}

/** Options a caller may pass to `send` beside the SDK's own (abortSignal). */
export interface SendOptions {
  // `| undefined`: callers pass their own optional signal and policy straight through, and
  // sendOptions drops what is unset.
  abortSignal?: AbortSignal | undefined;
  /** Replaces the client's retry policy for this one request (an interactive listing fails fast). */
  retry?: Partial<RetryPolicy> | undefined;
}

/**
 * `send`'s second argument for the gateway's options. The SDK's declared type knows only its
 * own (abortSignal); this keeps the cast in one place.
 */
export function sendOptions(options: SendOptions): object {
  const out: SendOptions = {};
  if (options.abortSignal) out.abortSignal = options.abortSignal;
  if (options.retry) out.retry = options.retry;
  return out;
}

/**
 * For a tree listing or another request a person is waiting on: one quick retry at most, and
 * none after a timeout, so a silent endpoint is reported after one idle timeout, not two.
 */
export const INTERACTIVE_RETRY: Partial<RetryPolicy> = { maxAttempts: 2, baseDelayMs: 300, maxDelayMs: 1_000, retryTimeouts: false };

/**
 * Puts the retry loop around the client's `send`. A command with a stream body is sent once:
 * a stream can be read only once, so its caller (the transfer engine) retries with a new one.
 */
export function withGatewayRetries(client: S3Client, net: NetworkOptions): S3Client {
  const send = client.send.bind(client) as (command: unknown, options?: unknown) => Promise<unknown>;
  Object.defineProperty(client, 'send', {
    configurable: true,
    writable: true,
    value: (command: { input?: { Body?: unknown }; constructor: { name: string } }, options?: SendOptions) => {
      const sdkOptions = options?.abortSignal ? { abortSignal: options.abortSignal } : undefined;
      const streamed = isStream(command.input?.Body);
      const policy = { ...net.retry, ...options?.retry, ...(streamed ? { maxAttempts: 1 } : {}) };
      return withRetries(() => send(command, sdkOptions), {
        policy,
        signal: options?.abortSignal,
        onRetry: (event) => net.onRetry?.({ ...event, command: command.constructor.name.replace(/Command$/, '') }),
      });
    },
  });
  return client;
}

function isStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

async function credentialSource(conn: Connection, credentials?: StaticCredentials): Promise<NonNullable<S3ClientConfig['credentials']>> {
  if (credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  }
  const providers = await import('@aws-sdk/credential-providers');
  // fromIni resolves SSO, assume-role and credential_process profiles as the CLI does.
  if (conn.profile) return providers.fromIni({ profile: conn.profile });
  return providers.fromNodeProviderChain();
}
