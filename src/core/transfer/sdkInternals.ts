/**
 * The places the extension leans on the AWS SDK's undocumented insides, kept together so that an
 * SDK update is checked in one place. Checked against the versions in SDK_CHECKED;
 * test/unit/transfer/sdkInternals.test.ts fails when the installed SDK leaves them (check this
 * file, then move the versions), and test/integration/transfer/presign.test.ts and
 * test/unit/transfer/presignFast.test.ts compare the URLs with getSignedUrl's byte for byte.
 *
 * 1. Presigning fast (fastPresign).
 * getSignedUrl runs the command's whole middleware stack and resolves the endpoint rules on
 * every call (530–2,500 URLs/s measured); the signature itself is a few HMACs. Here the stack
 * runs once per client, method and bucket, on a probe key, and the request it builds (endpoint,
 * path style, x-id, signing region and service) becomes the template for every later key. Each
 * URL is then signed by the SDK's own presigner (S3RequestPresigner over SignatureV4) with the
 * options getSignedUrl would pass, so the URL is the one getSignedUrl gives for the same time
 * (the presign tests compare them byte for byte).
 *
 * 2. Signing bodies as UNSIGNED-PAYLOAD (signUnsignedPayload).
 * Measured on Ceph RGW and s3rver (bench/README-section.md),
 * main-thread hashing is what limits upload throughput, and the SigV4 payload SHA-256 is a whole
 * extra pass over every byte. The bodies sent this way are still checked: by their signed
 * Content-MD5 or by comparing the store's ETag with MD5s taken of the bytes read from disk.
 */
import type { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

/** The SDK packages whose insides this file uses, and the major.minor versions it was checked against. */
export const SDK_CHECKED: Readonly<Record<string, string>> = {
  '@aws-sdk/client-s3': '3.1169',
  '@aws-sdk/s3-request-presigner': '3.1163',
  '@aws-sdk/core': '3.981',
};

interface RequestLike {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  username?: string;
  password?: string;
  fragment?: string;
}

interface Template {
  request: RequestLike;
  /** The path up to the key, e.g. "/bucket/" (path style) or "/" (virtual host). */
  pathPrefix: string;
  presigner: S3RequestPresigner;
  signingRegion: string | undefined;
  signingService: string | undefined;
}

export interface FastPresignOptions {
  method: 'GET' | 'PUT';
  bucket: string;
  key: string;
  expiresInSeconds: number;
  headers: Record<string, string>;
  signableHeaders?: Set<string>;
  unhoistableHeaders?: Set<string>;
  signingDate?: Date;
}

type Middleware = (
  next: (args: { request: unknown }) => Promise<unknown>,
  context: Record<string, unknown>,
) => (args: { request: unknown }) => Promise<unknown>;

const PROBE_KEY = 'k';
const templates = new WeakMap<S3Client, Map<string, Promise<Template | undefined>>>();

/** The URL, or undefined when this client needs the full path (SigV4a, S3 Express). */
export async function fastPresign(client: S3Client, opts: FastPresignOptions): Promise<string | undefined> {
  const template = await templateFor(client, opts.method, opts.bucket);
  if (!template) {
    return undefined;
  }
  const { request } = template;
  const signed = await template.presigner.presign(
    {
      ...request,
      // Keys are serialized as the SDK does a greedy label: each segment encoded, "/" kept.
      path: template.pathPrefix + opts.key.split('/').map(extendedEncodeURIComponent).join('/'),
      query: { ...request.query },
      headers: { ...request.headers, ...opts.headers },
    },
    {
      // Unset arguments are left out: the SDK's presigning arguments do not take undefined.
      expiresIn: opts.expiresInSeconds,
      ...(opts.signingDate !== undefined ? { signingDate: opts.signingDate } : {}),
      ...(opts.signableHeaders !== undefined ? { signableHeaders: opts.signableHeaders } : {}),
      ...(opts.unhoistableHeaders !== undefined ? { unhoistableHeaders: new Set(opts.unhoistableHeaders) } : {}),
      ...(template.signingRegion !== undefined ? { signingRegion: template.signingRegion } : {}),
      ...(template.signingService !== undefined ? { signingService: template.signingService } : {}),
    },
  );
  // The formatter getSignedUrl itself uses (from the SDK's core, which client-s3 pins).
  const { formatUrl } = await import('@aws-sdk/core/util');
  return formatUrl(signed);
}

function extendedEncodeURIComponent(str: string): string {
  return encodeURIComponent(str).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function templateFor(client: S3Client, method: 'GET' | 'PUT', bucket: string): Promise<Template | undefined> {
  let perClient = templates.get(client);
  if (!perClient) {
    perClient = new Map();
    templates.set(client, perClient);
  }
  const id = `${method} ${bucket}`;
  let template = perClient.get(id);
  if (!template) {
    template = buildTemplate(client, method, bucket);
    // A failure (credentials not resolvable yet) must not stick: the next call tries again.
    template.catch(() => perClient?.delete(id));
    perClient.set(id, template);
  }
  return template;
}

/** Runs the command's stack up to signing, as getSignedUrl does, and keeps what it built. */
async function buildTemplate(client: S3Client, method: 'GET' | 'PUT', bucket: string): Promise<Template | undefined> {
  const [{ GetObjectCommand, PutObjectCommand }, { S3RequestPresigner: Presigner }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/s3-request-presigner'),
  ]);
  const command = method === 'GET' ? new GetObjectCommand({ Bucket: bucket, Key: PROBE_KEY }) : new PutObjectCommand({ Bucket: bucket, Key: PROBE_KEY });
  let captured: { request: RequestLike; context: Record<string, unknown> } | undefined;
  const capture: Middleware = (_next, context) => async (args) => {
    captured = { request: args.request as RequestLike, context };
    return { response: {}, output: { $metadata: {} } };
  };
  const stack = client.middlewareStack.clone();
  stack.addRelativeTo(capture as never, {
    name: 'mswbPresignTemplate',
    relation: 'before',
    toMiddleware: 'awsAuthMiddleware',
    override: true,
  });
  // Same removals as presign.ts's build-step middleware, before the capture.
  const strip: Middleware = (next) => async (args) => {
    const headers = (args.request as RequestLike | undefined)?.headers ?? {};
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') {
        delete headers[name];
      }
    }
    return next(args);
  };
  (command.middlewareStack as { add(mw: unknown, opts: object): void }).add(strip, {
    step: 'build',
    priority: 'low',
    name: 'mswbStripPresignChecksums',
  });
  const handler = (command as { resolveMiddleware(...a: unknown[]): (args: { input: unknown }) => Promise<unknown> }).resolveMiddleware(
    stack,
    client.config,
    {},
  );
  await handler({ input: command.input });
  if (!captured) {
    return undefined;
  }
  const { request, context } = captured;
  const endpoint = context['endpointV2'] as
    { properties?: { authSchemes?: Array<{ name?: string; signingRegion?: string; signingName?: string }> } } | undefined;
  const authScheme = endpoint?.properties?.authSchemes?.[0];
  if (context['s3ExpressIdentity'] || authScheme?.name === 'sigv4a' || !request.path.endsWith(`/${PROBE_KEY}`)) {
    return undefined;
  }
  const headers = { ...request.headers };
  // getSignedUrl drops these per-call SDK headers before signing.
  delete headers['amz-sdk-invocation-id'];
  delete headers['amz-sdk-request'];
  delete headers['x-amz-user-agent'];
  const region = authScheme?.signingRegion;
  const presigner = new Presigner({
    ...client.config,
    signingName: authScheme?.signingName,
    region: async () => region as string,
  } as ConstructorParameters<typeof Presigner>[0]);
  return {
    request: { ...request, headers, query: { ...request.query } },
    pathPrefix: request.path.slice(0, -PROBE_KEY.length),
    presigner,
    signingRegion: (context['signing_region'] as string | undefined) ?? region,
    signingService: context['signing_service'] as string | undefined,
  };
}

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
