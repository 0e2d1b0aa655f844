import { EntitySchema } from '@mikro-orm/core';

/**
 * Failed sign-ins of one account, or of one unknown login (so an unknown name locks exactly like
 * a real one and a lock tells nothing about existence). Kept in the database: every replica sees it.
 */
export class SignInThrottle {
  /** `user:<id>` or `login:<tenant>:<folded login>`. */
  key!: string;
  failures = 0;
  lockedUntil: Date | null = null;
  updatedAt: Date = new Date();
}

/** One failed sign-in from an address, for the per-address sliding count. */
export class SignInFailure {
  id!: string;
  ip!: string;
  at: Date = new Date();
}

export const signInThrottleEntity = new EntitySchema<SignInThrottle>({
  class: SignInThrottle,
  tableName: 'sign_in_throttle',
  properties: {
    key: { type: 'text', primary: true },
    failures: { type: 'integer' },
    lockedUntil: { type: 'datetime', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});

export const signInFailureEntity = new EntitySchema<SignInFailure>({
  class: SignInFailure,
  tableName: 'sign_in_failure',
  properties: {
    id: { type: 'uuid', primary: true },
    ip: { type: 'text' },
    at: { type: 'datetime', index: 'sign_in_failure_at_index' },
  },
  indexes: [{ name: 'sign_in_failure_ip_index', properties: ['ip', 'at'] }],
});
