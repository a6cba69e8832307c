// Which of the few things a user can act on went wrong, read from a decoded error. Pure: no
// vscode import, so the wording can be checked without an editor.
import type { Decoded } from '../core/errors';

export type ErrorReason = 'wrong-credentials' | 'no-credentials' | 'access-denied' | 'no-such-bucket' | 'unreachable' | 'other';

const WRONG_CREDENTIALS = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidClientTokenId', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired']);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'AccountProblem']);
const NO_BUCKET = new Set(['NoSuchBucket']);

export const REASON_LABELS: Record<ErrorReason, string> = {
  'wrong-credentials': 'Wrong credentials',
  'no-credentials': 'No credentials',
  'access-denied': 'Access denied',
  'no-such-bucket': 'No such bucket',
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
  if (d.source === 'network') return 'unreachable';
  return 'other';
}

/** Credentials are the likely fix for these; the rest get a retry. */
export function reasonNeedsCredentials(reason: ErrorReason): boolean {
  return reason === 'wrong-credentials' || reason === 'no-credentials' || reason === 'access-denied';
}
