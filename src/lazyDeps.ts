// The heavy dependencies, bundled apart from the extension into dist/deps.js (see
// scripts/build.mjs): the AWS SDK, mime-db's table and ajv. The main bundle reaches them only
// through lazy `import()`/`require()` on first use, so activation reads a small file.
export * from '@aws-sdk/client-s3';
export { Upload } from '@aws-sdk/lib-storage';
export * from '@aws-sdk/s3-request-presigner';
export * from '@aws-sdk/credential-providers';
export * from './core/transfer/mimeDeps';
export * from './core/validation/schemaDeps';
export * from '@aws-sdk/core/util';
export * from './core/storage/sdkDeps';
