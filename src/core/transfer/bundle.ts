// The entry of dist/transfer.js: everything the glue loads lazily through
// src/transfer/lazyTransfer.ts.
export * from './upload';
export * from './download';
export * from './presign';
