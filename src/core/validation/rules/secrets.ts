// Plaintext credentials in workspace files. Those files end up in git, backups and screen
// shares, so a real-looking secret is flagged; the seeds' placeholders are not.
//
// "Real-looking" (secret fields): at least 16 characters, no whitespace, at least two of
// lower/upper/digit/symbol, and none of the placeholder signs: <…>, {{…}}, ${…}, a YOUR_/MY_
// prefix, "…"/"..." elisions, or words such as example, placeholder, changeme, dummy, xxxx.
// Access key ids are flagged only in the AWS format (AKIA/ASIA + 16), since on S3-compatible
// stores the key id alone is often just a user name.
import type { Diagnostic, JsonPath } from '../types';
import { isRecord, report, type Rule } from './rule';

const SECRET_KEYS = new Set(['secretKey', 'secret', 'aws_secret_access_key', 'secretAccessKey', 'SecretAccessKey', 'token', 'sessionToken', 'aws_session_token']);
const KEY_ID_KEYS = new Set(['accessKey', 'key', 'aws_access_key_id', 'accessKeyId', 'AccessKeyId']);
const PLACEHOLDER = /^<.*>$|\{\{|\$\{|^(your|my)[\s_-]?|\.\.\.|…|example|placeholder|changeme|change[_-]me|dummy|redacted|sample|fake|xxxx|\*\*\*\*/i;

export function looksLikeRealSecret(v: string): boolean {
  if (v.length < 16 || /\s/.test(v) || PLACEHOLDER.test(v)) return false;
  if (/^(.)\1+$/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2;
}

export function looksLikeRealAccessKeyId(v: string): boolean {
  return /^(AKIA|ASIA)[A-Z2-7]{16}$/.test(v) && !/EXAMPLE/.test(v);
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
        const secret = SECRET_KEYS.has(k) && looksLikeRealSecret(val);
        const keyId = KEY_ID_KEYS.has(k) && looksLikeRealAccessKeyId(val);
        if (secret || keyId) {
          out.push(report(input, 'payload/plaintext-secret', 'warning', [...path, k],
            `${secret ? `"${k}" holds what looks like a real secret` : `"${k}" holds a real AWS access key id`} in plaintext in a workspace file, where it ends up in version control. Keep credentials in the Media Storage Workbench secret store or an AWS profile and put a placeholder such as "<${secret ? 'AWS_SECRET_KEY' : 'AWS_ACCESS_KEY'}>" here.`));
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
