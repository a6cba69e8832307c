// The JSON schemas in schemas/, compiled once per kind on first use and cached: compiling costs
// milliseconds, running a compiled validator costs microseconds, so a keystroke never compiles.
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Kind } from './kinds';
import type * as SchemaDepsModule from './schemaDeps';

export type JsonSchema = Record<string, unknown>;

/** Editor-only annotations (VS Code JSON language service) that ajv must accept and ignore. */
const EDITOR_KEYWORDS = [
  'markdownDescription',
  'markdownEnumDescriptions',
  'enumDescriptions',
  'defaultSnippets',
  'deprecationMessage',
  'errorMessage',
  'doNotSuggest',
];

type SchemaDeps = typeof SchemaDepsModule;
let deps: SchemaDeps | undefined;

// ajv and the schema texts (together ~150 KB) are required on the first validation, not at
// activation: the build moves schemaDeps into the lazily loaded dependency bundle.
function schemaDeps(): SchemaDeps {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deps ??= require('./schemaDeps') as SchemaDeps;
  return deps;
}

let ajv: Ajv | undefined;
const compiled = new Map<Kind, ValidateFunction>();
const compiledById = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    // verbose: errors carry the failing schema and data, which the mapper uses for messages.
    const { Ajv, addFormats } = schemaDeps();
    ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowMatchingProperties: true,
      allowUnionTypes: true,
    });
    addFormats(ajv);
    ajv.addVocabulary(EDITOR_KEYWORDS);
  }
  return ajv;
}

export function schemaFor(kind: Kind): JsonSchema {
  return schemaDeps().SCHEMAS[kind];
}

/**
 * A validator for a schema that is not a payload kind (the storage registry), from the same ajv
 * instance; `pointer` selects a part of it, e.g. '#/definitions/connection' for one entry.
 */
export function validatorForSchema(schema: JsonSchema & { $id: string }, pointer = ''): ValidateFunction {
  const key = `${schema.$id}${pointer}`;
  let fn = compiledById.get(key);
  if (!fn) {
    const a = getAjv();
    if (!a.getSchema(schema.$id)) a.addSchema(schema);
    fn = a.getSchema(key);
    if (!fn) throw new Error(`no schema at ${key}`);
    compiledById.set(key, fn);
  }
  return fn;
}

export function validatorFor(kind: Kind): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    fn = getAjv().compile(schemaDeps().SCHEMAS[kind]);
    compiled.set(kind, fn);
  }
  return fn;
}
