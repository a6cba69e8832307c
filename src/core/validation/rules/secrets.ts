// Plaintext credentials in workspace files. Those files end up in git, backups and screen
// shares, so a real-looking secret is flagged; the seeds' placeholders are not. What is a
// secret field, a real value or a placeholder is the shared detector's call (core/secrets.ts):
// the log, the registry and this lint must agree on it.
import { detectSecret, isRealAccessKeyId, isRealSecretValue, type KeyProvider } from '../../secrets';
import type { Diagnostic, JsonPath } from '../types';
import { report, type Rule } from './rule';
import { isRecord } from '../../guards';

export { isRealSecretValue as looksLikeRealSecret, isRealAccessKeyId as looksLikeRealAccessKeyId };

const PROVIDER_NAMES: Record<KeyProvider, string> = {
  aws: 'AWS',
  r2: 'Cloudflare R2',
  wasabi: 'Wasabi',
  spaces: 'DigitalOcean Spaces',
  gcs: 'Google Cloud Storage HMAC',
};

function providers(list: KeyProvider[]): string {
  return list.length ? ` (${list.map((p) => PROVIDER_NAMES[p]).join(' or ')} format)` : '';
}

/** Flags real-looking secrets anywhere in the document (customData included: it is stored too). */
export const secretRules: Rule = (input) => {
  if (input.context.workspaceFile === false) return [];
  const out: Diagnostic[] = [];
  // One mutable path, copied only on a hit: payloads can carry megabytes of customData.
  const path: JsonPath = [];
  const visit = (v: unknown): void => {
    if (path.length > 32) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item !== 'object' || item === null) continue;
        path.push(i);
        visit(item);
        path.pop();
      }
      return;
    }
    if (!isRecord(v)) return;
    for (const k in v) {
      const val = v[k];
      if (typeof val === 'string') {
        const hit = detectSecret(k, val);
        if (hit) {
          const secret = hit.what === 'secret';
          out.push(
            report(
              input,
              'payload/plaintext-secret',
              'warning',
              [...path, k],
              `${secret ? `"${k}" holds what looks like a real secret` : `"${k}" holds a real access key id`}${providers(hit.providers)} in plaintext in a workspace file, where it ends up in version control. Keep credentials in the Media Storage Workbench secret store or an AWS profile and put a placeholder such as "<${secret ? 'AWS_SECRET_KEY' : 'AWS_ACCESS_KEY'}>" here.`,
            ),
          );
        }
      } else if (typeof val === 'object' && val !== null) {
        path.push(k);
        visit(val);
        path.pop();
      }
    }
  };
  visit(input.doc.value);
  return out;
};
