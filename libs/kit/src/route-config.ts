declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no bearer token (health, metrics, sign-in, signed file links). */
    public?: boolean;
    /** The route also accepts a token that is only good for changing the password. */
    allowPasswordChange?: boolean;
  }
}

/** Route options of infrastructure routes: public, hidden from the OpenAPI document, quiet logs. */
export const INFRASTRUCTURE_ROUTE = { config: { public: true }, schema: { hide: true }, logLevel: 'warn' } as const;
