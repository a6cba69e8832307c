// The one answer to "is this a secret?", shared by the redactor (what a log may show), the
// registry and settings writers (what may be stored in plain files) and the payload lint (what
// a workspace file should not hold). Three copies of this used to disagree: the registry knew
// only AWS-shaped keys, the lint only values of 16+ characters, the settings writer nothing.
//
// It lives at the top of src/core rather than under log/ because storage and validation need
// it as much as the log does, and neither should depend on the logging code to ask.

/**
 * What a field name says about its value:
 * - `secret-access-key`: the secret half of an S3 key pair (what a connection's credentials hold);
 * - `session-token`: an STS session token (temporary, but a full credential until it expires);
 * - `other-secret`: passwords, API keys, client secrets, private keys, SSE-C keys, bearer tokens;
 * - `access-key-id`: the public half of a key pair; it names the account, so logs hide it, but
 *   on its own it grants nothing;
 * - `presign`: a presigned URL's or POST policy's signature, credential scope or policy; hidden
 *   in logs, but a time-limited grant meant to be handed out, so files may hold it.
 */
export type SecretFieldKind = 'secret-access-key' | 'session-token' | 'other-secret' | 'access-key-id' | 'presign';

// MinIO has no format of its own: any value in a secret field is a secret there.
export type KeyProvider = 'aws' | 'r2' | 'wasabi' | 'spaces' | 'gcs';

export interface SecretFinding {
  what: 'secret' | 'access-key-id';
  /** Providers whose key format the value has; empty for a secret of no particular shape. */
  providers: KeyProvider[];
}

// secretKey, secret_key, aws_secret_access_key and X-Amz-Security-Token are one name each.
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

// Pagination and idempotency tokens name no one and are what a user debugs a listing with.
const NOT_SECRET_TOKEN = /(?:continuation|next|page|pagination|sync|cancellation|idempotency|client|start)token$/;
// Names that point at a secret kept elsewhere (Secrets Manager ARNs, names), not the secret.
const SECRET_REFERENCE = /secrets?(?:manager)?(?:arn|name|ref|path|version|versionid|store|provider|type|kind)$|secrets$/;

/** The kind of secret a field of this name holds, or undefined for an ordinary field. */
export function secretFieldKind(name: string): SecretFieldKind | undefined {
  const n = normalize(name);
  if (!n) return undefined;
  // Before the id test: "secretaccesskey" ends in "accesskey" too.
  if (/^(?:aws|s3)?secret(?:access)?key$|^accesskeysecret$|^secret$/.test(n)) return 'secret-access-key';
  // Tencent COS calls its access key id "SecretId".
  if (/(?:accesskey|accesskeyid|accessid)$/.test(n) || n === 'secretid') return 'access-key-id';
  if (/(?:session|security)token$/.test(n)) return 'session-token';
  if (/(?:signature|signatureprovided|credential)$/.test(n) || n === 'policy') return 'presign';
  if (/password|passwd|passphrase|privatekey|apikey|customerkey$|accountkey/.test(n) || n === 'pwd') return 'other-secret';
  if (n.includes('secret') && !SECRET_REFERENCE.test(n)) return 'other-secret';
  if (n.endsWith('token') && !NOT_SECRET_TOKEN.test(n)) return 'other-secret';
  return undefined;
}

/** A field whose value is key material: never stored in settings, workspace files or logs. */
export function isSecretFieldName(name: string): boolean {
  const kind = secretFieldKind(name);
  return kind === 'secret-access-key' || kind === 'session-token' || kind === 'other-secret';
}

/** A field holding the secret half of an S3 key pair, which a connection's credentials can take over. */
export function isSecretAccessKeyFieldName(name: string): boolean {
  return secretFieldKind(name) === 'secret-access-key';
}

export function isAccessKeyIdFieldName(name: string): boolean {
  return secretFieldKind(name) === 'access-key-id';
}

// Generated payloads, documentation and the seeds write these instead of a key.
const PLACEHOLDERS: RegExp[] = [
  /^<[^<>]*>$/, // <AWS_SECRET_KEY>, the generators' own
  /\$\{[^}]*\}|\{\{[^}]*\}\}/, // ${env:AWS_SECRET}, {{secret}}
  /^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$/, // $AWS_SECRET_ACCESS_KEY, %AWS_SECRET%
  /^(?:your|my|the|some)[\s_-]?(?:aws|s3|r2|gcs|minio|wasabi|spaces|secret|access|api|key|password|pass|token|session|bucket|account|own)/i,
  /\.\.\.|…/, // elided: "AKIA...XYZ"
  /example|placeholder|change[_-]?me|replace[_-]?me|dummy|redacted|sample|fake|xxxx|\*\*\*/i,
  /^(.)\1*$/, // one character repeated
  /^[A-Za-z]+(?:[ \t]+[A-Za-z]+)+$/, // a label: "AWS Secret Access Key"
];

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDERS.some((re) => re.test(v));
}

// Key formats by provider. The AWS-shaped 40-character secret is also the shape of Wasabi's and
// of a GCS HMAC secret; an S3-compatible store can hand out anything, so shapes only name the
// likely provider, they never decide whether a value in a secret field is a secret.
const AWS_KEY_ID_SOURCE = '(?:AKIA|ASIA)[A-Z2-7]{16}';
const GCS_KEY_ID_SOURCE = 'GOOG1[A-Z0-9]{56}';
// STS session tokens start with the base64 of their own version header.
const STS_TOKEN_PREFIX = '(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj|AgoJb3JpZ2luX2Vj)';
const whole = (source: string): RegExp => new RegExp(`^${source}$`);

const AWS_KEY_ID = whole(AWS_KEY_ID_SOURCE);
const GCS_KEY_ID = whole(GCS_KEY_ID_SOURCE);
const R2_KEY_ID = /^[0-9a-f]{32}$/;
const UPPER_KEY_ID = /^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{20}$/; // Wasabi, DigitalOcean Spaces
const BASE64_40 = /^[A-Za-z0-9/+]{40}$/; // AWS, Wasabi (no /+), GCS HMAC
const BASE64_43 = /^[A-Za-z0-9/+]{43}$/; // DigitalOcean Spaces
const R2_SECRET = /^[0-9a-f]{64}$/;
const STS_TOKEN = whole(`${STS_TOKEN_PREFIX}[A-Za-z0-9/+=]{20,}`);

/**
 * Unanchored forms for the redactor: access key ids and STS session tokens are distinctive
 * enough to hide wherever they appear, whatever names them. A token in text may be
 * percent-encoded (a URL pasted into a message), so %2B and %2F belong to it.
 */
export const BARE_CREDENTIAL_SOURCE = `\\b(?:${AWS_KEY_ID_SOURCE}|${GCS_KEY_ID_SOURCE}|${STS_TOKEN_PREFIX}(?:[A-Za-z0-9/+=]|%[0-9A-Fa-f]{2}){20,})(?![A-Za-z0-9])`;

/** Providers whose access key id format `value` has. */
export function accessKeyIdProviders(value: string): KeyProvider[] {
  if (AWS_KEY_ID.test(value)) return ['aws'];
  if (GCS_KEY_ID.test(value)) return ['gcs'];
  if (R2_KEY_ID.test(value)) return ['r2'];
  if (UPPER_KEY_ID.test(value)) return ['wasabi', 'spaces'];
  return [];
}

/** Providers whose secret key format `value` has. */
export function secretKeyProviders(value: string): KeyProvider[] {
  if (BASE64_40.test(value)) return /[/+]/.test(value) ? ['aws', 'gcs'] : ['aws', 'wasabi', 'gcs'];
  if (BASE64_43.test(value)) return ['spaces'];
  if (R2_SECRET.test(value)) return ['r2'];
  if (STS_TOKEN.test(value)) return ['aws'];
  return [];
}

// MinIO accepts any secret of 8 to 40 characters (its access keys may be as short as 3, but an
// access key id is not a secret); session tokens and PEM keys run far longer, so there is no
// upper bound. Below 8 characters a value is a stand-in, not a key.
const MIN_SECRET_LENGTH = 8;

/** A value that, in a secret field, is a real secret rather than a placeholder. */
export function isRealSecretValue(value: string): boolean {
  return value.length >= MIN_SECRET_LENGTH && !isPlaceholder(value);
}

/** A value in one of the providers' access key id formats, and not a documentation example. */
export function isRealAccessKeyId(value: string): boolean {
  return accessKeyIdProviders(value).length > 0 && !isPlaceholder(value);
}

/**
 * Whether `value`, stored under the field `name`, is a credential. A bare "key" field is the
 * access key id in Dolby.io and Qencode payloads but an object key everywhere else, so there
 * only the self-identifying id formats (AKIA/ASIA, GOOG1) count. Presign grants are not
 * findings: a presigned URL in a file is there to be handed out.
 */
export function detectSecret(name: string, value: string): SecretFinding | undefined {
  const kind = secretFieldKind(name);
  if (kind === 'secret-access-key' || kind === 'session-token' || kind === 'other-secret') {
    return isRealSecretValue(value) ? { what: 'secret', providers: secretKeyProviders(value) } : undefined;
  }
  if (kind === 'access-key-id' || normalize(name) === 'key') {
    if (!isRealAccessKeyId(value)) return undefined;
    const providers = accessKeyIdProviders(value);
    if (kind !== 'access-key-id' && !providers.some((p) => p === 'aws' || p === 'gcs')) return undefined;
    return { what: 'access-key-id', providers };
  }
  return undefined;
}

/**
 * A value that looks like a secret key whatever field holds it: the 40-character shape of AWS,
 * Wasabi and GCS secrets, the 43 of Spaces, or an STS token, with mixed case and digits (a
 * 40-character path or slug has separators these alphabets lack). Documentation examples count:
 * no label or name needs a key's shape.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (STS_TOKEN.test(value)) return true;
  return (BASE64_40.test(value) || BASE64_43.test(value)) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
}

/**
 * Where a value about to be written into a plain file (settings, the workspace registry) holds
 * a secret, as words for an error message, or undefined. Those files have no secret fields at
 * all, so a secret-named field is refused whatever it holds, a placeholder included.
 */
export function findSecret(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') {
    return looksLikeSecretValue(value) ? `a value that looks like a secret access key${at ? ` (in "${at}")` : ''}` : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = findSecret(value[i] as unknown, `${at}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isSecretFieldName(k) && v !== undefined && v !== null && v !== '') return `the field "${k}"`;
      const inner = findSecret(v, at ? `${at}.${k}` : k);
      if (inner) return inner;
    }
  }
  return undefined;
}
