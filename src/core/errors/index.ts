// The public surface of the error decoders; the glue imports from here only.
export { decodeAny, decodeError } from './decode';
export { renderBlock, summaryLine } from './render';
export type { Decoded, DecodedDetail, DecodedElement, DecodedFact, DecodedLink, DecodedSource, HttpContext } from './types';
export { COMMAND_TITLES } from './types';
export {
  BITMOVIN_CATEGORIES,
  BITMOVIN_CODES,
  HTTP_STATUSES,
  bitmovinCategoryOf,
  explainUnknownBitmovinCode,
  lookupBitmovinCode,
  lookupHttpStatus,
} from './bitmovinCodes';
export type { BitmovinCategory, BitmovinCodeInfo, HttpStatusInfo } from './bitmovinCodes';
export { bitmovinRemedy, STORAGE_CODES } from './bitmovinRemedies';
export { decodeBitmovinEnvelope, parseJsonTolerant } from './bitmovinEnvelope';
export { decodeS3Xml } from './s3Xml';
export { S3_CODES, lookupS3Code } from './s3Codes';
export type { S3CodeInfo, S3CodeList } from './s3Codes';
export { parseHttpResponse } from './httpResponse';
export type { ParsedHttpResponse } from './httpResponse';
export { extractRegion, regionFromEndpoint, regionFromMessage } from './region';
export { readFlatXml } from './xml';
