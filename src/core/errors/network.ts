/**
 * Errors where no HTTP answer came back at all. Node reports them by `code` on the error, its
 * `cause`, or (since Node 20 tries IPv4 and IPv6 in turn) on each error inside an AggregateError.
 */
import { COMMAND_TITLES, type Decoded, emptyDecoded } from './types';

interface NetInfo {
  title: string;
  meaning: string;
  remedy: string[];
}

const CHECK_ENDPOINT = "Check the connection's endpoint URL (scheme, host, port) — for AWS leave it empty and set the region instead.";
const CHECK = `Run "${COMMAND_TITLES.checkAccess}" once the endpoint is corrected.`;

const NET: Record<string, NetInfo> = {
  ECONNREFUSED: {
    title: 'Endpoint unreachable: connection refused',
    meaning: 'Nothing is listening at the endpoint host and port.',
    remedy: [CHECK_ENDPOINT, 'For a local MinIO/Ceph/s3rver, check the server is running and the port is right.', CHECK],
  },
  ENOTFOUND: {
    title: 'Endpoint unreachable: host not found',
    meaning: 'The endpoint host name does not resolve in DNS.',
    remedy: [
      CHECK_ENDPOINT,
      'With virtual-hosted addressing the bucket becomes part of the host name; S3-compatible stores often need path-style addressing.',
      CHECK,
    ],
  },
  EAI_AGAIN: {
    title: 'Endpoint unreachable: DNS lookup failed',
    meaning: 'DNS did not answer in time; the network or DNS server may be down.',
    remedy: ['Check the network connection and DNS, then retry.', CHECK_ENDPOINT],
  },
  ETIMEDOUT: {
    title: 'Endpoint unreachable: timed out',
    meaning: 'The endpoint did not answer in time.',
    remedy: [CHECK_ENDPOINT, 'A firewall, VPN or proxy may be dropping the connection (set HTTPS_PROXY if one is required).'],
  },
  ECONNRESET: {
    title: 'Connection reset',
    meaning: 'The endpoint or a proxy closed the connection mid-request.',
    remedy: ['Retry; if it repeats, check proxies and the endpoint scheme (http vs https).'],
  },
  EHOSTUNREACH: {
    title: 'Endpoint unreachable: no route to host',
    meaning: 'The network has no route to the endpoint host.',
    remedy: [CHECK_ENDPOINT, 'Check the VPN or network the endpoint requires.'],
  },
  ENETUNREACH: {
    title: 'Endpoint unreachable: network unreachable',
    meaning: 'This computer has no network path to the endpoint.',
    remedy: ['Check the network connection.', CHECK_ENDPOINT],
  },
  EPROTO: {
    title: 'TLS handshake failed',
    meaning: 'The endpoint did not speak TLS as expected — often https:// used against a plain-HTTP port.',
    remedy: ['Use http:// for a local server that does not serve TLS, or the right TLS port.', CHECK_ENDPOINT],
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    title: 'Untrusted certificate: self-signed',
    meaning: "The endpoint's TLS certificate is self-signed.",
    remedy: ['Add the CA to NODE_EXTRA_CA_CERTS, or use http:// for a local test server.'],
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    title: 'Untrusted certificate: self-signed chain',
    meaning: 'A corporate proxy or the endpoint presents a certificate chain with an untrusted root.',
    remedy: ['Add the root CA to NODE_EXTRA_CA_CERTS.'],
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    title: 'Untrusted certificate',
    meaning: "The endpoint's TLS certificate chain could not be verified.",
    remedy: ['Add the CA to NODE_EXTRA_CA_CERTS.'],
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    title: 'Certificate does not match the host',
    meaning: "The TLS certificate is not valid for the endpoint's host name — typical for bucket names with dots in virtual-hosted addressing.",
    remedy: ['Use path-style addressing, or a bucket name without dots.', CHECK_ENDPOINT],
  },
  TimeoutError: {
    title: 'Request timed out',
    meaning: 'The request did not complete within the configured timeout.',
    remedy: [CHECK_ENDPOINT, 'For large transfers raise the timeout or use multipart upload.'],
  },
  AbortError: {
    title: 'Request cancelled',
    meaning: 'The request was aborted (for example the user cancelled it).',
    remedy: [],
  },
};

export const NETWORK_CODES: readonly string[] = Object.keys(NET);

function field(o: unknown, k: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
}

/** The network error code carried by `err`, its cause chain or its aggregated errors. */
export function findNetworkCode(err: unknown, depth = 0): { code: string; source: unknown } | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  for (const k of ['code', 'errno', 'name']) {
    const v = field(err, k);
    if (typeof v === 'string' && v in NET) return { code: v, source: err };
  }
  const errors = field(err, 'errors');
  if (Array.isArray(errors)) {
    for (const e of errors.slice(0, 10)) {
      const found = findNetworkCode(e, depth + 1);
      if (found) return found;
    }
  }
  return findNetworkCode(field(err, 'cause'), depth + 1);
}

export function decodeNetworkCode(code: string, source: unknown, message?: string): Decoded {
  const info = NET[code];
  const d = emptyDecoded('network', info?.title ?? 'Network error');
  d.code = code;
  d.meaning = info?.meaning;
  d.category = 'Network error';
  d.message = message;
  d.remedy = info ? [...info.remedy] : [];
  const host = field(source, 'hostname') ?? field(source, 'address') ?? field(source, 'host');
  const port = field(source, 'port');
  if (typeof host === 'string') {
    d.endpoint = typeof port === 'number' || typeof port === 'string' ? `${host}:${port}` : host;
  }
  return d;
}

/** Recognizes a network error code named in free text ("connect ECONNREFUSED 127.0.0.1:9000"). */
export function networkCodeInText(text: string): string | undefined {
  const m =
    /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPROTO|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID)\b/.exec(
      text,
    );
  return m?.[1];
}
