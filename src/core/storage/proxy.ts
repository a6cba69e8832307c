/**
 * Which proxy, if any, carries requests to an endpoint: VS Code's `http.proxy` setting when it
 * is set, otherwise the environment's HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, except for hosts
 * that NO_PROXY (or VS Code's `http.noProxy`) names. Requests are tunnelled with CONNECT
 * (hpagent, a small dependency-free agent kept by the Elastic client's authors), so the proxy
 * never sees a request line, a signature or a body.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

export interface ProxySettings {
  /** VS Code's `http.proxy`; wins over the environment. */
  url?: string;
  /** VS Code's `http.noProxy`; added to the environment's NO_PROXY. */
  noProxy?: readonly string[];
  /** Defaults to process.env; tests pass their own. */
  env?: Readonly<Record<string, string | undefined>>;
  /** VS Code's `http.proxyStrictSSL`; false accepts a self-signed endpoint certificate. */
  strictSsl?: boolean;
}

function envVar(env: Readonly<Record<string, string | undefined>>, name: string): string {
  return env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
}

/** NO_PROXY semantics as curl and most tools read them: `*`, exact hosts, `.suffix`/`*.suffix`, optional `:port`. */
export function bypassesProxy(hostname: string, port: number, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    // A bare IPv6 address (`::1`, common in NO_PROXY) has colons but no port; only the
    // bracketed form can carry one.
    if (!entry.startsWith('[') && entry.indexOf(':') !== entry.lastIndexOf(':')) return host === entry;
    const m = /^(.+?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? entry).replace(/^\[|\]$/g, '');
    if (m?.[2] && Number(m[2]) !== port) return false;
    if (name.startsWith('*.') || name.startsWith('.')) {
      const suffix = name.replace(/^\*/, '');
      return host.endsWith(suffix) || host === suffix.slice(1);
    }
    return host === name;
  });
}

/** The proxy URL for an endpoint, or undefined for a direct connection. */
export function proxyFor(endpoint: string, settings: ProxySettings = {}): string | undefined {
  const env = settings.env ?? process.env;
  const url = new URL(endpoint);
  const scheme = url.protocol.replace(/:$/, '');
  const port = Number(url.port) || (scheme === 'https' ? 443 : 80);
  const noProxy = [...envVar(env, 'no_proxy').split(/[,\s]+/), ...(settings.noProxy ?? [])];
  if (bypassesProxy(url.hostname, port, noProxy)) return undefined;
  const proxy = settings.url?.trim() || envVar(env, `${scheme}_proxy`) || envVar(env, 'all_proxy');
  if (!proxy) return undefined;
  return proxy.includes('://') ? proxy : `http://${proxy}`;
}

export interface ProxyAgents {
  http?: HttpAgent;
  https?: HttpsAgent;
}

/** Keep-alive agents that tunnel through the proxy for this endpoint, or none for a direct connection. */
export async function proxyAgentsFor(endpoint: string, settings?: ProxySettings): Promise<ProxyAgents> {
  const proxy = proxyFor(endpoint, settings);
  if (!proxy) return {};
  const { HttpProxyAgent, HttpsProxyAgent } = await import('./sdkDeps');
  const common = { keepAlive: true, maxSockets: 64, proxy };
  return {
    http: new HttpProxyAgent(common),
    https: new HttpsProxyAgent({ ...common, rejectUnauthorized: settings?.strictSsl !== false }),
  };
}
