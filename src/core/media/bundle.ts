// The entry of dist/media.js: the package checks and their parsers (videojs m3u8-parser and
// mpd-parser), which no activation needs; the glue reaches them through src/lazyMedia.ts.
export { checkPackageInBucket, folderOf, type PackageTarget } from './s3Package';
export { summarizeReport, findingLine, FINDING_CODES } from './packageCheck';
export { checkCors, corsFixFor, corsPasses, normalizeOrigin, readBucketCors } from './corsCheck';
export { corsTargetsOf } from './corsTargets';
export { renderPackageReport, renderCorsReport } from './reportHtml';
export { auditContentTypes, applyContentTypeFixes, describePlan } from './contentTypeAudit';
export { playableCopy, prefixHoldsObjects, uploadCopies } from './presignPackage';
export { s3PackageSource } from './s3Package';
