// The one place the AWS SDK is bundled from (see scripts/build.mjs): every `@aws-sdk/*`
// import of the extension resolves to this bundle at run time, so all of them share one copy
// of the SDK and its classes.
export * from '@aws-sdk/client-s3';
export { Upload } from '@aws-sdk/lib-storage';
export * from '@aws-sdk/s3-request-presigner';
export * from '@aws-sdk/credential-providers';
