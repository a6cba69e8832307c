// Uploading, downloading and presigning are ~25 KB that no activation needs: the build puts
// them into dist/transfer.js (see scripts/build.mjs), and the glue reaches them only through
// these wrappers, which require the bundle on the first transfer.
// Typed by the bundle's own exports, so a wrapper of something the bundle leaves out fails to compile.
import type * as Bundle from './core/transfer/bundle';

type Core = typeof Bundle;

let core: Core | undefined;
function load(): Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('./core/transfer/bundle') as Core;
  return core;
}

export const uploadBatch: Core['uploadBatch'] = (...args) => load().uploadBatch(...args);
export const retryFailed: Core['retryFailed'] = (...args) => load().retryFailed(...args);
export const resumeUpload: Core['resumeUpload'] = (...args) => load().resumeUpload(...args);
export const listIncompleteUploads: Core['listIncompleteUploads'] = (...args) => load().listIncompleteUploads(...args);
export const abortUpload: Core['abortUpload'] = (...args) => load().abortUpload(...args);
export const downloadObjects: Core['downloadObjects'] = (...args) => load().downloadObjects(...args);
export const localPathForKey: Core['localPathForKey'] = (...args) => load().localPathForKey(...args);
export const presignGet: Core['presignGet'] = (...args) => load().presignGet(...args);
export const presignPut: Core['presignPut'] = (...args) => load().presignPut(...args);
export const dolbyAuthLocation: Core['dolbyAuthLocation'] = (...args) => load().dolbyAuthLocation(...args);
export const planDelete: Core['planDelete'] = (...args) => load().planDelete(...args);
export const deleteObjects: Core['deleteObjects'] = (...args) => load().deleteObjects(...args);
export const planCopy: Core['planCopy'] = (...args) => load().planCopy(...args);
export const copyObjects: Core['copyObjects'] = (...args) => load().copyObjects(...args);
export const readProperties: Core['readProperties'] = (...args) => load().readProperties(...args);
export const editMetadata: Core['editMetadata'] = (...args) => load().editMetadata(...args);
export const createFolder: Core['createFolder'] = (...args) => load().createFolder(...args);
export const createBucket: Core['createBucket'] = (...args) => load().createBucket(...args);
