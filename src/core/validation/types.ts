// Shapes shared by the validator, the rules and the editor glue. Offsets are UTF-16 code-unit
// offsets into the validated text (what jsonc-parser and VS Code's positionAt use).

export type JsonPath = (string | number)[];

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Stable identifier (`schema/…`, `json/…`, `policy/…`, `payload/…`); see docs in validate.ts. */
  code: string;
  message: string;
  severity: Severity;
  offset: number;
  length: number;
  path: JsonPath;
  fix?: Fix;
}

export interface ValidationContext {
  /** Bucket the policy is attached to, when known: Resources naming another bucket are flagged. */
  bucket?: string;
  /** Clock for presigned-URL expiry checks; defaults to the real clock. */
  now?: Date;
  /** Warn when a presigned URL expires within this many seconds. Default 3600. */
  expiryThresholdSeconds?: number;
  /** Whether the bucket blocks public access; undefined when unknown (then nothing is said). */
  publicAccessBlocked?: (bucket: string) => boolean | undefined;
  /**
   * Include JSON syntax and schema diagnostics. Default true. The editor sets false because VS
   * Code's JSON language service already reports those from the contributed schemas, and the
   * same problem twice is noise. Missing required properties are reported either way: the JSON
   * service gets the schemas without `required` (editorSchema.ts).
   */
  includeSchema?: boolean;
  /**
   * The text is (or will be saved as) a file in the workspace, where a plaintext secret ends up
   * in version control. Default true; false for untitled buffers that are never saved.
   */
  workspaceFile?: boolean;
}
