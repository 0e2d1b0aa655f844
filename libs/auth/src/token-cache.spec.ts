import { AppError } from '@gradeline/kit';
import { type Principal } from './principal';
import { TokenCache } from './token-cache';

const principal: Principal = { userId: 'u', tenantId: 't', role: 'teacher', sessionId: 's', scope: 'full' };
const token = (exp: number, n = 0) => `h.${Buffer.from(JSON.stringify({ exp, n })).toString('base64url')}.sig`;

describe('accepted-token cache', () => {
  let now = 1_700_000_000_000;
  const calls: string[] = [];
  const verifier = { verify: async (t: string) => (calls.push(t), t.endsWith('bad') ? Promise.reject(new AppError('unauthenticated', 'no')) : principal) };

  beforeEach(() => (calls.length = 0));

  it('verifies a token once, then answers from memory until a minute has passed', async () => {
    const cache = new TokenCache(verifier, { now: () => now });
    const t = token(now / 1000 + 600);
    await expect(cache.verify(t)).resolves.toBe(principal);
    await expect(cache.verify(t)).resolves.toBe(principal);
    expect(calls).toHaveLength(1);
    now += 61_000;
    await cache.verify(t);
    expect(calls).toHaveLength(2);
  });

  it('never outlives the token’s own expiry', async () => {
    const cache = new TokenCache(verifier, { now: () => now });
    const t = token(now / 1000 + 10);
    await cache.verify(t);
    now += 11_000;
    await cache.verify(t);
    expect(calls).toHaveLength(2);
  });

  it('remembers no refusal, and no other text than the one accepted', async () => {
    const cache = new TokenCache(verifier, { now: () => now });
    const t = token(now / 1000 + 600);
    await cache.verify(t);
    await expect(cache.verify(`${t}bad`)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(cache.verify(`${t}bad`)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(calls).toEqual([t, `${t}bad`, `${t}bad`]);
  });

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const cache = new TokenCache(verifier, { now: () => now, maxEntries: 2 });
    const [a, b, c] = [1, 2, 3].map((n) => token(now / 1000 + 600, n)) as [string, string, string];
    await cache.verify(a);
    await cache.verify(b);
    await cache.verify(a); // a is now the most recently used
    await cache.verify(c); // so b goes
    calls.length = 0;
    await cache.verify(a);
    await cache.verify(c);
    await cache.verify(b);
    expect(calls).toEqual([b]);
  });
});
