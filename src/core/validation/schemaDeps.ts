// ajv, its formats and the schema texts, kept together so that the build can move them into
// the lazily loaded dependency bundle (see schemas.ts and scripts/build.mjs).
export { default as Ajv } from 'ajv';
export { default as addFormats } from 'ajv-formats';
import type { Kind } from './kinds';
import bitmovinS3Input from '../../../schemas/bitmovin-s3-input.schema.json';
import bitmovinS3Output from '../../../schemas/bitmovin-s3-output.schema.json';
import bitmovinGenericS3Input from '../../../schemas/bitmovin-generic-s3-input.schema.json';
import bitmovinGenericS3Output from '../../../schemas/bitmovin-generic-s3-output.schema.json';
import bitmovinRoleInput from '../../../schemas/bitmovin-s3-role-based-input.schema.json';
import bitmovinRoleOutput from '../../../schemas/bitmovin-s3-role-based-output.schema.json';
import bitmovinResponse from '../../../schemas/bitmovin-response.schema.json';
import dolbyJob from '../../../schemas/dolby-job.schema.json';
import qencodeDestination from '../../../schemas/qencode-destination.schema.json';
import impossibleDestination from '../../../schemas/impossible-destination.schema.json';
import trustPolicy from '../../../schemas/iam-trust-policy.schema.json';
import bucketPolicy from '../../../schemas/s3-bucket-policy.schema.json';
import cors from '../../../schemas/s3-cors.schema.json';

export type JsonSchemaDoc = Record<string, unknown>;

// Bundled as modules (not read from disk) so the esbuild bundle and the tsc test build see the
// same bytes and no path has to be resolved at run time.
export const SCHEMAS: Record<Kind, JsonSchemaDoc> = {
  'bitmovin-s3-input': bitmovinS3Input,
  'bitmovin-s3-output': bitmovinS3Output,
  'bitmovin-generic-s3-input': bitmovinGenericS3Input,
  'bitmovin-generic-s3-output': bitmovinGenericS3Output,
  'bitmovin-s3-role-based-input': bitmovinRoleInput,
  'bitmovin-s3-role-based-output': bitmovinRoleOutput,
  'bitmovin-response': bitmovinResponse,
  'dolby-job': dolbyJob,
  'qencode-destination': qencodeDestination,
  'impossible-destination': impossibleDestination,
  'iam-trust-policy': trustPolicy,
  's3-bucket-policy': bucketPolicy,
  's3-cors': cors,
};
