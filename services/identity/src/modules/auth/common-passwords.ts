import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

/**
 * Whether a password is on the list of common passwords shipped with @zxcvbn-ts/language-common
 * (MIT, ~49,000 entries from public breach corpora). Loaded once from the package, never fetched.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary.passwords as string[]).map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}
