import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type JSONWebKeySet, type JWK, type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type AccessClaims } from './principal';

/** Claims for a test token; anything left out gets a plausible value, anything set to undefined is left out. */
export type TestClaims = Partial<Omit<AccessClaims, 'exp' | 'iat'>> & { iss?: string; aud?: string } & Record<string, unknown>;

export interface SignOptions {
  /** Seconds from now; negative for an already expired token (default 300). */
  expiresIn?: number;
  /** Sign with this key (a retired one, say) instead of the current one. */
  kid?: string;
}

export interface TestIssuer {
  /** The public keys currently published. */
  readonly jwks: JSONWebKeySet;
  /** Where the keys are served, for createJwtVerifier({ jwksUrl }). */
  readonly jwksUrl: string;
  /** How many times the key set was fetched (to see caching and refetching). */
  readonly fetchCount: number;
  sign(claims?: TestClaims, options?: SignOptions): Promise<string>;
  /** `{ authorization: 'Bearer …' }`, ready for `app.inject({ headers })`. */
  bearer(claims?: TestClaims, options?: SignOptions): Promise<{ authorization: string }>;
  /** Publishes a new key and signs with it from now on; the old ones stay published unless retired. */
  rotate(options?: { retirePrevious?: boolean }): Promise<string>;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function newKey(alg: 'EdDSA' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * A stand-in for identity in tests: fresh keys, a JWKS served on a random local port, and tokens
 * for any role and tenant. Every service's tests use it; nothing here is used in production.
 */
export async function createTestIssuer(options: { alg?: 'EdDSA' | 'ES256'; kid?: string } = {}): Promise<TestIssuer> {
  const alg = options.alg ?? 'EdDSA';
  const keys: SigningKey[] = [await newKey(alg, options.kid ?? randomUUID())];
  let current = keys[0]!;
  let published = [...keys];
  let fetchCount = 0;

  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    fetchCount += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = async (claims: TestClaims = {}, signOptions: SignOptions = {}): Promise<string> => {
    const key = signOptions.kid ? keys.find((k) => k.kid === signOptions.kid) : current;
    if (!key) throw new Error(`no test key ${signOptions.kid}`);
    const now = Math.floor(Date.now() / 1000);
    const role = claims.role ?? 'teacher';
    const payload = {
      sub: randomUUID(),
      tid: randomUUID(),
      sid: randomUUID(),
      role,
      scp: 'full',
      ...(role === 'student' ? { stu: randomUUID() } : {}),
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: now,
      exp: now + (signOptions.expiresIn ?? 300),
      ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  };

  return {
    get jwks() {
      return { keys: published.map((k) => k.publicJwk) };
    },
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetchCount() {
      return fetchCount;
    },
    sign,
    bearer: async (claims, signOptions) => ({ authorization: `Bearer ${await sign(claims, signOptions)}` }),
    async rotate({ retirePrevious = false } = {}) {
      current = await newKey(alg, randomUUID());
      keys.push(current);
      published = retirePrevious ? [current] : [...published, current];
      return current.kid;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
