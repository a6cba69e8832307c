// Which of the few things a user can act on went wrong, read from a decoded error. Pure: no
// vscode import, so the wording can be checked without an editor.
import type { Decoded } from '../core/errors';
import { endpointFor } from '../core/storage/client';
import type { Connection } from '../core/storage/connection';

/**
 * 'not-answering' is apart from 'unreachable' because the fix differs: a refused connection or
 * an unknown host points at a wrong endpoint or a stopped server, while an endpoint that takes
 * the connection and stays silent points at a firewall, proxy, VPN or an overloaded gateway, and
 * how long we waited is part of the message.
 */
export type ErrorReason = 'wrong-credentials' | 'no-credentials' | 'access-denied' | 'no-such-bucket' | 'not-answering' | 'unreachable' | 'other';

const WRONG_CREDENTIALS = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidClientTokenId', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired']);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'AccountProblem']);
const NO_BUCKET = new Set(['NoSuchBucket']);

export const REASON_LABELS: Record<ErrorReason, string> = {
  'wrong-credentials': 'Wrong credentials',
  'no-credentials': 'No credentials',
  'access-denied': 'Access denied',
  'no-such-bucket': 'No such bucket',
  'not-answering': 'Not answering',
  unreachable: 'Endpoint unreachable',
  other: 'Error',
};

/** `raw` is the thrown value, consulted for SDK error names the decoder does not keep. */
export function classifyError(d: Decoded, raw?: unknown): ErrorReason {
  const name = (raw as { name?: unknown } | undefined)?.name;
  if (name === 'CredentialsProviderError' || /could not load credentials|credentials? (?:is|are) missing/i.test(d.message ?? d.title)) {
    return 'no-credentials';
  }
  const code = d.code ?? '';
  if (WRONG_CREDENTIALS.has(code)) return 'wrong-credentials';
  if (NO_BUCKET.has(code) || (code === 'NotFound' && d.httpStatus === 404)) return 'no-such-bucket';
  if (DENIED.has(code) || d.httpStatus === 403) return 'access-denied';
  // TimeoutError without an errno is the gateway's connect or idle timeout; a reset socket also
  // gets that name from the SDK but keeps its code (ECONNRESET), which wins in the decoder.
  if (d.source === 'network' && (code === 'TimeoutError' || code === 'ETIMEDOUT')) return 'not-answering';
  if (d.source === 'network') return 'unreachable';
  return 'other';
}

/** Credentials are the likely fix for these; the rest get a retry. */
export function reasonNeedsCredentials(reason: ErrorReason): boolean {
  return reason === 'wrong-credentials' || reason === 'no-credentials' || reason === 'access-denied';
}

/** The endpoint and its settings are the likely fix for these: the error offers Edit Connection. */
export function reasonIsConnection(reason: ErrorReason): boolean {
  return reason === 'not-answering' || reason === 'unreachable';
}

/**
 * "Not answering after 10 s: http://127.0.0.1:9000". The seconds are those of the timeout that
 * fired: the connect timeout when no connection was made, the idle timeout otherwise.
 */
export function notAnsweringText(raw: unknown, timeouts: { connectTimeoutMs: number; idleTimeoutMs: number }, conn: Connection | undefined): string {
  const { message, code } = (raw ?? {}) as { message?: unknown; code?: unknown };
  const connecting = code === 'ETIMEDOUT' || (typeof message === 'string' && /establish a connection/i.test(message));
  const ms = connecting ? timeouts.connectTimeoutMs : timeouts.idleTimeoutMs;
  const where = !conn ? '' : conn.endpoint ? `: ${endpointFor(conn)}` : `: https://s3.${conn.region}.amazonaws.com`;
  return `Not answering after ${Number((ms / 1000).toFixed(1))} s${where}`;
}
