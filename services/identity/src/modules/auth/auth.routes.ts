import { requirePrincipal } from '@gradeline/auth';
import {
  ChangePasswordRequest,
  ForgotPasswordRequest,
  LogoutRequest,
  RefreshRequest,
  SetPasswordRequest,
  SignInRequest,
  TokenPair,
} from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type Identity } from '../../identity';
import { PasswordService } from './password.service';
import { SignInService } from './sign-in.service';

const publicRoute = { public: true } as const;

/** /auth/*: sign-in, refresh, sign-out, password change, set-password links, forgotten passwords. */
export function authRoutes(app: KitServer, identity: Identity): void {
  const signIn = new SignInService(identity);
  const passwords = new PasswordService(identity, signIn);
  // Tokens must never sit in a browser or proxy cache.
  const noStore = { 'cache-control': 'no-store' };

  app.post('/auth/login', { config: publicRoute, schema: { body: SignInRequest, response: { 200: TokenPair } } }, async (request, reply) => {
    return reply.headers(noStore).send(await signIn.signIn(request.em, request.body, identity.origin(request)));
  });

  app.post('/auth/refresh', { config: publicRoute, schema: { body: RefreshRequest, response: { 200: TokenPair } } }, async (request, reply) => {
    return reply.headers(noStore).send(await signIn.refresh(request.em, request.body.refreshToken, identity.origin(request)));
  });

  app.post('/auth/logout', { config: { allowPasswordChange: true }, schema: { body: LogoutRequest.nullish() } }, async (request, reply) => {
    await signIn.signOut(request.em, requirePrincipal(request), request.body?.refreshToken, identity.origin(request));
    return reply.code(204).send();
  });

  app.post(
    '/auth/password',
    { config: { allowPasswordChange: true }, schema: { body: ChangePasswordRequest, response: { 200: TokenPair } } },
    async (request, reply) => {
      const tokens = await passwords.change(request.em, requirePrincipal(request), request.body, identity.origin(request));
      return reply.headers(noStore).send(tokens);
    },
  );

  app.post('/auth/set-password', { config: publicRoute, schema: { body: SetPasswordRequest } }, async (request, reply) => {
    await passwords.setWithLink(request.em, request.body, identity.origin(request));
    return reply.code(204).send();
  });

  app.post('/auth/forgot-password', { config: publicRoute, schema: { body: ForgotPasswordRequest } }, async (request, reply) => {
    await passwords.forgot(request.em, request.body, identity.origin(request));
    return reply.code(202).send();
  });

  app.get('/.well-known/jwks.json', { config: publicRoute, schema: { hide: true } }, async (_request, reply) => {
    // Verifiers cache it themselves; a short shared cache keeps a newly published key visible soon.
    return reply.header('cache-control', 'public, max-age=60').send(identity.keys.jwks);
  });
}
