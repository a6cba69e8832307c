/**
 * Finding the region a bucket really lives in from an S3 error, because the fix for
 * PermanentRedirect / AuthorizationHeaderMalformed / a region-scoped SignatureDoesNotMatch is
 * simply "use this region", and S3 says which one in one of several places.
 */

// Region names of AWS and of the S3-compatible stores ('auto' on R2, 'nyc3' on Spaces).
const REGION_SHAPE = /^[a-z]{2,}[a-z0-9]*(?:-[a-z0-9]+){0,4}$/;

export function isPlausibleRegion(s: string | undefined): s is string {
  return typeof s === 'string' && s.length >= 2 && s.length <= 32 && REGION_SHAPE.test(s);
}

/** 'mybucket.s3.eu-west-1.amazonaws.com', 's3-eu-west-1.amazonaws.com', 's3.dualstack.eu-west-1.amazonaws.com'. */
export function regionFromEndpoint(endpoint: string | undefined): string | undefined {
  if (!endpoint) {
    return undefined;
  }
  const host = (endpoint.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0] ?? '').toLowerCase();
  const m =
    /(?:^|\.)s3[.-](?:dualstack\.|fips\.|accelerate\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host) ??
    /(?:^|\.)s3\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:wasabisys|backblazeb2)\.com$/.exec(host) ??
    /(?:^|\.)([a-z]+\d)\.digitaloceanspaces\.com$/.exec(host);
  return m && isPlausibleRegion(m[1]) ? m[1] : undefined;
}

/** "the region 'us-east-1' is wrong; expecting 'eu-west-1'" — AuthorizationHeaderMalformed and friends. */
export function regionFromMessage(message: string | undefined): string | undefined {
  if (!message) {
    return undefined;
  }
  const m =
    /expecting\s+['"`]?([a-z0-9-]+)['"`]?/i.exec(message) ??
    /(?:bucket|it)\s+is\s+in\s+(?:the\s+)?['"`]?([a-z]{2}(?:-[a-z]+)+-\d+)['"`]?\s+region/i.exec(message);
  // Deliberately not "the region 'X'": in these messages that names the wrong region.
  const region = m?.[1]?.toLowerCase();
  return isPlausibleRegion(region) ? region : undefined;
}

export interface RegionClues {
  /** Response headers, names in any case. */
  headers?: Record<string, string | string[] | undefined>;
  /** `<Region>` element or SDK `Region` field. */
  regionField?: string | undefined;
  /** `<Endpoint>` element or SDK `Endpoint` field. */
  endpointField?: string | undefined;
  message?: string | undefined;
}

/**
 * The bucket's region, trying the most authoritative clue first: S3's own header, then the
 * explicit element, then what can be read out of the endpoint host or the message text.
 */
export function extractRegion(clues: RegionClues): string | undefined {
  const header = headerValue(clues.headers, 'x-amz-bucket-region')?.trim().toLowerCase();
  if (isPlausibleRegion(header)) {
    return header;
  }
  const field = clues.regionField?.trim().toLowerCase();
  if (isPlausibleRegion(field)) {
    return field;
  }
  return regionFromEndpoint(clues.endpointField) ?? regionFromMessage(clues.message);
}

export function headerValue(headers: RegionClues['headers'], name: string): string | undefined {
  if (!headers || typeof headers !== 'object') {
    return undefined;
  }
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower) {
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
    }
  }
  return undefined;
}
