import { type JwtVerifier, type Principal } from '@gradeline/auth';

const MAX_ENTRIES = 10_000;
const MAX_AGE_MS = 60_000;

function expiryMs(token: string): number {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * Remembers tokens the verifier accepted, by their exact text, until they expire or for a minute
 * at most: a client sends the same token on every call, and the signature check is the largest
 * share of the gateway's own work. Refusals are never remembered. The minute bounds how long a
 * token signed by a key identity has since withdrawn still passes here; the service behind
 * verifies it again anyway.
 */
export class TokenCache implements JwtVerifier {
  private readonly accepted = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const hit = this.accepted.get(token);
    if (hit && hit.until > now) return hit.principal;
    if (hit) this.accepted.delete(token);
    const principal = await this.verifier.verify(token);
    const until = Math.min(expiryMs(token), now + MAX_AGE_MS);
    if (until > now) {
      // Oldest first out: Map keeps insertion order.
      if (this.accepted.size >= MAX_ENTRIES) this.accepted.delete(this.accepted.keys().next().value!);
      this.accepted.set(token, { principal, until });
    }
    return principal;
  }
}
