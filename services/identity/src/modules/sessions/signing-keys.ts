import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JSONWebKeySet, type KeyLike } from 'jose';

export type SigningAlgorithm = 'EdDSA' | 'ES256';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyLike | Uint8Array;
  publicJwk: JWK;
}

/** The keys of this deployment: the first signs, every one is published (rotation). */
export interface SigningKeys {
  current: SigningKey;
  jwks: JSONWebKeySet;
}

export const KEY_FILE = 'signing-keys.json';

function algorithmOf(jwk: JWK): SigningAlgorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new Error(`signing key ${jwk.kid ?? '?'}: only Ed25519 (EdDSA) and P-256 (ES256) keys are accepted`);
}

function publicPart(jwk: JWK, alg: SigningAlgorithm): JWK {
  const { kty, crv, x, y, kid } = jwk;
  return { kty, crv, x, ...(y ? { y } : {}), kid, alg, use: 'sig' };
}

/** Imports private JWKs (each with `kid`); fails naming the key, never printing it. */
export async function signingKeysFrom(jwks: JWK[]): Promise<SigningKeys> {
  if (jwks.length === 0) throw new Error('no signing key');
  const keys = await Promise.all(
    jwks.map(async (jwk): Promise<SigningKey> => {
      if (!jwk.kid || !jwk.d) throw new Error('every signing key needs a kid and its private part');
      const alg = algorithmOf(jwk);
      return { kid: jwk.kid, alg, privateKey: await importJWK(jwk, alg), publicJwk: publicPart(jwk, alg) };
    }),
  );
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new Error('two signing keys share a kid');
  return { current: keys[0]!, jwks: { keys: keys.map((k) => k.publicJwk) } };
}

/** A fresh Ed25519 private JWK with a random kid. */
export async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'EdDSA' };
}

/**
 * The key file of a development deployment: read it, or create it with one Ed25519 key (mode 0600).
 * Two processes starting together both end up with the file the first one wrote.
 */
export async function keysFromDirectory(dir: string): Promise<SigningKeys> {
  const file = path.join(dir, KEY_FILE);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, `${JSON.stringify([await generatePrivateJwk()], null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of private JWKs`);
  return signingKeysFrom(parsed as JWK[]);
}

/** JWT_PRIVATE_KEYS when set; else the key directory (development only: replicas need shared keys). */
export async function loadSigningKeys(config: { JWT_PRIVATE_KEYS?: Record<string, unknown>[]; JWT_KEYS_DIR?: string; NODE_ENV: string }): Promise<SigningKeys> {
  if (config.JWT_PRIVATE_KEYS) return signingKeysFrom(config.JWT_PRIVATE_KEYS as unknown as JWK[]);
  if (!config.JWT_KEYS_DIR && config.NODE_ENV === 'production') {
    throw new Error('JWT_PRIVATE_KEYS (or JWT_KEYS_DIR on a shared volume) must be set in production');
  }
  return keysFromDirectory(config.JWT_KEYS_DIR ?? path.join('.data', 'keys'));
}
