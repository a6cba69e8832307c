/**
 * Catalog of the Bitmovin API error codes, transcribed from Bitmovin's "How to use the API"
 * page (titles and meanings verbatim), so a bare `code` in an envelope can be explained even
 * when the envelope's own message was cut off.
 */

export type BitmovinCategoryId = 'general' | 'encoding' | 'input' | 'output' | 'codec' | 'filter' | 'manifest' | 'transfer' | 'notification' | 'limits';

export interface BitmovinCategory {
  id: BitmovinCategoryId;
  /** Range as Bitmovin writes it, e.g. '21XX'. */
  range: string;
  /** Section heading as Bitmovin writes it, e.g. 'Encoding Input Errors'. */
  title: string;
}

export interface BitmovinCodeInfo {
  code: number;
  title: string;
  meaning: string;
  category: BitmovinCategory;
}

export const BITMOVIN_CATEGORIES: Record<BitmovinCategoryId, BitmovinCategory> = {
  general: { id: 'general', range: '1XXX', title: 'General Errors' },
  encoding: { id: 'encoding', range: '20XX', title: 'General Encoding Errors' },
  input: { id: 'input', range: '21XX', title: 'Encoding Input Errors' },
  output: { id: 'output', range: '22XX', title: 'Encoding Output Errors' },
  codec: { id: 'codec', range: '23XX', title: 'Encoding Codec Configuration Errors' },
  filter: { id: 'filter', range: '24XX', title: 'Encoding Filter Errors' },
  manifest: { id: 'manifest', range: '25XX', title: 'Encoding Manifest Errors' },
  transfer: { id: 'transfer', range: '26XX', title: 'Encoding Transfer Errors' },
  notification: { id: 'notification', range: '7XXX', title: 'Notification Errors' },
  limits: { id: 'limits', range: '8XXX', title: 'Limit Exceeded Errors' },
};

// [code, title, meaning]; the category follows from the code's range.
const TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [1000, 'Missing attribute or field', 'Required attribute/field not valid or not present'],
  [1001, 'Parameter not valid', 'One or more parameters are not valid'],
  [1002, 'Invalid credentials', 'API key is not valid'],
  [1003, 'Unauthorized', 'You are not authorized to access this resource'],
  [1004, 'Undefined Error', 'An undefined error occurred and support should be contacted'],
  [1005, 'Request URL not valid', 'The requested URL does not match any available API resource'],
  [1006, 'Request method not valid', 'The HTTP method used is not supported for this URL'],
  [2000, 'Encoding resource error', 'General encoding resource error'],
  [2001, 'Input not valid', 'Input not valid'],
  [2003, 'Muxing error', 'Error during muxing'],
  [2004, 'Encryption error', 'Error during encryption'],
  [2005, 'Filter error', 'Error while applying filter'],
  [2006, 'Captions error', 'Error with specified captions'],
  [2007, 'Subtitle error', 'Error with specified subtitles'],
  [2008, 'Codec configuration error', 'Error with specified codec configuration'],
  [2009, 'Thumbnail error', 'Error while generating thumbnails'],
  [2010, 'Sprite error', 'Error while generating sprites'],
  [2011, 'Live error', 'Error during live streaming'],
  [2014, 'Demuxing error', 'Error while demuxing file'],
  [2015, 'Decoding error', 'Error while decoding file'],
  [2016, 'Encoding error', 'Error during encoding'],
  [2017, 'Upload error', 'Error while uploading files'],
  [2018, 'Internal error', 'Internal encoding error'],
  [2019, 'Infrastructure error', 'Error on the encoding infrastructure'],
  [2020, 'Invalid Encoder Version', 'The given encoder version is not available'],
  [2021, 'Delete not allowed', 'Deletion of encoding not allowed when status equals RUNNING or QUEUED'],
  [2022, 'Stop live encoding error', 'Error stopping the live encoder'],
  [2023, 'Live stream not ready', 'The live stream is preparing'],
  [2024, 'Stream input details not available', 'Stream input details not available'],
  [2025, 'Encoding configuration not valid', 'There is an error in the encoding configuration'],
  [2026, 'On Premise encoding not allowed', 'On Premise encoding not allowed for specific account'],
  [2027, 'Rescheduling failed', 'Rescheduling of an encoding to another infrastructure failed'],
  [2028, 'Wrong status for restarting live encoding', 'The live encoding could not be restarted because it is not in RUNNING or ERROR state'],
  [2029, 'Wrong encoding type', 'The specified encoding is not a live encoding'],
  [2030, 'Reprioritization not allowed', 'Reprioritization of encoding is not allowed, because it is already being processed'],
  [2039, 'Neither bitrate nor CRF are set', "The video codec configuration is invalid. Either 'bitrate' or 'crf' must be set"],
  [2042, 'Could not access infrastructure', 'Kubernetes cluster or AWS account is offline / could not be accessed'],
  [2047, 'Encoding not started', 'Cannot retrieve encoding start request configuration, as the encoding has not been started yet'],
  [2100, 'Input file not found', 'Could not find input file'],
  [2101, 'Bucket not found', 'Could not find input bucket'],
  [2102, 'Invalid file path', 'File path not valid'],
  [2103, 'Download access denied', 'File was not accessible'],
  [2104, 'Download timeout', 'File download timed out'],
  [2105, 'Download failure', 'File download failed'],
  [2106, 'Remote server problem', 'Remote server was not reachable'],
  [2107, 'Input file is not a valid media file', 'Encoder was not able to parse input file'],
  [2200, 'Bucket not found', 'Could not find output bucket'],
  [2201, 'Invalid file path', 'File path not valid'],
  [2202, 'Upload access denied', 'Access denied during upload'],
  [2203, 'Upload timeout', 'File upload timed out'],
  [2204, 'Upload failure', 'File upload failed'],
  [2205, 'Remote server problem', 'Remote server was not reachable'],
  [2300, 'H264 configuration error', 'H264 configuration is not valid'],
  [2301, 'H265 configuration error', 'H265 configuration is not valid'],
  [2302, 'AAC configuration error', 'AAC configuration is not valid'],
  [2400, 'Watermark configuration not valid', 'Watermark configuration not valid'],
  [2401, 'Watermark encoding error', 'Error while applying watermark'],
  [2402, 'Crop configuration not valid', 'Crop configuration not valid'],
  [2403, 'Crop encoding error', 'Error while cropping'],
  [2404, 'Rotate configuration not valid', 'Rotate configuration not valid'],
  [2405, 'Rotate encoding error', 'Error while rotating frame'],
  [2500, 'DASH manifest configuration not valid', 'DASH manifest configuration not valid'],
  [2501, 'HLS manifest configuration not valid', 'HLS manifest configuration not valid'],
  [2600, 'Transfer configuration not valid', 'Transfer configuration not valid'],
  [7000, 'Notification Error', 'General notification error'],
  [8000, 'Limit exceeded error', 'General limit exceeded error'],
  [8001, 'Limit reached for maximum encodings per month', 'Your account has reached the maximum number of encodings per month'],
  [8003, 'Limit reached for maximum bytes encoded', 'Your account has reached the limit of bytes it is allowed to encode'],
  // The source page breaks off after "Your ac"; the rest follows the wording of 8001 and 8003.
  [8004, 'Limit reached for maximum queued VOD encodings', 'Your account has reached the maximum number of queued VOD encodings'],
];

/** The category a code belongs to by its range, or undefined for a range Bitmovin does not define. */
export function bitmovinCategoryOf(code: number): BitmovinCategory | undefined {
  if (!Number.isInteger(code)) {
    return undefined;
  }
  if (code >= 1000 && code <= 1999) return BITMOVIN_CATEGORIES.general;
  if (code >= 2000 && code <= 2099) return BITMOVIN_CATEGORIES.encoding;
  if (code >= 2100 && code <= 2199) return BITMOVIN_CATEGORIES.input;
  if (code >= 2200 && code <= 2299) return BITMOVIN_CATEGORIES.output;
  if (code >= 2300 && code <= 2399) return BITMOVIN_CATEGORIES.codec;
  if (code >= 2400 && code <= 2499) return BITMOVIN_CATEGORIES.filter;
  if (code >= 2500 && code <= 2599) return BITMOVIN_CATEGORIES.manifest;
  if (code >= 2600 && code <= 2699) return BITMOVIN_CATEGORIES.transfer;
  if (code >= 7000 && code <= 7999) return BITMOVIN_CATEGORIES.notification;
  if (code >= 8000 && code <= 8999) return BITMOVIN_CATEGORIES.limits;
  return undefined;
}

export const BITMOVIN_CODES: readonly BitmovinCodeInfo[] = TABLE.map(([code, title, meaning]) => ({
  code,
  title,
  meaning,
  // Every tabled code lies in a defined range; the fallback only keeps the type total.
  category: bitmovinCategoryOf(code) ?? BITMOVIN_CATEGORIES.general,
}));

const BY_CODE = new Map(BITMOVIN_CODES.map((c) => [c.code, c]));

export function lookupBitmovinCode(code: number): BitmovinCodeInfo | undefined {
  return BY_CODE.get(code);
}

/**
 * Explains a code that is not in the catalog by the range it falls in, because new codes appear
 * in the API before they appear in any list.
 */
export function explainUnknownBitmovinCode(code: number): { title: string; meaning: string; category?: BitmovinCategory } {
  const category = bitmovinCategoryOf(code);
  if (category) {
    return {
      title: `Unlisted ${category.title.replace(/Errors$/, 'error')}`,
      meaning: `Code ${code} is not in Bitmovin's published list; codes in ${category.range} are ${category.title.toLowerCase()}.`,
      category,
    };
  }
  if (code >= 2000 && code <= 2999) {
    return {
      title: 'Unlisted encoding error',
      meaning: `Code ${code} is not in Bitmovin's published list; codes in 2XXX are encoding errors.`,
    };
  }
  return {
    title: 'Unknown error code',
    meaning: `Code ${code} is outside every range Bitmovin documents (1XXX general, 2XXX encoding, 7XXX notification, 8XXX limits).`,
  };
}

export interface HttpStatusInfo {
  status: number;
  reason: string;
  meaning: string;
}

// Bitmovin's "Server Responses" list, verbatim.
const HTTP_TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [200, 'OK', 'The request was successful (some API calls may return 201 instead).'],
  [201, 'Created', 'The request was successful and a resource was created.'],
  [202, 'Accepted', 'The request has been accepted for processing, but the processing has not been completed.'],
  [204, 'No Content', 'The request was successful but there is no representation to return (that is, the response is empty).'],
  [400, 'Bad Request', 'The request could not be understood or was missing required parameters.'],
  [401, 'Unauthorized', 'Authentication failed or user does not have permissions for the requested operation.'],
  [403, 'Forbidden', 'Access denied.'],
  [404, 'Not Found', 'Resource was not found.'],
  [405, 'Method Not Allowed', 'Requested method is not supported for the specified resource.'],
  [409, 'Conflict', 'Request could not be completed due to a conflict with the current state of the target resource.'],
  [429, 'Too Many Requests', 'Exceeded Bitmovin API limits. Pause requests, wait one minute, and try again.'],
  [503, 'Service Unavailable', 'The service is temporary unavailable (e.g. scheduled platform maintenance). Try again later.'],
];

export const HTTP_STATUSES: readonly HttpStatusInfo[] = HTTP_TABLE.map(([status, reason, meaning]) => ({
  status,
  reason,
  meaning,
}));

const HTTP_BY_STATUS = new Map(HTTP_STATUSES.map((s) => [s.status, s]));

export function lookupHttpStatus(status: number): HttpStatusInfo | undefined {
  return HTTP_BY_STATUS.get(status);
}
