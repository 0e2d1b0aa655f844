import { z } from 'zod';

/**
 * Points are decimals carried as strings ("12.25", "-0.5") and computed in integer thousandths,
 * so 0.1 + 0.2 marks add to exactly 0.3 (no binary floating-point drift).
 */
export const Points = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .pipe(z.string().regex(/^-?\d{1,6}(\.\d{1,3})?$/, 'a decimal with at most 3 decimal places'));
export type Points = z.infer<typeof Points>;

const SCALE = 1000;

/** Parses a decimal string into integer thousandths ("0.25" -> 250). */
export function toMilli(points: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(points.trim());
  if (!m) throw new RangeError(`not a decimal with at most 3 places: ${points}`);
  const [, sign, whole, frac = ''] = m;
  const value = Number(whole) * SCALE + Number(frac.padEnd(3, '0'));
  return sign === '-' && value !== 0 ? -value : value;
}

/** Formats integer thousandths as the shortest decimal string (250 -> "0.25"). */
export function fromMilli(milli: number): string {
  if (!Number.isInteger(milli)) throw new RangeError(`not an integer number of thousandths: ${milli}`);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / SCALE);
  const frac = String(abs % SCALE).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** Adds decimal point strings exactly. */
export function addPoints(...values: string[]): string {
  return fromMilli(values.reduce((sum, v) => sum + toMilli(v), 0));
}

/**
 * Scales `points` out of `max` to a mark out of `outOf`, rounded half-up to `decimals` places.
 * Exact: works on integers until the final rounding.
 */
export function scalePoints(points: string, max: string, outOf: number, decimals = 2): string {
  const p = BigInt(toMilli(points));
  const m = BigInt(toMilli(max));
  if (m <= 0n) throw new RangeError('the maximum must be positive');
  const unit = 10n ** BigInt(decimals);
  const num = p * BigInt(outOf) * unit;
  // round half-up (away from zero for the half) on a possibly negative numerator
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + m) / (2n * m);
  const scaled = neg ? -q : q;
  const s = scaled < 0n ? -scaled : scaled;
  const whole = s / unit;
  const frac = (s % unit).toString().padStart(decimals, '0');
  return `${scaled < 0n ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`;
}

/** True when `points` is a whole multiple of `step` (both decimal strings). */
export function isMultipleOf(points: string, step: string): boolean {
  const s = toMilli(step);
  return s > 0 && toMilli(points) % s === 0;
}
