import { signObjectToken, verifyObjectToken } from './signed-token';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const grant = { key: 'tenant-1/exam-2/copy-3/page-1.jpg', expiresAt: 1_000_000 };

describe('signed object tokens', () => {
  it('grants the key it was made for until its expiry', () => {
    const token = signObjectToken({ ...grant, downloadName: 'page.jpg' }, SECRET);
    expect(verifyObjectToken(token, SECRET, 999_999)).toEqual({
      ok: true,
      grant: { ...grant, downloadName: 'page.jpg', contentType: undefined },
    });
  });

  it('expires at the instant it names', () => {
    const token = signObjectToken(grant, SECRET);
    expect(verifyObjectToken(token, SECRET, 1_000_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token made with another secret', () => {
    const token = signObjectToken(grant, 'another-secret-0123456789abcdef012345');
    expect(verifyObjectToken(token, SECRET, 0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token whose payload was changed to another key or a later expiry', () => {
    const [, signature] = signObjectToken(grant, SECRET).split('.');
    for (const forged of [{ k: 'tenant-2/secret.jpg', e: grant.expiresAt }, { k: grant.key, e: grant.expiresAt * 2 }]) {
      const payload = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expect(verifyObjectToken(`${payload}.${signature}`, SECRET, 0)).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('calls garbage malformed', () => {
    expect(verifyObjectToken('', SECRET, 0)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyObjectToken('a.b.c', SECRET, 0)).toEqual({ ok: false, reason: 'malformed' });
  });
});
