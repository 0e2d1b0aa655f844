import { randomInt } from 'node:crypto';

/** 32 characters people cannot confuse: no 0/O, no 1/I. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Random characters before the check character: 32^6 ≈ 10^9 codes per school. */
export const CODE_BODY_LENGTH = 6;
const N = CODE_ALPHABET.length;

/** Randomness behind an interface, so tests can force a collision. */
export interface RandomSource {
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}
export const cryptoRandom: RandomSource = { int: (max) => randomInt(max) };

/**
 * Luhn mod N check character over the body: catches every single mistyped character and every
 * swap of two neighbours except `2Z` ↔ `Z2` (values 0 and N − 1, as 09 ↔ 90 in decimal Luhn).
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    const value = CODE_ALPHABET.indexOf(body[i]!);
    if (value < 0) throw new RangeError(`not a code character: ${body[i]}`);
    const addend = factor * value;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N]!;
}

/** A new random code: 6 characters and its check character, e.g. `K7MQXR4`. */
export function generateAnonymousCode(random: RandomSource = cryptoRandom): string {
  let body = '';
  for (let i = 0; i < CODE_BODY_LENGTH; i++) body += CODE_ALPHABET[random.int(N)];
  return body + checkCharacter(body);
}

/**
 * A code as a person typed it (any case, spaces or dashes between groups), normalised; null when
 * it has the wrong length, a character outside the alphabet, or a wrong check character.
 */
export function parseAnonymousCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_BODY_LENGTH + 1) return null;
  if ([...code].some((c) => !CODE_ALPHABET.includes(c))) return null;
  const body = code.slice(0, CODE_BODY_LENGTH);
  return checkCharacter(body) === code[CODE_BODY_LENGTH] ? code : null;
}

/**
 * Draws codes until one is free in the school. With ~10^9 codes a retry is rare; the unique index
 * stays the last word for two transactions drawing the same code at once (one of them is retried).
 */
export async function allocateAnonymousCode(
  isTaken: (code: string) => Promise<boolean>,
  random: RandomSource = cryptoRandom,
  attempts = 10,
): Promise<string> {
  for (let i = 0; i < attempts; i++) {
    const code = generateAnonymousCode(random);
    if (!(await isTaken(code))) return code;
  }
  throw new Error(`no free anonymous code after ${attempts} draws`);
}
