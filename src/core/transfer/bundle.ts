// The entry of dist/transfer.js: everything the glue loads lazily through
// src/transfer/lazyTransfer.ts.
export * from './upload';
export * from './download';
export * from './presign';
export * from './resumeStore';
export { planPartSize, abortUpload, S3_LIMITS, ObjectTooLargeError, FileChangedError } from './multipart';
export * from './leftovers';
// The object operations on the tree (delete, copy, move, rename, metadata, new folder and bucket).
export { planDelete, deleteObjects, bucketVersioning } from '../ops/deleteObjects';
export { planCopy, copyObjects } from '../ops/copyObjects';
export { readProperties, editMetadata } from '../ops/metadata';
export { createFolder, createBucket } from '../ops/create';
