import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, createJwtVerifier, createLocalJwtVerifier, type JwtVerifier } from '../src';
import { createTestIssuer, type TestClaims, type TestIssuer } from '../src/testing';

const tenantId = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const userId = '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e';

const refusedAs = (code: string) => expect.objectContaining({ code });

describe('createJwtVerifier', () => {
  let issuer: TestIssuer;
  let verifier: JwtVerifier;
  beforeEach(async () => {
    issuer = await createTestIssuer();
    verifier = createJwtVerifier({ jwksUrl: issuer.jwksUrl, jwksCooldownMs: 0 });
  });
  afterEach(() => issuer.close());

  it('turns a good token into the caller', async () => {
    const token = await issuer.sign({ sub: userId, tid: tenantId, role: 'admin' });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId,
      tenantId,
      role: 'admin',
      sessionId: expect.any(String),
      scope: 'full',
    });
  });

  it("carries a student account's student id", async () => {
    const studentId = '9c8b7a6f-5e4d-4c3b-8a2f-1e0d9c8b7a6f';
    const principal = await verifier.verify(await issuer.sign({ role: 'student', stu: studentId }));
    expect(principal).toMatchObject({ role: 'student', studentId });
  });

  it('accepts ES256 keys as well as EdDSA', async () => {
    const es = await createTestIssuer({ alg: 'ES256' });
    try {
      const principal = await createJwtVerifier({ jwksUrl: es.jwksUrl }).verify(await es.sign({ tid: tenantId }));
      expect(principal.tenantId).toBe(tenantId);
    } finally {
      await es.close();
    }
  });

  it('refuses an expired token, beyond the clock tolerance', async () => {
    await expect(verifier.verify(await issuer.sign({}, { expiresIn: -60 }))).rejects.toEqual(refusedAs('unauthenticated'));
    // Within the 5 s tolerance a just-expired token still passes (clocks drift between services).
    await expect(verifier.verify(await issuer.sign({}, { expiresIn: -2 }))).resolves.toBeDefined();
  });

  it('refuses a token signed by a key identity does not publish, even under a published kid', async () => {
    const impostor = await createTestIssuer({ kid: JSON.parse(Buffer.from((await issuer.sign()).split('.')[0]!, 'base64url').toString()).kid });
    try {
      await expect(verifier.verify(await impostor.sign())).rejects.toEqual(refusedAs('unauthenticated'));
    } finally {
      await impostor.close();
    }
    const stranger = await createTestIssuer();
    try {
      await expect(verifier.verify(await stranger.sign())).rejects.toEqual(refusedAs('unauthenticated'));
    } finally {
      await stranger.close();
    }
  });

  it('refuses a token whose payload was changed after signing (a teacher making themselves admin)', async () => {
    const [header, payload, signature] = (await issuer.sign({ role: 'teacher' })).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = base64url.encode(JSON.stringify({ ...claims, role: 'admin' }));
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toEqual(refusedAs('unauthenticated'));
  });

  it('refuses unsigned tokens (alg none) and HMAC ones, even keyed with the public key', async () => {
    const claims = { sub: userId, tid: tenantId, role: 'admin', sid: userId, scp: 'full' };
    const unsigned = new UnsecuredJWT(claims).setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('5m').encode();
    await expect(verifier.verify(unsigned)).rejects.toEqual(refusedAs('unauthenticated'));
    const publicKeyText = new TextEncoder().encode(JSON.stringify(issuer.jwks.keys[0]));
    const kid = issuer.jwks.keys[0]!.kid!;
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(publicKeyText);
    await expect(verifier.verify(hmac)).rejects.toEqual(refusedAs('unauthenticated'));
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expect(verifier.verify(await issuer.sign({ aud: 'another-app' }))).rejects.toEqual(refusedAs('unauthenticated'));
    await expect(verifier.verify(await issuer.sign({ iss: 'someone-else' }))).rejects.toEqual(refusedAs('unauthenticated'));
  });

  it('refuses tokens missing a claim a principal needs, or with values outside the contract', async () => {
    const invalid: TestClaims[] = [
      { tid: undefined },
      { sid: undefined },
      { scp: undefined },
      { role: 'superuser' } as unknown as TestClaims,
      { sub: 'not-a-uuid' },
      { role: 'student', stu: undefined },
    ];
    for (const claims of invalid) {
      await expect(verifier.verify(await issuer.sign(claims))).rejects.toEqual(refusedAs('unauthenticated'));
    }
  });

  it('refuses garbage', async () => {
    for (const token of ['', 'abc', 'a.b.c', `${'x'.repeat(40)}.${'y'.repeat(40)}.${'z'.repeat(40)}`]) {
      await expect(verifier.verify(token)).rejects.toEqual(refusedAs('unauthenticated'));
    }
  });

  it('picks up a rotated key without a restart, and keeps accepting the previous one while it is published', async () => {
    const before = await issuer.sign({ tid: tenantId });
    await verifier.verify(before);
    expect(issuer.fetchCount).toBe(1);
    await issuer.rotate();
    const after = await issuer.sign({ tid: tenantId });
    await expect(verifier.verify(after)).resolves.toMatchObject({ tenantId });
    expect(issuer.fetchCount).toBe(2);
    await expect(verifier.verify(before)).resolves.toMatchObject({ tenantId });
  });

  it('stops accepting a retired key once it is no longer published', async () => {
    const oldKid = issuer.jwks.keys[0]!.kid!;
    await issuer.rotate({ retirePrevious: true });
    await expect(verifier.verify(await issuer.sign({}, { kid: oldKid }))).rejects.toEqual(refusedAs('unauthenticated'));
  });

  it('fetches the key set once for many tokens', async () => {
    for (let i = 0; i < 5; i += 1) await verifier.verify(await issuer.sign());
    expect(issuer.fetchCount).toBe(1);
  });

  it('answers 503, not 401, when the key set cannot be fetched (the caller did nothing wrong)', async () => {
    const token = await issuer.sign();
    await issuer.close();
    const cold = createJwtVerifier({ jwksUrl: issuer.jwksUrl });
    await expect(cold.verify(token)).rejects.toEqual(refusedAs('service_unavailable'));
    issuer = await createTestIssuer(); // for afterEach
  });
});

describe('createLocalJwtVerifier', () => {
  it('verifies with a key set the service already holds', async () => {
    const issuer = await createTestIssuer();
    try {
      const verifier = createLocalJwtVerifier(issuer.jwks);
      await expect(verifier.verify(await issuer.sign({ tid: tenantId }))).resolves.toMatchObject({ tenantId });
      const other = await createTestIssuer();
      await expect(verifier.verify(await other.sign())).rejects.toEqual(refusedAs('unauthenticated'));
      await other.close();
      expect(issuer.fetchCount).toBe(0);
    } finally {
      await issuer.close();
    }
  });
});
