/**
 * Signing bodies as UNSIGNED-PAYLOAD. Measured on Ceph RGW and s3rver (bench/README-section.md),
 * main-thread hashing is what limits upload throughput, and the SigV4 payload SHA-256 is a whole
 * extra pass over every byte. The bodies sent this way are still checked: by their signed
 * Content-MD5 or by comparing the store's ETag with MD5s taken of the bytes read from disk.
 */
import type { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';

/** Makes the signer use UNSIGNED-PAYLOAD for this one command instead of hashing its body. */
export function signUnsignedPayload(command: PutObjectCommand | UploadPartCommand): void {
  // The signer keeps a payload hash it finds in the headers instead of computing SHA-256. One set
  // already (the aws-chunked trailer mode of AWS connections with default checksums) is kept.
  // The middleware only touches the request headers, so it fits either command's stack.
  (command.middlewareStack as PutObjectCommand['middlewareStack']).add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      if (headers && !Object.keys(headers).some((h) => h.toLowerCase() === 'x-amz-content-sha256')) {
        headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      }
      return next(args);
    },
    { step: 'build', name: 'mswbUnsignedPayload' },
  );
}

/**
 * A view of a (pooled, shared) client for lib-storage's Upload whose UploadPart requests are
 * signed UNSIGNED-PAYLOAD. lib-storage builds its commands itself and offers no hook into their
 * stacks, and a middleware added to the client's own stack would change every later request of
 * every user of the pooled client; this view changes only the commands sent through it, and the
 * client itself is left untouched. Everything else (config, stack, handlers) is the client's.
 */
export async function unsignedPartsClient(client: S3Client): Promise<S3Client> {
  const { UploadPartCommand: PartCommand } = await import('@aws-sdk/client-s3');
  const view = Object.create(client) as S3Client;
  const send = client.send as (...args: unknown[]) => unknown;
  Object.defineProperty(view, 'send', {
    value: (...args: unknown[]) => {
      if (args[0] instanceof PartCommand) {
        signUnsignedPayload(args[0]);
      }
      return send.apply(client, args);
    },
  });
  return view;
}
