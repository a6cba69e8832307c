/**
 * Retries with exponential backoff and jitter, cancellable at any moment.
 *
 * The SDK's own retry middleware is switched off (maxAttempts 1) in favour of this loop because
 * its backoff sleeps cannot be interrupted (a Cancel would wait out the delay), its default
 * delays (100 ms doubling, at most 5 attempts) give up within about 3 s, which no gateway restart
 * or short outage survives, and it never retries a streamed body. Which errors are worth another
 * attempt is still the SDK's call: its own classifiers decide (throttling, transient network
 * and timeout errors, 5xx), so this loop retries exactly what the SDK would.
 */
import { SETTINGS } from '../settings';
import type * as SdkDepsModule from './sdkDeps';

type SdkDeps = typeof SdkDepsModule;

let sdk: SdkDeps | undefined;
function classifiers(): SdkDeps {
  // Lazy: the build maps sdkDeps to dist/deps.js (the whole SDK), and this module is loaded at
  // activation through the client pool. An error to classify means the SDK is loaded already.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('./sdkDeps') as SdkDeps;
  return sdk;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Whether a request that timed out (connect or idle timeout) is tried again; default true.
   * False for requests a person watches: each attempt at a silent endpoint costs a whole
   * timeout, so a retry would double the wait before they are told it is not answering.
   */
  retryTimeouts?: boolean;
}

/**
 * 8 attempts (the mediaStorage.network.maxAttempts default), 500 ms doubling to 15 s with "equal
 * jitter" (half fixed, half random): the 7 waits add up to 22.75–45.5 s (about 34 s on average),
 * so a gateway restart or a 20 s outage is always ridden out, and a failure is reported within
 * about 46 s plus the attempts' own time.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: SETTINGS.maxAttempts.default, baseDelayMs: 500, maxDelayMs: 15_000 };

export type RetryReason = 'throttling' | 'transient' | 'server';

/** Why an error is worth another attempt, or undefined when it is not (4xx, cancel, local errors). */
export function retryReason(error: unknown): RetryReason | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  if (e.name === 'AbortError') return undefined;
  // A host name that does not resolve stays that way for minutes; the SDK counts it transient,
  // but retrying it would only delay the message that the endpoint is misspelt.
  if ((e as { code?: string }).code === 'ENOTFOUND') return undefined;
  // 501 Not Implemented is a store saying it has no such operation (s3rver's ListParts and
  // ListMultipartUploads): asking again only delays the answer.
  if (e.$metadata?.httpStatusCode === 501) return undefined;
  const { isServerError, isThrottlingError, isTransientError } = classifiers();
  if (isThrottlingError(e as never)) return 'throttling';
  if (isTransientError(e as never)) return 'transient';
  if (isServerError(e as never)) return 'server';
  return undefined;
}

/**
 * A connect or idle timeout, or the OS giving up on a connection: the endpoint did not answer.
 * The SDK's HTTP handler also names a reset socket 'TimeoutError' (keeping code ECONNRESET or
 * EPIPE); that endpoint did answer, so it is not one.
 */
export function isTimeout(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return code === 'ETIMEDOUT' || (name === 'TimeoutError' && code === undefined);
}

/** The wait before retry number `retry` (1-based): equal jitter over an exponential backoff. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The operation was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Resolves after `ms`, or rejects with an AbortError as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles with the promise, or rejects as soon as the signal fires. The SDK stops its own request
 * on the same signal; this makes the caller's await end at once even where the SDK is still in a
 * step that does not look at the signal (credential resolution, endpoint discovery).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export interface RetryEvent {
  /** the attempt that failed (1-based); the next one is attempt + 1 */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: RetryReason;
  error: unknown;
}

/**
 * Runs `attempt` until it succeeds, fails with an error not worth retrying, runs out of attempts
 * or is cancelled. `attempt` gets the attempt number (1-based) so it can make a fresh body.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  opts: {
    policy?: RetryPolicy | undefined;
    signal?: AbortSignal | undefined;
    onRetry?: ((event: RetryEvent) => void) | undefined;
    random?: (() => number) | undefined;
  } = {},
): Promise<T> {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  for (let n = 1; ; n++) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    try {
      return await raceAbort(attempt(n), opts.signal);
    } catch (error) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const reason = retryReason(error);
      if (!reason || n >= policy.maxAttempts) throw error;
      if (policy.retryTimeouts === false && isTimeout(error)) throw error;
      const delayMs = backoffDelay(n, policy, opts.random);
      opts.onRetry?.({ attempt: n, maxAttempts: policy.maxAttempts, delayMs, reason, error });
      await sleep(delayMs, opts.signal);
    }
  }
}
