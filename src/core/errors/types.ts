/**
 * The one shape every decoder returns, so the renderer and the VS Code glue never need to know
 * whether the text was a Bitmovin envelope, an S3 XML body, an SDK exception or a curl paste.
 */

export interface DecodedLink {
  href: string;
  title?: string;
}

/** One entry of a Bitmovin `details` / `messages` array (the seed's Message object). */
export interface DecodedDetail {
  id?: string;
  type?: string;
  text?: string;
  field?: string;
  date?: string;
  links: DecodedLink[];
}

/** One element of an S3 error body (or field of an SDK error) that no other field of the block shows. */
export interface DecodedElement {
  name: string;
  value: string;
}

/** A plain-words reading of what an error body measured: a clock skew, an expiry, a size. */
export interface DecodedFact {
  /** Short label for the block, e.g. 'Clock'. */
  label: string;
  text: string;
}

export type DecodedSource =
  | 'bitmovin' // Bitmovin response envelope
  | 's3' // S3 error (XML body or SDK exception)
  | 'network' // the request never got an HTTP answer
  | 'http' // an HTTP response whose body is neither of the above
  | 'text'; // anything else

// Decoders fill the optional fields straight from lookups that may find nothing, and the key is
// then present with the value undefined; `| undefined` says so.
export interface Decoded {
  source: DecodedSource;
  /** True for a Bitmovin SUCCESS envelope or a 1xx–3xx HTTP response without an error body. */
  ok: boolean;
  /** Bitmovin numeric code as text ('2202'), S3 error code ('AccessDenied'), errno ('ECONNREFUSED'). */
  code?: string | undefined;
  /** Short name of the code, e.g. 'Upload access denied'. */
  title: string;
  /** What the code means, from the catalog (or the code's range when the code is unknown). */
  meaning?: string | undefined;
  /** Bitmovin category or S3 family, e.g. 'Encoding Output Errors (22XX)'. */
  category?: string | undefined;
  /** The message the server sent (Bitmovin `message`, S3 `<Message>`, SDK `message`). */
  message?: string | undefined;
  developerMessage?: string | undefined;
  requestId?: string | undefined;
  /** S3 `x-amz-id-2` / `<HostId>`, which AWS support asks for alongside the request id. */
  hostId?: string | undefined;
  httpStatus?: number | undefined;
  httpStatusText?: string | undefined;
  /** Meaning of the HTTP status as Bitmovin documents it. */
  httpMeaning?: string | undefined;
  /** The region the bucket really lives in, when the response reveals it. */
  region?: string | undefined;
  bucket?: string | undefined;
  key?: string | undefined;
  endpoint?: string | undefined;
  details: DecodedDetail[];
  links: DecodedLink[];
  /** What to do, most likely fix first. */
  remedy: string[];
  /** Parts of the input that could not be read; empty when everything was understood. */
  problems: string[];
  /**
   * The error body's other elements (AWSAccessKeyId, StringToSign, UploadId, ProposedSize…), in
   * body order; rendered as `Name: value` and redacted with the rest of the block.
   */
  elements?: DecodedElement[] | undefined;
  /** What the body's times and sizes mean, in plain words ("your clock is 16m 40s ahead…"). */
  facts?: DecodedFact[] | undefined;
  /** Bitmovin success `data.result`, kept as parsed. */
  result?: unknown;
}

/** What is known about the HTTP response a body came in; header names are lower case. */
export interface HttpContext {
  status?: number | undefined;
  statusText?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export function emptyDecoded(source: DecodedSource, title: string): Decoded {
  return { source, ok: false, title, details: [], links: [], remedy: [], problems: [] };
}

/** Titles of this extension's commands that remedies point at (the glue contributes them). */
export const COMMAND_TITLES = {
  checkAccess: 'Media Storage: Check Access',
  generateBucketPolicy: 'Media Storage: Generate Bucket Policy',
  abortAllIncompleteUploads: 'Media Storage: Abort All Incomplete Uploads',
  applyToBucket: 'Media Storage: Apply Bucket Policy or CORS to Bucket…',
  presign: 'Media Storage: Presign URL…',
} as const;
