/**
 * Presigned-URL lifetimes typed by people ("90m", "1h30m", "7d", "3600").
 * Pure: no SDK, safe to load at activation.
 */

/** SigV4 presigned URLs cannot live longer than 7 days; S3 and RGW refuse them at request time. */
export const MAX_PRESIGN_EXPIRY_SECONDS = 604_800;

export type ExpiryParseResult = { ok: true; seconds: number } | { ok: false; reason: string };

const UNIT_ORDER = ['d', 'h', 'm', 's'] as const;
type Unit = (typeof UNIT_ORDER)[number];
const UNIT_SECONDS: Record<Unit, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

function isUnit(s: string): s is Unit {
  return (UNIT_ORDER as readonly string[]).includes(s);
}
const FORMS = 'use seconds (3600) or a duration such as 45s, 90m, 2h, 1h30m or 7d';

/** Parses a friendly lifetime into whole seconds, or says precisely what is wrong with it. */
export function parseExpiry(text: string): ExpiryParseResult {
  const input = text.trim().toLowerCase();
  if (input === '') {
    return { ok: false, reason: `The expiry is empty: ${FORMS}.` };
  }
  if (/^-/.test(input)) {
    return { ok: false, reason: `The expiry "${text.trim()}" is negative: a URL must stay valid for at least 1 second.` };
  }
  if (/\d[.,]\d/.test(input)) {
    return { ok: false, reason: `The expiry "${text.trim()}" has a fraction: use whole units, e.g. 1h30m instead of 1.5h.` };
  }

  let seconds: number;
  if (/^\d+$/.test(input)) {
    seconds = Number(input);
  } else {
    const parsed = parseUnits(input, text.trim());
    if (!parsed.ok) {
      return parsed;
    }
    seconds = parsed.seconds;
  }
  return checkRange(seconds, text.trim());
}

function parseUnits(input: string, original: string): ExpiryParseResult {
  const compact = input.replace(/\s+/g, '');
  if (!/^(\d+[a-z]+)+$/.test(compact)) {
    return { ok: false, reason: `"${original}" is not an expiry: ${FORMS}.` };
  }
  let total = 0;
  let lastIndex = -1;
  for (const match of compact.matchAll(/(\d+)([a-z]+)/g)) {
    // Neither group is optional: both are set whenever the pattern matched.
    const [, amount = '', unit = ''] = match;
    if (!isUnit(unit)) {
      return { ok: false, reason: `"${unit}" in "${original}" is not a unit: use d, h, m or s.` };
    }
    const index = UNIT_ORDER.indexOf(unit);
    if (index <= lastIndex) {
      // "30m1h" or "1h1h" is most likely a typo, so it is refused rather than summed.
      return { ok: false, reason: `Units in "${original}" must each appear once, largest first (e.g. 1h30m).` };
    }
    lastIndex = index;
    total += Number(amount) * UNIT_SECONDS[unit];
  }
  return { ok: true, seconds: total };
}

function checkRange(seconds: number, original: string): ExpiryParseResult {
  if (!Number.isSafeInteger(seconds) || seconds > MAX_PRESIGN_EXPIRY_SECONDS) {
    return {
      ok: false,
      reason:
        `The expiry "${original}" is longer than 7 days (${MAX_PRESIGN_EXPIRY_SECONDS} s), ` +
        'the most a SigV4 presigned URL allows; the storage would refuse the URL.',
    };
  }
  if (seconds <= 0) {
    return { ok: false, reason: `The expiry "${original}" is zero: a URL must stay valid for at least 1 second.` };
  }
  return { ok: true, seconds };
}

/** Renders seconds the way parseExpiry reads them, e.g. 5400 → "1h30m". */
export function formatExpiry(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return '0s';
  }
  let rest = Math.floor(seconds);
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_SECONDS[unit];
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}

/** Default allowance for a job waiting in an encoding service's queue before it starts. */
export const DEFAULT_QUEUE_ALLOWANCE_SECONDS = 3_600;

export const OUTPUT_EXPIRY_GUIDANCE =
  'An output URL is used at the end of the job, not the start: it must stay valid through the time the job ' +
  'waits in the queue plus processing, which can take up to the real-time length of the media. ' +
  'Allow at least queue time + media duration, with margin; the maximum is 7 days.';

export interface OutputExpiryAdvice {
  /** A lifetime that covers queueing plus real-time processing, capped at 7 days. */
  recommendedSeconds: number;
  /** Set when the chosen lifetime is likely to run out before the service writes the output. */
  warning?: string;
}

/**
 * Advises on an output (PUT) URL's lifetime. Media duration is optional: without it only the
 * queue allowance can be checked.
 */
export function adviseOutputExpiry(opts: { chosenSeconds?: number; mediaDurationSeconds?: number; queueAllowanceSeconds?: number }): OutputExpiryAdvice {
  const queue = opts.queueAllowanceSeconds ?? DEFAULT_QUEUE_ALLOWANCE_SECONDS;
  const media = Math.max(0, opts.mediaDurationSeconds ?? 0);
  // Processing may run up to real time, so the media length counts once in full; 25% margin on top.
  const needed = Math.ceil((queue + media) * 1.25);
  const recommendedSeconds = Math.min(needed, MAX_PRESIGN_EXPIRY_SECONDS);
  const advice: OutputExpiryAdvice = { recommendedSeconds };
  if (opts.chosenSeconds !== undefined && opts.chosenSeconds < queue + media) {
    advice.warning =
      `An output URL valid for ${formatExpiry(opts.chosenSeconds)} may expire before the job writes its output ` +
      `(queue allowance ${formatExpiry(queue)}` +
      (media > 0 ? ` + up to ${formatExpiry(media)} of real-time processing` : '') +
      `); consider ${formatExpiry(recommendedSeconds)}.`;
  } else if (needed > MAX_PRESIGN_EXPIRY_SECONDS) {
    advice.warning = 'Queueing plus real-time processing may outlast the 7-day maximum of a presigned URL; ' + 'use an s3:// output with credentials instead.';
  }
  return advice;
}
