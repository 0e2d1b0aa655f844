import { AppError } from '@gradeline/kit';
import { type Principal } from '@gradeline/auth';
import { TokenCache } from './token-cache';

const principal: Principal = { userId: 'u', tenantId: 't', role: 'teacher', sessionId: 's', scope: 'full' };
const token = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;

describe('accepted-token cache', () => {
  let now = 1_700_000_000_000;
  const calls: string[] = [];
  const verifier = { verify: async (t: string) => (calls.push(t), t.endsWith('bad') ? Promise.reject(new AppError('unauthenticated', 'no')) : principal) };

  beforeEach(() => (calls.length = 0));

  it('verifies a token once, then answers from memory until a minute has passed', async () => {
    const cache = new TokenCache(verifier, () => now);
    const t = token(now / 1000 + 600);
    await cache.verify(t);
    await cache.verify(t);
    expect(calls).toHaveLength(1);
    now += 61_000;
    await cache.verify(t);
    expect(calls).toHaveLength(2);
  });

  it('never outlives the token’s own expiry', async () => {
    const cache = new TokenCache(verifier, () => now);
    const t = token(now / 1000 + 10);
    await cache.verify(t);
    now += 11_000;
    await cache.verify(t);
    expect(calls).toHaveLength(2);
  });

  it('remembers no refusal', async () => {
    const cache = new TokenCache(verifier, () => now);
    await expect(cache.verify('x.bad')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(cache.verify('x.bad')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(calls).toEqual(['x.bad', 'x.bad']);
  });
});
