// The error catalogs and decoders are ~45 KB that no activation needs: the build puts
// src/core/errors into dist/errors.js, and the glue reaches it only through these wrappers,
// which require it the first time something goes wrong (or a response is decoded).
import type * as Core from '../core/errors';

export type { Decoded } from '../core/errors';

let core: typeof Core | undefined;
function load(): typeof Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('../core/errors') as typeof Core;
  return core;
}

export const decodeError: typeof Core.decodeError = (err) => load().decodeError(err);
export const decodeAny: typeof Core.decodeAny = (text) => load().decodeAny(text);
export const renderBlock: typeof Core.renderBlock = (d) => load().renderBlock(d);
export const summaryLine: typeof Core.summaryLine = (d) => load().summaryLine(d);
export const lookupBitmovinCode: typeof Core.lookupBitmovinCode = (code) => load().lookupBitmovinCode(code);
