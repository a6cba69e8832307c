// A local stand-in for the Bitmovin API's storage endpoints, for unit and extension-host tests.
// It answers with envelopes exactly as seed 003 documents them: { requestId, status, data } with
// data { result, messages } on SUCCESS and data { code, message, developerMessage, links,
// details } on ERROR. It checks X-Api-Key (401 + 1002), validates POST bodies (400 + 1000 with
// details[].field) and pages lists by offset/limit, so the client meets the same answers it
// would from the real service.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BITMOVIN_REQUIRED_FIELDS, type BitmovinStorageKind } from '../../src/core/bitmovin/types';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeBitmovin {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  /** Adds resources directly, as if created earlier (in the default organization unless named). */
  seed(direction: 'inputs' | 'outputs', kind: BitmovinStorageKind, resources: Record<string, unknown>[], organizationId?: string): void;
  /** Stored resources, secret keys included, to check what a POST really sent. */
  stored(direction: 'inputs' | 'outputs', kind: BitmovinStorageKind, organizationId?: string): Record<string, unknown>[];
  stop(): Promise<void>;
}

const KINDS: readonly string[] = ['s3', 'generic-s3', 's3-role-based'];
const DOCS = 'https://developer.bitmovin.com/encoding/reference';

function envelopeError(code: number, message: string, developerMessage: string, details: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    requestId: randomUUID(),
    status: 'ERROR',
    data: { code, message, developerMessage, links: [{ href: `${DOCS}/errors`, title: 'Error codes' }], details },
  };
}

function detail(text: string, field?: string): Record<string, unknown> {
  return { date: new Date().toISOString(), id: randomUUID(), type: 'ERROR', text, ...(field ? { field } : {}), links: [] };
}

function success(result: unknown): Record<string, unknown> {
  return { requestId: randomUUID(), status: 'SUCCESS', data: { result, messages: [] } };
}

/** What Bitmovin echoes of a stored resource: everything but the secret key. */
function publicView(r: Record<string, unknown>): Record<string, unknown> {
  const { secretKey: _secret, ...rest } = r;
  return rest;
}

export async function startFakeBitmovin(opts: { apiKey?: string } = {}): Promise<FakeBitmovin> {
  const apiKey = opts.apiKey ?? `fake-key-${randomUUID()}`;
  const store = new Map<string, Record<string, unknown>[]>();
  const requests: RecordedRequest[] = [];
  const bucket = (dir: string, kind: string, org = ''): Record<string, unknown>[] => {
    const k = `${org}|${dir}|${kind}`;
    let list = store.get(k);
    if (!list) store.set(k, (list = []));
    return list;
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? '', url: url.pathname + url.search, headers: { ...req.headers }, body });
    // Seed 003: the key may travel in the header or the URL, and is checked before anything else.
    const key = req.headers['x-api-key'] ?? url.searchParams.get('apiKey') ?? undefined;
    if (key !== apiKey) {
      send(res, 401, envelopeError(1002, 'Invalid credentials', 'The API key is missing or not valid. Send a valid key in the X-Api-Key header.'));
      return;
    }
    const org = typeof req.headers['x-tenant-org-id'] === 'string' ? req.headers['x-tenant-org-id'] : '';
    const m = /^\/v1\/encoding\/(inputs|outputs)\/([a-z0-9-]+)(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!m || !KINDS.includes(m[2])) {
      send(res, 404, envelopeError(1005, 'Request URL not valid', `No API resource matches ${url.pathname}.`));
      return;
    }
    const [, dir, kind, id] = m;
    const list = bucket(dir, kind, org);
    if (req.method === 'GET' && id) {
      const found = list.find((r) => r.id === id);
      if (found) send(res, 200, success(publicView(found)));
      else {
        send(res, 404, envelopeError(1001, 'Parameter not valid', `No ${kind} ${dir.slice(0, -1)} with id ${id}.`, [detail(`Resource ${id} not found`, 'id')]));
      }
      return;
    }
    if (req.method === 'GET') {
      const offset = Number(url.searchParams.get('offset') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '25');
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100) {
        send(
          res,
          400,
          envelopeError(1001, 'Parameter not valid', 'offset must be >= 0 and limit between 1 and 100.', [detail('limit must be between 1 and 100', 'limit')]),
        );
        return;
      }
      const items = list.slice(offset, offset + limit).map(publicView);
      send(res, 200, success({ totalCount: list.length, offset, limit, items }));
      return;
    }
    if (req.method === 'POST' && !id) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        send(res, 400, envelopeError(1001, 'Parameter not valid', 'The request body is not valid JSON.'));
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        send(res, 400, envelopeError(1001, 'Parameter not valid', 'The request body must be a JSON object.'));
        return;
      }
      const fields = parsed as Record<string, unknown>;
      const missing = BITMOVIN_REQUIRED_FIELDS[kind as BitmovinStorageKind].filter((f) => typeof fields[f] !== 'string' || fields[f] === '');
      if (missing.length) {
        send(
          res,
          400,
          envelopeError(
            1000,
            'Missing attribute or field',
            `Required attribute(s) not valid or not present: ${missing.join(', ')}.`,
            missing.map((f) => detail(`${f} must not be empty`, f)),
          ),
        );
        return;
      }
      // As Bitmovin does for externalIdMode GENERATED: an external id of its own for this resource.
      const generated = fields['externalIdMode'] === 'GENERATED' ? { externalId: `bitmovin-${randomUUID()}` } : {};
      const created = { ...fields, ...generated, id: randomUUID(), createdAt: new Date().toISOString() };
      list.push(created);
      send(res, 201, success(publicView(created)));
      return;
    }
    send(res, 405, envelopeError(1006, 'Request method not valid', `${req.method ?? '?'} is not supported for ${url.pathname}.`));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    seed(direction, kind, resources, organizationId) {
      bucket(direction, kind, organizationId ?? '').push(...resources.map((r) => ({ id: randomUUID(), createdAt: new Date().toISOString(), ...r })));
    },
    stored(direction, kind, organizationId) {
      return [...bucket(direction, kind, organizationId ?? '')];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
