/**
 * Redaction of secrets from any text that may reach a log, a notification or the clipboard
 * history of a bug report. Applied to every log line, so it errs on the side of hiding:
 * a redacted non-secret costs a little readability, a leaked secret costs a key rotation.
 */

export const REDACTED = '[REDACTED]';

// Presigned-URL query parameters that carry a signature, a credential scope (which names the
// access key) or a session token, in SigV4 and in the legacy SigV2 form.
const QUERY_SECRETS = [
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'Signature',
  'AWSAccessKeyId',
  'x-goog-signature',
  'x-goog-credential',
];

// Field names whose values are secret wherever they appear: JSON, YAML, INI, env, JS literals.
// Covers the payload shapes of the encoding services (secretKey, secret, aws_secret_access_key)
// and the SDK's own (secretAccessKey, sessionToken).
const SECRET_FIELDS = [
  'secretAccessKey',
  'secret_access_key',
  'aws_secret_access_key',
  'AWS_SECRET_ACCESS_KEY',
  'secretKey',
  'secret_key',
  'secret',
  'sessionToken',
  'session_token',
  'aws_session_token',
  'AWS_SESSION_TOKEN',
  'securityToken',
  'token',
  'password',
  'apiKey',
  'api_key',
  'x-api-key',
  'X-Amz-Security-Token',
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const queryPattern = new RegExp(`([?&](?:${QUERY_SECRETS.map(escapeRegExp).join('|')})=)[^&#\\s"'<>]*`, 'gi');

// "field": "value"  |  field: value  |  field = value  |  FIELD=value  |  X-Api-Key: value (header)
const fieldPattern = new RegExp(
  `((?<![A-Za-z0-9_-])["']?(?:${SECRET_FIELDS.map(escapeRegExp).join('|')})(?:["']?)\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|[^\\s,;&}\\]]+)`,
  'gi',
);

// SigV4 Authorization header: keep the algorithm and signed headers, hide who and the signature.
const authHeaderPattern = /(Credential=)[^,\s&]+|(Signature=)[0-9a-f]+/gi;

// A bare session token (STS tokens are long base64 blobs starting with these prefixes).
const stsTokenPattern = /\b(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj|AgoJb3JpZ2luX2Vj)[A-Za-z0-9+/=]{20,}/g;

function quoteAware(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    return `${q}${REDACTED}${q}`;
  }
  return REDACTED;
}

/**
 * Returns `text` with secrets replaced by `[REDACTED]`. `knownSecrets` are exact values (for
 * example the secret keys held in SecretStorage) hidden wherever they appear, even in shapes no
 * pattern anticipates.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Short values would redact ordinary words; real keys are long.
    if (secret.length >= 8) {
      out = out.split(secret).join(REDACTED);
    }
  }
  out = out.replace(queryPattern, `$1${REDACTED}`);
  out = out.replace(authHeaderPattern, (_m, cred: string | undefined, sig: string | undefined) =>
    `${cred ?? sig}${REDACTED}`,
  );
  out = out.replace(fieldPattern, (_m, prefix: string, value: string) =>
    value.startsWith('[REDACTED') || value === `"${REDACTED}"` ? `${prefix}${value}` : `${prefix}${quoteAware(value)}`,
  );
  out = out.replace(stsTokenPattern, REDACTED);
  return out;
}
