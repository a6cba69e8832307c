// CORS as a player in a browser meets it: for each URL a package is played from, the preflight a
// browser sends before a Range request (OPTIONS with Origin, Access-Control-Request-Method and
// -Headers), then the GET itself with Origin and Range, judged by the rules browsers apply to the
// answers (Fetch standard, "CORS check" and "CORS-preflight fetch"). A bucket's CORS rules are
// easy to read and hard to predict: S3 takes the first rule whose origin and method match, so a
// rule that lets the manifest through can still refuse the segments' Range requests.
import type { S3Client } from '@aws-sdk/client-s3';
import { sendOptions } from '../storage/client';
import { playbackCors, type CorsConfiguration } from '../validation/generators';

export interface CorsTarget {
  /** what the user reads in the matrix: "master.m3u8", "720p segment" */
  label: string;
  /** the URL a player would load (presigned when the bucket is private) */
  url: string;
}

export type CorsVerdict = 'pass' | 'fail' | 'warn';

export interface CorsStep {
  verdict: CorsVerdict;
  /** the HTTP status, when an answer came */
  status?: number;
  /** why it failed, in the browser's terms; for a pass, what was allowed */
  reason: string;
}

export interface CorsRow {
  target: CorsTarget;
  preflight: CorsStep;
  get: CorsStep;
  /** whether a script can read Content-Range and Content-Length of the GET (hls.js and dash.js do for byte ranges) */
  exposed: CorsStep;
}

export interface CorsCheckOptions {
  /** the player's origin, e.g. https://player.example.com */
  origin: string;
  /** per request; the whole check is bounded by it times the number of requests */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** injected by the glue (proxy settings) and tests; Node's fetch otherwise */
  fetch?: typeof fetch;
  /** requests at once */
  concurrency?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The origin as browsers send it: scheme://host[:port], no path; undefined when it is not one. */
export function normalizeOrigin(text: string): string | undefined {
  const t = text.trim();
  if (t === '*' || t === 'null') return undefined;
  try {
    const u = new URL(t);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

function listHas(header: string | null, want: string): boolean {
  if (header === null) return false;
  return header
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .some((h) => h === '*' || h === want.toLowerCase());
}

function allowsOrigin(acao: string | null, origin: string): boolean {
  return acao !== null && (acao.trim() === '*' || acao.trim() === origin);
}

async function request(
  doFetch: typeof fetch,
  url: string,
  init: { method: string; headers: Record<string, string> },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Response | { error: string }> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
  try {
    const res = await doFetch(url, { ...init, signal: AbortSignal.any(signals), redirect: 'manual' });
    // Only the headers matter; a segment's body is not read.
    await res.body?.cancel().catch(() => undefined);
    return res;
  } catch (err) {
    if (signal?.aborted) throw err;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const name = (err as { name?: string }).name;
    return {
      error:
        name === 'TimeoutError'
          ? `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`
          : (cause?.code ?? cause?.message ?? String(err)),
    };
  }
}

async function checkOne(target: CorsTarget, o: Required<Pick<CorsCheckOptions, 'origin' | 'timeoutMs'>> & CorsCheckOptions): Promise<CorsRow> {
  const doFetch = o.fetch ?? fetch;
  // A Range header is not CORS-safelisted, so a browser asks first.
  const pre = await request(
    doFetch,
    target.url,
    { method: 'OPTIONS', headers: { Origin: o.origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' } },
    o.timeoutMs,
    o.signal,
  );
  let preflight: CorsStep;
  if ('error' in pre) preflight = { verdict: 'fail', reason: `preflight failed: ${pre.error}` };
  else {
    const h = pre.headers;
    const acao = h.get('access-control-allow-origin');
    if (pre.status < 200 || pre.status > 299) {
      preflight = { verdict: 'fail', status: pre.status, reason: `preflight answered ${pre.status}: no CORS rule matches origin ${o.origin} with method GET` };
    } else if (!allowsOrigin(acao, o.origin)) {
      preflight = {
        verdict: 'fail',
        status: pre.status,
        reason: acao === null ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin is ${acao}, not ${o.origin}`,
      };
    } else if (!listHas(h.get('access-control-allow-methods'), 'GET')) {
      preflight = { verdict: 'fail', status: pre.status, reason: 'method GET not allowed (Access-Control-Allow-Methods)' };
    } else if (!listHas(h.get('access-control-allow-headers'), 'range')) {
      preflight = { verdict: 'fail', status: pre.status, reason: 'header Range not allowed (Access-Control-Allow-Headers)' };
    } else {
      preflight = { verdict: 'pass', status: pre.status, reason: 'GET with Range allowed' };
    }
  }

  const got = await request(doFetch, target.url, { method: 'GET', headers: { Origin: o.origin, Range: 'bytes=0-1023' } }, o.timeoutMs, o.signal);
  let get: CorsStep;
  let exposed: CorsStep;
  if ('error' in got) {
    get = { verdict: 'fail', reason: `GET failed: ${got.error}` };
    exposed = { verdict: 'fail', reason: 'no answer to read headers from' };
  } else {
    const h = got.headers;
    const acao = h.get('access-control-allow-origin');
    if (got.status !== 200 && got.status !== 206) {
      get = {
        verdict: 'fail',
        status: got.status,
        reason: `GET answered ${got.status}${got.status === 403 ? ' (expired or wrong presigned URL, or no read access)' : ''}`,
      };
    } else if (!allowsOrigin(acao, o.origin)) {
      get = {
        verdict: 'fail',
        status: got.status,
        reason: acao === null ? 'no Access-Control-Allow-Origin on the GET' : `Access-Control-Allow-Origin is ${acao}, not ${o.origin}`,
      };
    } else {
      get = {
        verdict: 'pass',
        status: got.status,
        reason: got.status === 206 ? 'partial content served to the origin' : 'served to the origin (Range ignored)',
      };
    }
    const expose = h.get('access-control-expose-headers');
    const missing = ['Content-Range', 'Content-Length'].filter((name) => !listHas(expose, name));
    exposed =
      get.verdict !== 'pass'
        ? { verdict: 'fail', status: got.status, reason: 'the GET itself is refused' }
        : missing.length
          ? {
              verdict: 'warn',
              status: got.status,
              reason: `${missing.join(' and ')} not exposed (Access-Control-Expose-Headers): players that read them for byte ranges fail`,
            }
          : { verdict: 'pass', status: got.status, reason: 'Content-Range and Content-Length readable' };
  }
  return { target, preflight, get, exposed };
}

/** One row per target, in the targets' order. */
export async function checkCors(targets: readonly CorsTarget[], options: CorsCheckOptions): Promise<CorsRow[]> {
  const o = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const rows: CorsRow[] = new Array<CorsRow>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < targets.length; i = next++) {
      o.signal?.throwIfAborted();
      const t = targets[i];
      if (t) rows[i] = await checkOne(t, o);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 6, targets.length)) }, worker));
  return rows;
}

/** Whether every step of every row passed (warnings count as passing). */
export function corsPasses(rows: readonly CorsRow[]): boolean {
  return rows.every((r) => r.preflight.verdict !== 'fail' && r.get.verdict !== 'fail' && r.exposed.verdict !== 'fail');
}

/**
 * The bucket's CORS with a playback rule for `origin` put first: S3 applies the first rule that
 * matches the origin and method, so a rule added after a narrower match would never be used.
 * The rules already there stay, for the other origins they serve.
 */
export function corsFixFor(existing: CorsConfiguration | undefined, origin: string): CorsConfiguration {
  const [rule] = playbackCors([origin]).CORSRules;
  return { CORSRules: [...(rule ? [rule] : []), ...(existing?.CORSRules ?? [])] };
}

/** The bucket's CORS rules now, or undefined when it has none (NoSuchCORSConfiguration). */
export async function readBucketCors(client: S3Client, bucket: string, signal?: AbortSignal): Promise<CorsConfiguration | undefined> {
  const { GetBucketCorsCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await client.send(new GetBucketCorsCommand({ Bucket: bucket }), sendOptions({ abortSignal: signal }));
    return { CORSRules: (out.CORSRules ?? []) as unknown as Record<string, unknown>[] };
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchCORSConfiguration') return undefined;
    throw err;
  }
}
