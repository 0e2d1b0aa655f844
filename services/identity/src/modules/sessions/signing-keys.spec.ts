import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalJwtVerifier } from '@gradeline/auth';
import { exportJWK, generateKeyPair } from 'jose';
import { AccessTokenSigner } from './access-token';
import { generatePrivateJwk, KEY_FILE, keysFromDirectory, loadSigningKeys, signingKeysFrom } from './signing-keys';

const subject = { userId: '7f1c1b7e-3f43-4a3c-9d8e-0a4c43f1e001', tenantId: '7f1c1b7e-3f43-4a3c-9d8e-0a4c43f1e002', role: 'teacher' as const, sessionId: '7f1c1b7e-3f43-4a3c-9d8e-0a4c43f1e003', scope: 'full' as const };

describe('signing keys', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-keys-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('generates one Ed25519 key on first start, readable by its owner only, and reuses it', async () => {
    const first = await keysFromDirectory(path.join(dir, 'keys'));
    const stat = await fs.stat(path.join(dir, 'keys', KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
    const again = await keysFromDirectory(path.join(dir, 'keys'));
    expect(again.current.kid).toBe(first.current.kid);
    expect(first.jwks.keys).toHaveLength(1);
    expect(first.jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(first.jwks.keys[0]!.d).toBeUndefined();
  });

  it('signs with the first of several keys and publishes all: a rotation keeps old tokens verifiable', async () => {
    const [oldKey, newKey] = [await generatePrivateJwk(), await generatePrivateJwk()];
    const before = await signingKeysFrom([oldKey, newKey]); // new key published, not yet signing
    const after = await signingKeysFrom([newKey, oldKey]); // then it signs; the old one stays published
    const oldToken = await new AccessTokenSigner(before, 900_000).sign(subject, new Date());
    const newToken = await new AccessTokenSigner(after, 900_000).sign(subject, new Date());
    const verifier = createLocalJwtVerifier(after.jwks);
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ userId: subject.userId });
    await expect(verifier.verify(newToken)).resolves.toMatchObject({ role: 'teacher', scope: 'full' });
  });

  it('accepts P-256 (ES256) keys and refuses other kinds, and refuses to invent a key in production', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const es = await signingKeysFrom([{ ...(await exportJWK(privateKey)), kid: 'p256' }]);
    expect(es.current.alg).toBe('ES256');
    const { privateKey: rsa } = await generateKeyPair('RS256', { extractable: true });
    await expect(signingKeysFrom([{ ...(await exportJWK(rsa)), kid: 'rsa' }])).rejects.toThrow(/only Ed25519/);
    await expect(loadSigningKeys({ NODE_ENV: 'production' })).rejects.toThrow(/JWT_PRIVATE_KEYS/);
  });
});
