// The entry of dist/transfer.js: everything the glue loads lazily through
// src/transfer/lazyTransfer.ts.
export * from './upload';
export * from './download';
export * from './presign';
export * from './resumeStore';
export { planPartSize, abortUpload, S3_LIMITS, ObjectTooLargeError, FileChangedError } from './multipart';
export * from './leftovers';
