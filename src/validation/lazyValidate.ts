// The rules, the S3 action list and the JSON position mapper (~25 KB) are needed only when a
// payload is first validated (or a policy completed): the build puts
// src/core/validation/validate.ts into dist/validate.js, required here on first use.
import type * as Core from '../core/validation/validate';

let core: typeof Core | undefined;

function load(): typeof Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('../core/validation/validate') as typeof Core;
  return core;
}

export const validate: typeof Core.validate = (...args) => load().validate(...args);
export const policyCompletion: typeof Core.policyCompletion = (...args) => load().policyCompletion(...args);
export const policyHover: typeof Core.policyHover = (...args) => load().policyHover(...args);
export const toCorsConfiguration: typeof Core.toCorsConfiguration = (...args) => load().toCorsConfiguration(...args);
