/**
 * A small Bitmovin API client over the global `fetch`: only the storage endpoints this extension
 * needs, so it carries no SDK. Every answer that is not a SUCCESS envelope is thrown as a
 * BitmovinApiError whose `response` the shared error decoder reads (decodeError), so the user
 * sees the same decoded block as for a pasted envelope.
 */
import {
  BITMOVIN_MAX_PAGE,
  DEFAULT_BITMOVIN_BASE_URL,
  type BitmovinDirection,
  type BitmovinList,
  type BitmovinPage,
  type BitmovinResource,
  type BitmovinStorageKind,
} from './types';
import { isRecord } from '../guards';

export interface BitmovinClientOptions {
  apiKey: string;
  /** e.g. https://api.bitmovin.com/v1; the default when undefined or empty */
  baseUrl?: string | undefined;
  /** sent as X-Tenant-Org-Id, which makes Bitmovin act in that organization for the request; none when undefined or empty */
  organizationId?: string | undefined;
  timeoutMs?: number;
  /** one line per request (method, URL, status, request id); never headers or bodies */
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

/** A non-SUCCESS answer. `response.data` is the parsed envelope (or the raw text) for decodeError. */
export class BitmovinApiError extends Error {
  override readonly name = 'BitmovinApiError';
  readonly response: { status: number; statusText: string; data: unknown };
  constructor(method: string, path: string, status: number, statusText: string, data: unknown) {
    super(`${method} ${path} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
    this.response = { status, statusText, data };
  }
}

/** The request never got an HTTP answer; `cause` carries Node's code (ECONNREFUSED…). */
export class BitmovinNetworkError extends Error {
  override readonly name = 'BitmovinNetworkError';
}

// Local shape checks rather than the error decoders': those load lazily, on the first failure
// (src/errors/lazyErrors.ts), and a successful listing must not pull them in.
function looksLikeEnvelope(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && (typeof v['requestId'] === 'string' || v['status'] === 'SUCCESS' || v['status'] === 'ERROR');
}

export function normalizeBaseUrl(raw: string | undefined): string {
  const text = (raw ?? '').trim() || DEFAULT_BITMOVIN_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The Bitmovin base URL "${text}" is not a URL; expected something like ${DEFAULT_BITMOVIN_BASE_URL}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The Bitmovin base URL "${text}" must start with https:// (or http:// for a local test server).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`The Bitmovin base URL "${text}" must not contain credentials, a query or a fragment.`);
  }
  return url.toString().replace(/\/+$/, '');
}

export class BitmovinClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: BitmovinClientOptions) {
    if (!options.apiKey) throw new Error('No Bitmovin API key.');
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** One page of `/encoding/{direction}/{kind}`. */
  async list(
    direction: BitmovinDirection,
    kind: BitmovinStorageKind,
    page: { offset?: number; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<BitmovinPage> {
    const offset = page.offset ?? 0;
    const limit = Math.min(page.limit ?? BITMOVIN_MAX_PAGE, BITMOVIN_MAX_PAGE);
    const result = await this.request('GET', `/encoding/${direction}/${kind}?offset=${offset}&limit=${limit}`, undefined, signal);
    const r = isRecord(result) ? result : {};
    const rawItems = r['items'];
    const items = Array.isArray(rawItems) ? rawItems.filter((i): i is BitmovinResource => isRecord(i) && typeof i['id'] === 'string') : [];
    const { totalCount, offset: pageOffset, limit: pageLimit } = r;
    return {
      items,
      totalCount: typeof totalCount === 'number' ? totalCount : undefined,
      offset: typeof pageOffset === 'number' ? pageOffset : offset,
      limit: typeof pageLimit === 'number' ? pageLimit : limit,
    };
  }

  /** Pages through a list endpoint, from `offset`, until it is exhausted or `max` items were read. */
  async listAll(
    direction: BitmovinDirection,
    kind: BitmovinStorageKind,
    opts: { max?: number; pageSize?: number; offset?: number; signal?: AbortSignal } = {},
  ): Promise<BitmovinList> {
    const max = opts.max ?? 1000;
    const start = opts.offset ?? 0;
    const items: BitmovinResource[] = [];
    let totalCount: number | undefined;
    for (;;) {
      const page = await this.list(
        direction,
        kind,
        { offset: start + items.length, limit: Math.min(opts.pageSize ?? BITMOVIN_MAX_PAGE, max - items.length) },
        opts.signal,
      );
      items.push(...page.items);
      totalCount = page.totalCount ?? totalCount;
      const exhausted = page.items.length === 0 || page.items.length < page.limit || (totalCount !== undefined && start + items.length >= totalCount);
      if (exhausted) return { items, totalCount, truncated: false };
      if (items.length >= max) return { items, totalCount, truncated: true };
    }
  }

  /** POST /encoding/{direction}/{kind}; the created resource (with its new id). */
  async create(direction: BitmovinDirection, kind: BitmovinStorageKind, body: Record<string, unknown>, signal?: AbortSignal): Promise<BitmovinResource> {
    const result = await this.request('POST', `/encoding/${direction}/${kind}`, body, signal);
    if (!isRecord(result) || typeof result['id'] !== 'string') {
      throw new Error(`POST /encoding/${direction}/${kind} succeeded but its result has no id.`);
    }
    return result as BitmovinResource;
  }

  createS3Output(body: Record<string, unknown>, signal?: AbortSignal): Promise<BitmovinResource> {
    return this.create('outputs', 's3', body, signal);
  }

  createGenericS3Output(body: Record<string, unknown>, signal?: AbortSignal): Promise<BitmovinResource> {
    return this.create('outputs', 'generic-s3', body, signal);
  }

  createS3RoleBasedOutput(body: Record<string, unknown>, signal?: AbortSignal): Promise<BitmovinResource> {
    return this.create('outputs', 's3-role-based', body, signal);
  }

  /** `data.result` of a SUCCESS envelope; throws for anything else. */
  private async request(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { 'X-Api-Key': this.options.apiKey, Accept: 'application/json' };
    if (this.options.organizationId) headers['X-Tenant-Org-Id'] = this.options.organizationId;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
      text = await response.text();
    } catch (err) {
      this.options.log?.(`Bitmovin ${method} ${url} failed after ${Date.now() - started} ms`);
      throw new BitmovinNetworkError(`${method} ${url}: ${describeCause(err)}`, { cause: err });
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // not JSON (a proxy's HTML page, an empty body): decoded from the text and the status
    }
    const envelope = looksLikeEnvelope(parsed) ? parsed : undefined;
    const rawRequestId = envelope?.['requestId'];
    const requestId = typeof rawRequestId === 'string' ? rawRequestId : undefined;
    this.options.log?.(
      `Bitmovin ${method} ${url} → ${response.status} ${primitiveText(envelope?.['status']) ?? 'no envelope'}` +
        `${requestId ? ` (request id ${requestId})` : ''} in ${Date.now() - started} ms`,
    );
    if (envelope && envelope['status'] === 'SUCCESS' && response.ok) {
      const data = envelope['data'];
      return isRecord(data) ? data['result'] : undefined;
    }
    if (response.ok && !envelope) {
      throw new Error(`${method} ${url} answered HTTP ${response.status} without a Bitmovin response envelope; is the base URL right?`);
    }
    throw new BitmovinApiError(method, path, response.status, response.statusText, parsed);
  }
}

// Fields of an answer or an error read into a log line: an object's String() is '[object Object]',
// which tells nothing, so only primitives count as text.
function primitiveText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
}

function describeCause(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const o = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string') return `${o.code}${typeof o.message === 'string' ? ` (${o.message})` : ''}`;
    if (o.name === 'TimeoutError' || o.name === 'AbortError') return primitiveText(o.message) ?? o.name;
    e = o.cause;
  }
  return err instanceof Error ? err.message : String(err);
}
