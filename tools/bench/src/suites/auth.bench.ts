// npm run bench -- auth: what verifying an access token costs each request (every service verifies
// every request itself). Keys come from a local JWKS server the verifier has already cached, so
// the figure is the signature check plus the claims contract, not the network.
import { createJwtVerifier } from '@gradeline/auth';
import { createTestIssuer } from '@gradeline/auth/testing';
import { type Figure, type Suite, round, timed } from '../harness';

const TOKENS = 200;
const VERIFICATIONS = 5_000;

const suite: Suite = {
  name: 'auth',
  description: 'Access-token verification per algorithm (cached JWKS)',
  async run(ctx) {
    const figures: Figure[] = [];
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const issuer = await createTestIssuer({ alg });
      try {
        const verifier = createJwtVerifier({ jwksUrl: issuer.jwksUrl });
        const tokens = await Promise.all(Array.from({ length: TOKENS }, () => issuer.sign({ role: 'teacher' })));
        await verifier.verify(tokens[0]!); // fetch the key set once
        ctx.log(`${alg}: ${VERIFICATIONS} verifications`);
        const seconds = await timed(async () => {
          for (let i = 0; i < VERIFICATIONS; i += 1) await verifier.verify(tokens[i % TOKENS]!);
        });
        figures.push({
          name: `verify ${alg}`,
          value: round((seconds / VERIFICATIONS) * 1e6, 1),
          unit: 'µs/token',
          notes: `${round(VERIFICATIONS / seconds, 0)} tokens/s on one core; ${issuer.fetchCount} JWKS fetch`,
        });
      } finally {
        await issuer.close();
      }
    }
    return figures;
  },
};

export default suite;
