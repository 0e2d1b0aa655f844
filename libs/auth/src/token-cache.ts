import { type JwtVerifier } from './jwt-verifier';
import { type Principal } from './principal';

export interface TokenCacheOptions {
  /** Most tokens remembered; the least recently used goes first (default 10,000). */
  maxEntries?: number;
  /** Longest a token is remembered, however long it still has to live (default 60 s). */
  maxAgeMs?: number;
  now?: () => number;
}

// A longer text is no token identity signs (~500 characters); it is verified every time.
const MAX_TOKEN_LENGTH = 4_096;

function expiryMs(token: string): number {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * Remembers tokens the verifier accepted, by their exact text, until they expire and for a minute
 * at most: a client sends the same token on every call, and the signature check (Ed25519 or
 * P-256) was the largest share of a request's work in both the gateway and the service behind it.
 * Refusals are never remembered. Nothing the token says can change while it is remembered; what
 * the minute bounds is how long a token signed by a key identity has since withdrawn still passes
 * (the key set itself is refetched only every 10 minutes). Sessions are not checked per request
 * at all (docs/security.md), so this hides no revocation.
 */
export class TokenCache implements JwtVerifier {
  private readonly accepted = new Map<string, { principal: Principal; until: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly verifier: JwtVerifier,
    options: TokenCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const hit = this.accepted.get(token);
    if (hit) {
      this.accepted.delete(token);
      if (hit.until > now) {
        // Map keeps insertion order: re-inserting makes this the most recently used.
        this.accepted.set(token, hit);
        return hit.principal;
      }
    }
    const principal = await this.verifier.verify(token);
    const until = Math.min(expiryMs(token), now + this.maxAgeMs);
    if (until > now && token.length <= MAX_TOKEN_LENGTH) {
      if (this.accepted.size >= this.maxEntries) this.accepted.delete(this.accepted.keys().next().value!);
      this.accepted.set(token, { principal, until });
    }
    return principal;
  }
}
