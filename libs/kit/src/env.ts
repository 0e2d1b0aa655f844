import { isIP } from 'node:net';
import { z } from 'zod';

// Environment variables are strings; these helpers turn them into typed values. Their messages
// never quote the input, so a bad secret is never echoed back by a ConfigError.

/** "true"/"false"/"1"/"0" (any case) → boolean. */
export function envBoolean() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0'], { error: 'must be one of true, false, 1, 0' }))
    .transform((value) => value === 'true' || value === '1');
}

/** A whole number, optionally bounded. */
export function envInt(bounds: { min?: number; max?: number } = {}) {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: 'must be an integer' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/** A TCP port; 0 asks the OS for a free one (handy in tests). */
export function envPort() {
  return envInt({ min: 0, max: 65535 });
}

/** An absolute URL, kept as a string; `protocols` (without colon) restricts the scheme. */
export function envUrl(protocols?: readonly string[]) {
  return z
    .string()
    .trim()
    .refine(isUrl, { error: 'must be an absolute URL' })
    .refine((value) => !protocols || protocols.includes(new URL(value).protocol.slice(0, -1)), {
      error: `must use one of the schemes ${protocols?.join(', ') ?? ''}`,
    });
}

/** A comma-separated list; items are trimmed and empty items dropped. */
export function envList() {
  return z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a trusted-proxy list: an address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or a keyword. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * The proxies whose X-Forwarded-For is believed: a comma list of addresses, CIDR ranges and the
 * keywords `loopback`, `linklocal`, `uniquelocal` (private ranges); `none` alone trusts nobody.
 */
export function envProxyList() {
  return envList()
    .transform((entries) => (entries.length === 1 && entries[0] === 'none' ? [] : entries))
    .refine((entries) => entries.every(isProxyEntry), {
      error: 'must list addresses, CIDR ranges or loopback, linklocal, uniquelocal (or none)',
    });
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** A duration in milliseconds: "1500" (ms), "1500ms", "15s", "2m", "1h" → number of ms. */
export function envDuration() {
  return z
    .string()
    .trim()
    .regex(/^\d+(ms|s|m|h)?$/, { error: 'must be a duration like 1500, 1500ms, 15s, 2m or 1h' })
    .transform((value) => {
      const [, amount = '0', unit = 'ms'] = /^(\d+)(ms|s|m|h)?$/.exec(value) ?? [];
      return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    });
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
