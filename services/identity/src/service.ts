import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition } from '@gradeline/runtime';
import { Config } from './config';
import { entities } from './entities';
import { buildIdentity, type IdentityOverrides } from './identity';
import { Migration20261127233144_identity } from './migrations/Migration20261127233144_identity';
import { authRoutes } from './modules/auth/auth.routes';
import { rosterRoutes } from './modules/roster/roster.routes';
import { studentRoutes } from './modules/students/student.routes';
import { tenantRoutes } from './modules/tenants/tenant.routes';
import { userRoutes } from './modules/users/user.routes';

/**
 * identity: schools, accounts, passwords, sessions and access tokens, and the class roster.
 * `overrides` swap the mailer or the hasher (tests); production uses the defaults.
 */
export function identityService(overrides: IdentityOverrides = {}): ServiceDefinition<Config> {
  return {
    name: 'identity',
    config: Config,
    entities,
    migrations: [...platformMigrations, { name: 'Migration20261127233144_identity', class: Migration20261127233144_identity }],
    openapi: { title: 'Gradeline identity', description: 'Schools, accounts, sessions, access tokens and the class roster.' },
    async routes(app, deps) {
      const identity = await buildIdentity(deps, overrides);
      authRoutes(app, identity);
      const users = userRoutes(app, identity);
      tenantRoutes(app, identity, users);
      studentRoutes(app, identity, users);
      rosterRoutes(app, identity);
    },
  };
}

export const service = identityService();
