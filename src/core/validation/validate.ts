// One entry point for the editor, the CLI and the tests.
//
// Diagnostic codes (stable; tests and quick fixes key on them):
//   json/syntax                          malformed JSON (comments are allowed)
//   schema/required, schema/unknown-property, schema/type, schema/enum, schema/pattern,
//   schema/format, schema/exclusive, schema/property-name, schema/<ajv keyword in kebab-case>
//   policy/missing-version, policy/old-version, policy/duplicate-sid, policy/unknown-action,
//   policy/object-action-on-bucket-arn, policy/bucket-action-on-object-arn, policy/foreign-bucket,
//   policy/invalid-arn, policy/invalid-principal, policy/public-allow, policy/allow-not-principal,
//   policy/allow-not-resource,
//   policy/missing-principal, policy/missing-action, policy/missing-resource (errors: S3 "Missing
//   required field …"), policy/action-missing-prefix (error, fix adds "s3:"), policy/non-s3-action
//   (error), policy/duplicate-action (warning, fix removes it), policy/action-no-resource (error:
//   "Action does not apply to any resource(s) in statement"; object-action-on-bucket-arn and
//   bucket-action-on-object-arn are errors for the same reason), policy/multiple-buckets (error),
//   policy/unknown-condition-operator (error, did-you-mean fix), policy/unknown-condition-key
//   (warning, did-you-mean fix), policy/no-secure-transport-deny (info, only when nothing else is
//   wrong; fix adds the Deny of aws:SecureTransport "false")
//   trust/non-sts-action, trust/bitmovin-principal, trust/invalid-external-id (errors),
//   trust/missing-external-id (warning) — role trust policies, which also use the shared policy/
//   codes for Version, Sid, Principal, Action and Condition
//   cors/origin-wildcards, cors/header-wildcards, cors/expose-header-wildcard (errors),
//   cors/origin-with-path, cors/public-write (warnings)
//   payload/presigned-bad-algorithm, payload/presigned-bad-date, payload/presigned-bad-credential,
//   payload/presigned-scope-date-mismatch, payload/presigned-bad-signed-headers,
//   payload/presigned-bad-signature (errors: SigV4 query grammar of presigned URLs anywhere in a
//   payload; missing parameters and X-Amz-Expires outside 1..604800 are invalid-presigned-url)
//   payload/invalid-s3-url, payload/invalid-presigned-url, payload/presigned-wrong-method,
//   payload/presigned-expired, payload/presigned-expiring, payload/public-acl-blocked,
//   payload/bitmovin-output-acl-ignored, payload/plaintext-secret
//   payload/bitmovin-generic-s3-default-port, payload/bitmovin-role-no-external-id,
//   payload/impossible-public-read-write, payload/impossible-default-public-read,
//   payload/impossible-no-credentials, payload/qencode-plain-http
// `path` of a schema/required diagnostic is the missing property's path; its range is the
// opening brace of the object that lacks it. schema/required is reported (as an error) even with
// includeSchema false: the editor's JSON service gets the schemas without `required`.
import { JsonDoc } from './jsonDoc';
import type { Kind } from './kinds';
import { payloadRules } from './rules/payload';
import { corsRules } from './rules/cors';
import { policyRules } from './rules/policy';
import { presignedRules } from './rules/presigned';
import type { Rule, RuleInput } from './rules/rule';
import { secretRules } from './rules/secrets';
import { trustPolicyRules } from './rules/trustPolicy';
import { schemaDiagnostics } from './schemaErrors';
import { schemaFor, validatorFor } from './schemas';
import type { Diagnostic, ValidationContext } from './types';

const RULES: Record<Kind, Rule[]> = {
  'bitmovin-s3-input': [payloadRules, secretRules, presignedRules],
  'bitmovin-s3-output': [payloadRules, secretRules, presignedRules],
  'bitmovin-generic-s3-input': [payloadRules, secretRules, presignedRules],
  'bitmovin-generic-s3-output': [payloadRules, secretRules, presignedRules],
  'bitmovin-s3-role-based-input': [payloadRules, secretRules, presignedRules],
  'bitmovin-s3-role-based-output': [payloadRules, secretRules, presignedRules],
  'bitmovin-response': [],
  'dolby-job': [payloadRules, secretRules, presignedRules],
  'qencode-destination': [payloadRules, secretRules, presignedRules],
  'impossible-destination': [payloadRules, secretRules, presignedRules],
  'iam-trust-policy': [trustPolicyRules],
  's3-bucket-policy': [policyRules],
  's3-cors': [corsRules],
};

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function validate(text: string, kind: Kind, context: ValidationContext = {}): Diagnostic[] {
  const doc = new JsonDoc(text);
  const includeSchema = context.includeSchema !== false;
  const out: Diagnostic[] = [];
  if (doc.syntaxErrors.length > 0) {
    if (includeSchema) {
      for (const e of doc.syntaxErrors) out.push({ code: 'json/syntax', severity: 'error', offset: e.offset, length: e.length, path: [], message: e.message });
    }
    // Rules on a half-parsed document would report the typo's consequences, not the typo.
    return out;
  }
  if (doc.value === undefined) return out;
  const check = validatorFor(kind);
  if (!check(withoutSchemaRef(doc.value))) {
    // A missing required property is ours to report even where the JSON service covers the
    // document: it gets the schemas without `required` (editorSchema.ts), since it would call the
    // omission a warning while the vendor's API refuses the request.
    out.push(...schemaDiagnostics(check.errors ?? [], doc, schemaFor(kind), includeSchema ? undefined : 'required'));
  }
  const input: RuleInput = { doc, kind, context };
  for (const rule of RULES[kind]) out.push(...rule(input));
  doc.resolve();
  return out.sort((a, b) => a.offset - b.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** `$schema` only tells the editor which schema applies; it is not part of the payload. */
function withoutSchemaRef(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('$schema' in v)) return v;
  const { $schema: _ignored, ...rest } = v as Record<string, unknown>;
  return rest;
}

// The editor's policy completion and hover share this lazily loaded bundle with the rules: they
// read the same action and condition tables.
export { policyCompletion, policyHover } from './policyAssist';
export { toCorsConfiguration } from './rules/cors';
