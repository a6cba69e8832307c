// Child-process entry for s3rver, forked by s3rverServer.ts with --openssl-legacy-provider:
// s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only
// offers through the legacy provider, and that flag should not leak into the test process.
import S3rver from 's3rver';

interface StartMessage {
  directory: string;
}

function send(message: unknown): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const { directory } = JSON.parse(process.argv[2] ?? '{}') as StartMessage;
  const instance = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // Clients use path-style URLs on an IP address; vhost parsing is only for
    // *.amazonaws.com host names.
    vhostBuckets: false,
  });
  const address = await instance.run();

  let closing = false;
  const close = (): void => {
    if (closing) {
      return;
    }
    closing = true;
    const closed = instance.close();
    // close() alone waits for every keep-alive socket a client left open.
    instance.httpServer?.closeAllConnections();
    closed.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message) => {
    if (message === 'stop') {
      close();
    }
  });
  // The IPC channel closes when the parent exits for any reason, even SIGKILL, so the
  // server never outlives its test run.
  process.on('disconnect', close);
  send({ port: address.port });
}

main().catch((err: unknown) => {
  send({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
