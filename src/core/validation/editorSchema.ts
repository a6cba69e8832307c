// The schemas as VS Code's JSON language service gets them (package.json `jsonValidation` points
// at schemas/editor/, written from this by scripts/gen-schemas.mjs; the `media-storage-schema:`
// provider serves the same). The JSON service reports a missing required property only as a
// warning, while the vendors' APIs refuse such a request; so the editor copy leaves out
// `required` and validate() reports `schema/required` itself, as an error, for every document
// (see validate.ts). `deprecated` goes too: the payload rules say what a deprecated field does,
// with its reason, and the JSON service would add a second, vaguer warning about the same key.
import type { JsonSchema } from './schemas';

/** Keywords whose value is one subschema that asserts something about the instance. */
const SUBSCHEMA = ['additionalProperties', 'additionalItems', 'contains', 'then', 'else'];
/** Keywords whose value maps names to subschemas. */
const SUBSCHEMA_MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf'];
// `if` and `not` are kept whole: a `required` there is a condition (`if`) or the thing that must
// not hold (`not: { required: [A] }` for mutually exclusive keys); removing it would change what
// the schema accepts.

export function editorSchema(schema: JsonSchema): JsonSchema {
  return strip(schema) as JsonSchema;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strip(node: unknown): unknown {
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'required' && Array.isArray(value)) || (key === 'deprecated' && typeof value === 'boolean')) continue;
    if (SUBSCHEMA.includes(key)) out[key] = strip(value);
    else if (key === 'items') out[key] = Array.isArray(value) ? value.map(strip) : strip(value);
    else if (SUBSCHEMA_MAP.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
    else if (SUBSCHEMA_LIST.includes(key) && Array.isArray(value)) out[key] = value.map(strip);
    else out[key] = value;
  }
  return out;
}
