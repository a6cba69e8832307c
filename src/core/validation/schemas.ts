// The JSON schemas in schemas/, compiled once per kind on first use and cached: compiling costs
// milliseconds, running a compiled validator costs microseconds, so a keystroke never compiles.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Kind } from './kinds';
import bitmovinS3Input from '../../../schemas/bitmovin-s3-input.schema.json';
import bitmovinS3Output from '../../../schemas/bitmovin-s3-output.schema.json';
import bitmovinGenericS3Input from '../../../schemas/bitmovin-generic-s3-input.schema.json';
import bitmovinGenericS3Output from '../../../schemas/bitmovin-generic-s3-output.schema.json';
import bitmovinRoleInput from '../../../schemas/bitmovin-s3-role-based-input.schema.json';
import bitmovinRoleOutput from '../../../schemas/bitmovin-s3-role-based-output.schema.json';
import bitmovinResponse from '../../../schemas/bitmovin-response.schema.json';
import dolbyJob from '../../../schemas/dolby-job.schema.json';
import qencodeDestination from '../../../schemas/qencode-destination.schema.json';
import impossibleDestination from '../../../schemas/impossible-destination.schema.json';
import bucketPolicy from '../../../schemas/s3-bucket-policy.schema.json';
import cors from '../../../schemas/s3-cors.schema.json';

export type JsonSchema = Record<string, unknown>;

// Bundled as modules (not read from disk) so the esbuild bundle and the tsc test build see the
// same bytes and no path has to be resolved at run time.
const SCHEMAS: Record<Kind, JsonSchema> = {
  'bitmovin-s3-input': bitmovinS3Input,
  'bitmovin-s3-output': bitmovinS3Output,
  'bitmovin-generic-s3-input': bitmovinGenericS3Input,
  'bitmovin-generic-s3-output': bitmovinGenericS3Output,
  'bitmovin-s3-role-based-input': bitmovinRoleInput,
  'bitmovin-s3-role-based-output': bitmovinRoleOutput,
  'bitmovin-response': bitmovinResponse,
  'dolby-job': dolbyJob,
  'qencode-destination': qencodeDestination,
  'impossible-destination': impossibleDestination,
  's3-bucket-policy': bucketPolicy,
  's3-cors': cors,
};

/** Editor-only annotations (VS Code JSON language service) that ajv must accept and ignore. */
const EDITOR_KEYWORDS = ['markdownDescription', 'markdownEnumDescriptions', 'enumDescriptions', 'defaultSnippets', 'deprecationMessage', 'errorMessage', 'doNotSuggest'];

let ajv: Ajv | undefined;
const compiled = new Map<Kind, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    // verbose: errors carry the failing schema and data, which the mapper uses for messages.
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowMatchingProperties: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addVocabulary(EDITOR_KEYWORDS);
  }
  return ajv;
}

export function schemaFor(kind: Kind): JsonSchema {
  return SCHEMAS[kind];
}

export function validatorFor(kind: Kind): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    fn = getAjv().compile(SCHEMAS[kind]);
    compiled.set(kind, fn);
  }
  return fn;
}
