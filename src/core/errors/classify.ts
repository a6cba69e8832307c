// Which of the few things a user can act on went wrong. The one classifier: the tree reads it
// from a decoded error, the access check and the upload engine from the thrown value (they run
// without the decoder, which is a bundle of its own), and both come down to the same facts.
import type { Decoded } from './types';
import { endpointFor } from '../storage/connection';
import type { Connection } from '../storage/connection';

/**
 * 'not-answering' is apart from 'unreachable' because the fix differs: a refused connection or
 * an unknown host points at a wrong endpoint or a stopped server, while an endpoint that takes
 * the connection and stays silent points at a firewall, proxy, VPN or an overloaded gateway, and
 * how long we waited is part of the message.
 */
export type ErrorReason =
  'wrong-credentials' | 'no-credentials' | 'not-allowed' | 'access-denied' | 'no-such-bucket' | 'not-answering' | 'unreachable' | 'other';

/** The name CredentialConsentError carries: a workspace connection the user has not let use their credentials. */
export const CONSENT_ERROR_NAME = 'Credentials not allowed';

const WRONG_CREDENTIALS = new Set([
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'AccountProblem']);
const NO_BUCKET = new Set(['NoSuchBucket']);

export const REASON_LABELS: Record<ErrorReason, string> = {
  'wrong-credentials': 'Wrong credentials',
  'no-credentials': 'No credentials',
  'not-allowed': 'Not allowed to use your credentials',
  'access-denied': 'Access denied',
  'no-such-bucket': 'No such bucket',
  'not-answering': 'Not answering',
  unreachable: 'Endpoint unreachable',
  other: 'Error',
};

/** What the classifier looks at: what the decoder keeps, or what errorFacts reads off a thrown value. */
export interface ErrorFacts {
  code?: string | undefined;
  httpStatus?: number | undefined;
  /** the request never got an HTTP answer (refused, reset, timed out, unknown host) */
  network: boolean;
  /** the thrown value's name, for SDK errors the decoder does not keep */
  name?: string | undefined;
  message?: string | undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Reads a thrown SDK or Node error, and the causes it wraps (a few deep), as classifier facts. */
export function errorFacts(raw: unknown): ErrorFacts {
  const top = (raw ?? {}) as { name?: unknown; Code?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = top.$metadata?.httpStatusCode;
  const facts: ErrorFacts = {
    code: typeof top.Code === 'string' ? top.Code : typeof top.name === 'string' ? top.name : undefined,
    httpStatus: typeof status === 'number' ? status : undefined,
    network: false,
    name: typeof top.name === 'string' ? top.name : undefined,
    message: typeof top.message === 'string' ? top.message : undefined,
  };
  for (let e = raw as { code?: unknown; name?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) {
      facts.network = true;
      facts.code = e.code;
      break;
    }
    // The gateway's connect and idle timeouts: no errno, only the name.
    if (e.name === 'TimeoutError') {
      facts.network = true;
      facts.code = 'TimeoutError';
      break;
    }
    e = e.cause as typeof e;
  }
  return facts;
}

/** The facts of a decoded error; `raw` is the thrown value, for the SDK error name the decoder drops. */
export function decodedFacts(d: Decoded, raw?: unknown): ErrorFacts {
  const name = (raw as { name?: unknown } | undefined)?.name;
  return {
    code: d.code,
    httpStatus: d.httpStatus,
    network: d.source === 'network',
    name: typeof name === 'string' ? name : undefined,
    message: d.message ?? d.title,
  };
}

export function classify(f: ErrorFacts): ErrorReason {
  // Before anything else: no request was sent, so nothing a server said can explain it.
  if (f.name === CONSENT_ERROR_NAME) return 'not-allowed';
  if (f.name === 'CredentialsProviderError' || /could not load credentials|credentials? (?:is|are) missing/i.test(f.message ?? '')) {
    return 'no-credentials';
  }
  const code = f.code ?? '';
  if (WRONG_CREDENTIALS.has(code)) return 'wrong-credentials';
  if (NO_BUCKET.has(code) || (code === 'NotFound' && f.httpStatus === 404)) return 'no-such-bucket';
  if (DENIED.has(code) || f.httpStatus === 403) return 'access-denied';
  // TimeoutError without an errno is the gateway's connect or idle timeout; a reset socket also
  // gets that name from the SDK but keeps its code (ECONNRESET), which wins in the decoder.
  if (f.network && (code === 'TimeoutError' || code === 'ETIMEDOUT')) return 'not-answering';
  if (f.network) return 'unreachable';
  return 'other';
}

/** `raw` is the thrown value, consulted for SDK error names the decoder does not keep. */
export function classifyError(d: Decoded, raw?: unknown): ErrorReason {
  return classify(decodedFacts(d, raw));
}

/** The request never reached an answer: worth waiting and retrying the whole batch. */
export function isConnectionError(raw: unknown): boolean {
  return errorFacts(raw).network;
}

/** Credentials are the likely fix for these; the rest get a retry. */
export function reasonNeedsCredentials(reason: ErrorReason): boolean {
  return reason === 'wrong-credentials' || reason === 'no-credentials' || reason === 'access-denied';
}

/** The endpoint and its settings are the likely fix for these: the error offers Edit Connection. */
export function reasonIsConnection(reason: ErrorReason): boolean {
  return reason === 'not-answering' || reason === 'unreachable';
}

/** "You chose Don't Allow for …" or "Waiting for your permission …": what a consent error means for the tree. */
export function notAllowedText(raw: unknown): string {
  const state = (raw as { state?: unknown } | undefined)?.state;
  return state === 'declined'
    ? "Not connected: you chose Don't Allow for your credentials"
    : 'Not connected: waiting for your permission to use your credentials';
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
