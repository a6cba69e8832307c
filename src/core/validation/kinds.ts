// Payload kinds and how a document is recognised as one of them.
//
// Detection order, first hit wins:
//  1. a `$schema` property naming one of our schema ids or file names (explicit beats guessing);
//  2. the file name, by suffix (see KIND_INFO[].filePattern):
//       *.bitmovin-s3-input.json               *.bitmovin-s3-output.json
//       *.bitmovin-generic-s3-input.json       *.bitmovin-generic-s3-output.json
//       *.bitmovin-s3-role-based-input.json    *.bitmovin-s3-role-based-output.json
//       *.bitmovin-response.json               *.dolby-job.json
//       *.qencode-destination.json             *.impossible-destination.json
//       *.trust-policy.json (IAM role trust)   *bucket-policy*.json
//       *cors*.json
//     (`.jsonc` is accepted wherever `.json` is);
//  3. content heuristics on top-level keys (detectKindFromContent), which can only tell an
//     input from an output for Bitmovin when output-only keys (acl, md5MetaTag) are present, so an
//     ambiguous Bitmovin body is reported as the output kind only when it has them, else input.
//     A policy granting sts:AssumeRole is a role trust policy, any other a bucket policy; a list
//     of objects with AllowedOrigins/AllowedMethods is a CORS configuration as the S3 console
//     writes it.
import { parse } from 'jsonc-parser';
import { isRecord } from '../guards';

export const KINDS = [
  'bitmovin-s3-input',
  'bitmovin-s3-output',
  'bitmovin-generic-s3-input',
  'bitmovin-generic-s3-output',
  'bitmovin-s3-role-based-input',
  'bitmovin-s3-role-based-output',
  'bitmovin-response',
  'dolby-job',
  'qencode-destination',
  'impossible-destination',
  // Before the bucket-policy and CORS globs, which match more names.
  'iam-trust-policy',
  's3-bucket-policy',
  's3-cors',
] as const;

export type Kind = (typeof KINDS)[number];

export interface KindInfo {
  kind: Kind;
  title: string;
  /** Schema file name under `schemas/`. */
  schemaFile: string;
  /** Stable `$id` of the schema. */
  schemaId: string;
  /** Glob the editor can use in `jsonValidation.fileMatch`. */
  filePattern: string;
  /** Whether the payload names where a service reads (input) or writes (output), if either. */
  direction?: 'input' | 'output';
}

export const SCHEMA_BASE = 'https://media-storage-workbench.dev/schemas/';

const TITLES: Record<Kind, string> = {
  'bitmovin-s3-input': 'Bitmovin S3 input',
  'bitmovin-s3-output': 'Bitmovin S3 output',
  'bitmovin-generic-s3-input': 'Bitmovin generic S3 input',
  'bitmovin-generic-s3-output': 'Bitmovin generic S3 output',
  'bitmovin-s3-role-based-input': 'Bitmovin role-based S3 input',
  'bitmovin-s3-role-based-output': 'Bitmovin role-based S3 output',
  'bitmovin-response': 'Bitmovin API response',
  'dolby-job': 'Dolby.io Media API job',
  'qencode-destination': 'Qencode S3 destination',
  'impossible-destination': 'Impossible Software S3 destination',
  'iam-trust-policy': 'IAM role trust policy',
  's3-bucket-policy': 'S3 bucket policy',
  's3-cors': 'S3 CORS configuration',
};

function patternFor(kind: Kind): string {
  if (kind === 'iam-trust-policy') return '*.trust-policy.json';
  if (kind === 's3-bucket-policy') return '*bucket-policy*.json';
  if (kind === 's3-cors') return '*cors*.json';
  return `*.${kind}.json`;
}

export const KIND_INFO: Readonly<Record<Kind, KindInfo>> = Object.fromEntries(
  KINDS.map((kind) => {
    const direction = kind.endsWith('-input') ? 'input' : kind.endsWith('-output') || kind.endsWith('-destination') ? 'output' : undefined;
    const info: KindInfo = {
      kind,
      title: TITLES[kind],
      schemaFile: `${kind}.schema.json`,
      schemaId: `${SCHEMA_BASE}${kind}.schema.json`,
      filePattern: patternFor(kind),
      ...(direction ? { direction } : {}),
    };
    return [kind, info];
  }),
) as Record<Kind, KindInfo>;

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** Kind from a file name or path (only the base name counts), or undefined. */
export function detectKindFromFileName(fileName: string): Kind | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (!/\.jsonc?$/.test(base)) return undefined;
  const stem = base.replace(/\.jsonc?$/, '');
  // Longest kind first, so that `x.bitmovin-generic-s3-output` never matches a shorter kind.
  const suffixed = [...KINDS].sort((a, b) => b.length - a.length).find((k) => stem.endsWith(`.${k}`) || stem === k);
  if (suffixed) return suffixed;
  if (stem.endsWith('.trust-policy') || stem === 'trust-policy') return 'iam-trust-policy';
  if (stem.includes('bucket-policy')) return 's3-bucket-policy';
  if (stem.includes('cors')) return 's3-cors';
  return undefined;
}

/** Kind named by a `$schema` value: our `$id`, a path ending in our schema file name, or a bare kind. */
export function detectKindFromSchemaRef(ref: string): Kind | undefined {
  const tail =
    ref
      .trim()
      .split(/[\\/#?]/)
      .filter(Boolean)
      .pop() ?? '';
  const name = tail.replace(/\.schema\.json$/, '').replace(/\.json$/, '');
  return isKind(name) ? name : undefined;
}

/** Kind guessed from parsed content by its characteristic keys, or undefined when unsure. */
export function detectKindFromContent(value: unknown): Kind | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.every((v) => isRecord(v) && typeof v['url'] === 'string' && v['url'].startsWith('s3://'))) return 'qencode-destination';
    return value.every((v) => isRecord(v) && ('AllowedOrigins' in v || 'AllowedMethods' in v)) ? 's3-cors' : undefined;
  }
  if (!isRecord(value)) return undefined;
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(value, k);
  if (has('Statement')) return grantsAssumeRole(value['Statement']) ? 'iam-trust-policy' : 's3-bucket-policy';
  if (has('CORSRules')) return 's3-cors';
  if (has('requestId') && has('status')) return 'bitmovin-response';
  if (has('bucketName')) {
    const out = has('acl') || has('md5MetaTag');
    if (has('roleArn')) return out ? 'bitmovin-s3-role-based-output' : 'bitmovin-s3-role-based-input';
    if (has('host')) return out ? 'bitmovin-generic-s3-output' : 'bitmovin-generic-s3-input';
    if (has('accessKey') || has('secretKey') || has('cloudRegion')) return out ? 'bitmovin-s3-output' : 'bitmovin-s3-input';
  }
  if (value['type'] === 's3' && (has('bucket') || has('filename'))) return 'impossible-destination';
  if (typeof value['url'] === 'string' && value['url'].startsWith('s3://') && (has('key') || has('secret') || has('permissions') || has('use_tls'))) {
    return 'qencode-destination';
  }
  if (has('input') && (typeof value['input'] === 'string' || isRecord(value['input']))) return 'dolby-job';
  return undefined;
}

/** Whether any statement allows or denies an sts:AssumeRole* action (what a role trust policy does). */
function grantsAssumeRole(statement: unknown): boolean {
  const list: unknown[] = Array.isArray(statement) ? statement : [statement];
  return list.some((st) => {
    if (!isRecord(st)) return false;
    const action = st['Action'];
    return (Array.isArray(action) ? action : [action]).some((a) => typeof a === 'string' && /^sts:AssumeRole/i.test(a));
  });
}

export interface DetectInput {
  fileName?: string;
  text: string;
}

/** Detect the kind of a document: `$schema`, then file name, then content (see the header comment). */
export function detectKind(input: DetectInput): Kind | undefined {
  const value: unknown = parse(input.text, [], { allowTrailingComma: true, disallowComments: false });
  if (isRecord(value) && typeof value['$schema'] === 'string') {
    const fromRef = detectKindFromSchemaRef(value['$schema']);
    if (fromRef) return fromRef;
  }
  const fromName = input.fileName ? detectKindFromFileName(input.fileName) : undefined;
  return fromName ?? detectKindFromContent(value);
}

/** Folder of the schemas as the editor's JSON service gets them (see editorSchema.ts). */
export const EDITOR_SCHEMA_DIR = 'schemas/editor';

/**
 * The `contributes.jsonValidation` entries package.json should carry, one per kind, so that the
 * JSON language service gives hover, completion and schema diagnostics for matching files. They
 * name the editor copies, without `required`: missing properties are reported by validate().
 */
export function jsonValidationEntries(): { fileMatch: string[]; url: string }[] {
  return KINDS.map((k) => ({
    fileMatch: [KIND_INFO[k].filePattern, KIND_INFO[k].filePattern.replace(/\.json$/, '.jsonc')],
    url: `./${EDITOR_SCHEMA_DIR}/${KIND_INFO[k].schemaFile}`,
  }));
}
