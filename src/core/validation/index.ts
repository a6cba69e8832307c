// Public surface of the validation core for the editor glue and the CLI.
export * from './types';
export * from './kinds';
export { validate } from './validate';
export * from './generators';
export { schemaFor } from './schemas';
export { formatPath } from './jsonDoc';
export { S3_ACTIONS, S3_ACTION_INFO, matchS3Actions, type S3ActionInfo, type S3ResourceType } from './s3Actions';
export { CONDITION_KEYS, CONDITION_OPERATORS, conditionOperatorForms, lookupConditionKey, parseConditionOperator, type ConditionKeyInfo } from './conditions';
export { corsRuleSites, toCorsConfiguration } from './rules/cors';
export { STS_TRUST_ACTIONS } from './rules/trustPolicy';
export { presignMethod, presignExpiry, sigV4Problems } from './rules/presigned';
export { looksLikeRealSecret } from './rules/secrets';
export { DEFAULT_EXPIRY_THRESHOLD_SECONDS } from './rules/payload';
