// The rules, the S3 action list and the JSON position mapper (~25 KB) are needed only when a
// payload is first validated: the build puts src/core/validation/validate.ts into
// dist/validate.js, required here on first use.
import type * as Core from '../core/validation/validate';

let core: typeof Core | undefined;

export const validate: typeof Core.validate = (...args) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('../core/validation/validate') as typeof Core;
  return core.validate(...args);
};
