// The package checks and their parsers are loaded on the first check: the build puts them into
// dist/media.js (see scripts/build.mjs), as it does the transfers (src/lazyTransfer.ts).
import type * as Bundle from './core/media/bundle';

type Media = typeof Bundle;

let media: Media | undefined;
function load(): Media {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  media ??= require('./core/media/bundle') as Media;
  return media;
}

export const checkPackageInBucket: Media['checkPackageInBucket'] = (...args) => load().checkPackageInBucket(...args);
export const folderOf: Media['folderOf'] = (...args) => load().folderOf(...args);
export const summarizeReport: Media['summarizeReport'] = (...args) => load().summarizeReport(...args);
export const findingLine: Media['findingLine'] = (...args) => load().findingLine(...args);
export const checkCors: Media['checkCors'] = (...args) => load().checkCors(...args);
export const corsFixFor: Media['corsFixFor'] = (...args) => load().corsFixFor(...args);
export const corsPasses: Media['corsPasses'] = (...args) => load().corsPasses(...args);
export const normalizeOrigin: Media['normalizeOrigin'] = (...args) => load().normalizeOrigin(...args);
export const corsTargetsOf: Media['corsTargetsOf'] = (...args) => load().corsTargetsOf(...args);
export const renderPackageReport: Media['renderPackageReport'] = (...args) => load().renderPackageReport(...args);
export const renderCorsReport: Media['renderCorsReport'] = (...args) => load().renderCorsReport(...args);
export const readBucketCors: Media['readBucketCors'] = (...args) => load().readBucketCors(...args);
export const auditContentTypes: Media['auditContentTypes'] = (...args) => load().auditContentTypes(...args);
export const applyContentTypeFixes: Media['applyContentTypeFixes'] = (...args) => load().applyContentTypeFixes(...args);
export const describePlan: Media['describePlan'] = (...args) => load().describePlan(...args);
export const playableCopy: Media['playableCopy'] = (...args) => load().playableCopy(...args);
export const prefixHoldsObjects: Media['prefixHoldsObjects'] = (...args) => load().prefixHoldsObjects(...args);
export const uploadCopies: Media['uploadCopies'] = (...args) => load().uploadCopies(...args);
export const s3PackageSource: Media['s3PackageSource'] = (...args) => load().s3PackageSource(...args);
