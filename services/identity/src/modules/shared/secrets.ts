import { createHash, randomBytes, randomInt } from 'node:crypto';

/** An unguessable token for a link or a refresh token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a token: a lookup by hash needs no salt, the token has 256 bits. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// No 0/O, 1/l/I: a one-time password is read off a terminal and typed by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password for the first platform admin (20 characters, ~115 bits). */
export function randomPassword(length = 20): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
