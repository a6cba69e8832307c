// A TCP fault proxy for tests, on loopback only: accepts on 127.0.0.1, forwards to a loopback
// S3 server, and on command resets connections, stops forwarding without closing (a black
// hole), drips bytes slowly, or refuses new connections. It counts the bytes it forwards
// upstream, so a test can tell how much of a file was sent again after a resume.
import * as net from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  /** Accept and read, never forward nor answer: an endpoint that takes TCP and never replies. */
  | { kind: 'blackhole' }
  /** Reset a connection once it has carried this many more upstream bytes (counted per connection). */
  | { kind: 'reset-after'; bytes: number; once?: boolean }
  /** Forward upstream bytes at this rate. */
  | { kind: 'drip'; bytesPerSecond: number }
  /** Close every new connection at once (a gateway that is down). */
  | { kind: 'refuse' };

export interface FaultProxy {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly port: number;
  /** Bytes forwarded from clients to the server since start or the last resetCounters(). */
  readonly bytesUpstream: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Client connections open now: a cancelled request must leave none behind. */
  readonly openConnections: number;
  /**
   * The first bytes (up to 8 KiB, latin1) each accepted connection sent, in order of arrival:
   * the request line and headers, so a test can read what a client put on the wire.
   */
  readonly heads: readonly string[];
  /** Resets that the proxy made. */
  readonly resets: number;
  setMode(mode: FaultMode): void;
  resetCounters(): void;
  /** Resets every open connection now. */
  resetAll(): void;
  close(): Promise<void>;
}

/**
 * A TCP reset (RST) where the socket is open both ways, a plain close otherwise. Node resets with
 * libuv's close-with-reset, which on a socket still connecting or already half-closed by its peer
 * can leave the handle never closed, and the process then spins in its exit clean-up.
 */
export function resetSocket(socket: net.Socket): void {
  if (!socket.destroyed && !socket.connecting && socket.readyState === 'open') socket.resetAndDestroy();
  else socket.destroy();
}

function assertLoopback(host: string): void {
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/.test(host)) {
    throw new Error(`The fault proxy forwards only to loopback, not to ${host}.`);
  }
}

const HEAD_BYTES = 8192;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const url = new URL(target);
  assertLoopback(url.hostname);
  const targetPort = Number(url.port) || 80;
  const targetHost = url.hostname.replace(/^\[|\]$/g, '');
  let mode: FaultMode = { kind: 'pass' };
  // Bumped by setMode: a kept-alive connection counts reset-after bytes from the mode change,
  // not from its start, as the mode promises ("this many more").
  let modeEpoch = 0;
  let bytesUpstream = 0;
  let connections = 0;
  let resets = 0;
  const open = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const heads: { text: string }[] = [];

  const server = net.createServer((client) => {
    connections++;
    open.add(client);
    clients.add(client);
    const head = { text: '' };
    heads.push(head);
    client.on('data', (chunk: Buffer) => {
      if (head.text.length < HEAD_BYTES) head.text += chunk.subarray(0, HEAD_BYTES - head.text.length).toString('latin1');
    });
    client.on('close', () => {
      open.delete(client);
      clients.delete(client);
    });
    client.on('error', () => undefined);
    if (mode.kind === 'refuse') {
      resetSocket(client);
      return;
    }
    if (mode.kind === 'blackhole') {
      // Read and drop everything; answer nothing, close nothing.
      client.on('data', () => undefined);
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let carried = 0;
    let epoch = modeEpoch;
    client.on('data', (chunk: Buffer) => {
      const m = mode;
      if (m.kind === 'blackhole') return;
      if (epoch !== modeEpoch) {
        epoch = modeEpoch;
        carried = 0;
      }
      if (m.kind === 'reset-after' && carried + chunk.length > m.bytes) {
        const take = Math.max(0, m.bytes - carried);
        if (take > 0) {
          upstream.write(chunk.subarray(0, take));
          bytesUpstream += take;
        }
        resets++;
        if (m.once) mode = { kind: 'pass' };
        resetSocket(client);
        upstream.destroy();
        return;
      }
      carried += chunk.length;
      bytesUpstream += chunk.length;
      if (m.kind === 'drip') {
        client.pause();
        const waitMs = Math.max(1, (chunk.length / m.bytesPerSecond) * 1000);
        const timer = setTimeout(() => {
          if (!upstream.destroyed) upstream.write(chunk);
          client.resume();
        }, waitMs);
        timer.unref();
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode.kind === 'blackhole') return;
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    get bytesUpstream() {
      return bytesUpstream;
    },
    get connections() {
      return connections;
    },
    get resets() {
      return resets;
    },
    get openConnections() {
      return clients.size;
    },
    get heads() {
      return heads.map((h) => h.text);
    },
    setMode(next: FaultMode) {
      mode = next;
      modeEpoch++;
    },
    resetCounters() {
      bytesUpstream = 0;
      resets = 0;
      connections = 0;
      heads.length = 0;
    },
    resetAll() {
      for (const s of open) {
        resets++;
        resetSocket(s);
      }
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
