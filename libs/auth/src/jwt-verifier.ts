import { AppError } from '@gradeline/kit';
import {
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import {
  ACCESS_TOKEN_ALGORITHMS,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AccessClaims,
  type Principal,
  principalFromClaims,
} from './principal';

/** Turns a bearer token into the caller, or throws AppError `unauthenticated` (503 when keys cannot be fetched). */
export interface JwtVerifier {
  verify(token: string): Promise<Principal>;
}

export interface JwtVerifierOptions {
  issuer?: string;
  audience?: string;
  /** Leeway for clock skew between identity and this service (default 5 s). */
  clockToleranceSec?: number;
}

export interface RemoteJwtVerifierOptions extends JwtVerifierOptions {
  /** identity's `/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Least time between two fetches of the key set, even for an unknown `kid` (default 30 s). */
  jwksCooldownMs?: number;
  /** Refetch the key set at least this often (default 10 min). */
  jwksMaxAgeMs?: number;
}

/**
 * Verifies access tokens against identity's published keys. The key set is cached; a token signed
 * by a key it does not know (`kid` after a rotation) makes it refetch, at most once per cooldown.
 */
export function createJwtVerifier(options: RemoteJwtVerifierOptions): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
    timeoutDuration: 5_000,
  });
  return verifierFor(keys, options);
}

/** Verifies access tokens with a key set the service already holds (identity itself, tests). */
export function createLocalJwtVerifier(jwks: JSONWebKeySet, options: JwtVerifierOptions = {}): JwtVerifier {
  return verifierFor(createLocalJWKSet(jwks), options);
}

function verifierFor(keys: JWTVerifyGetKey, options: JwtVerifierOptions): JwtVerifier {
  const verifyOptions = {
    issuer: options.issuer ?? ACCESS_TOKEN_ISSUER,
    audience: options.audience ?? ACCESS_TOKEN_AUDIENCE,
    algorithms: [...ACCESS_TOKEN_ALGORITHMS],
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['exp', 'iat', 'sub'],
  };
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys, verifyOptions));
      } catch (error) {
        throw refusal(error);
      }
      const claims = AccessClaims.safeParse(payload);
      if (!claims.success) throw new AppError('unauthenticated', 'the access token lacks required claims');
      return principalFromClaims(claims.data);
    },
  };
}

// Only the reason class reaches the client; what exactly failed stays out of the answer.
function refusal(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) return new AppError('unauthenticated', 'the access token has expired');
  if (isKeySetUnavailable(error)) return new AppError('service_unavailable', 'signing keys are unavailable');
  return new AppError('unauthenticated', 'the access token is invalid');
}

// A key set that cannot be fetched is our outage, not the caller's fault: 503, so clients retry
// rather than throw their session away.
function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (!(error instanceof errors.JOSEError)) return true; // network errors from the fetch
  return error.code === 'ERR_JOSE_GENERIC'; // "Expected 200 OK from the JSON Web Key Set HTTP response"
}
