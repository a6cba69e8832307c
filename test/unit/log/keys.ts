// Key-shaped random values for the redaction and detection tests. Generated from a fixed seed, so
// a failure names the same value on every run, and never pasted: no real key is in the repository.

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const BASE64 = `${ALNUM}+/`;
export const HEX = '0123456789abcdef';
const BASE32 = `${UPPER}234567`;

import { seeded as rng } from '../../support/random';

export { rng };

export function pick(next: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** Mixed case and digits, as a real 40-character key has (a random draw nearly always does). */
function mixed(next: () => number, alphabet: string, length: number): string {
  for (;;) {
    const s = pick(next, alphabet, length);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
}

export interface ProviderKeys {
  provider: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** One key pair per provider, in each provider's format. */
export function providerKeys(seed: number): ProviderKeys[] {
  const next = rng(seed);
  const upperId = (prefix: string): string => {
    for (;;) {
      const s = prefix + pick(next, UPPER + DIGITS, 20 - prefix.length);
      if (/\d/.test(s) && /[A-Z]/.test(s)) return s;
    }
  };
  return [
    { provider: 'aws', accessKeyId: `AKIA${pick(next, BASE32, 16)}`, secretAccessKey: mixed(next, BASE64, 40) },
    { provider: 'aws-temporary', accessKeyId: `ASIA${pick(next, BASE32, 16)}`, secretAccessKey: mixed(next, BASE64, 40) },
    { provider: 'r2', accessKeyId: pick(next, HEX, 32), secretAccessKey: pick(next, HEX, 64) },
    { provider: 'wasabi', accessKeyId: upperId(''), secretAccessKey: mixed(next, ALNUM, 40) },
    { provider: 'spaces', accessKeyId: upperId('DO00'), secretAccessKey: mixed(next, BASE64, 43) },
    { provider: 'gcs', accessKeyId: `GOOG1${pick(next, UPPER + DIGITS, 56)}`, secretAccessKey: mixed(next, BASE64, 40) },
    // MinIO takes any secret; a user-chosen one has no particular shape.
    { provider: 'minio', accessKeyId: 'media-encoder', secretAccessKey: `${pick(next, LOWER, 6)}-${pick(next, ALNUM, 10)}!` },
  ];
}

/** An STS session token: the real ones are a few hundred base64 characters with this prefix. */
export function sessionToken(seed: number, length = 360): string {
  return `IQoJb3JpZ2luX2Vj${pick(rng(seed), BASE64, length)}`;
}

/** True when `text` keeps any 8 consecutive characters of `secret`. */
export function keepsFragment(text: string, secret: string, size = 8): boolean {
  for (let i = 0; i + size <= secret.length; i++) {
    if (text.includes(secret.slice(i, i + size))) return true;
  }
  return false;
}
