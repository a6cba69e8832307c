// Public surface of the validation core for the editor glue and the CLI.
export * from './types';
export * from './kinds';
export { validate } from './validate';
export * from './generators';
export { schemaFor } from './schemas';
export { formatPath } from './jsonDoc';
export { S3_ACTIONS, matchS3Actions } from './s3Actions';
export { presignMethod, presignExpiry } from './rules/presigned';
export { looksLikeRealSecret } from './rules/secrets';
export { DEFAULT_EXPIRY_THRESHOLD_SECONDS } from './rules/payload';
