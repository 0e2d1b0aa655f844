import { hash, verify } from '@node-rs/argon2';
import { randomPassword } from '../shared/secrets';

/** argon2id cost: OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane); see the README. */
export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const ARGON2_PARAMETERS: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// @node-rs/argon2 declares Algorithm as a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** A stored hash made with other parameters is replaced at the next successful sign-in. */
  needsRehash(passwordHash: string): boolean;
  /** Costs what a real verify costs, for people who do not exist (no timing difference). */
  verifyNobody(password: string): Promise<false>;
}

export class Argon2Hasher implements PasswordHasher {
  private readonly prefix: string;
  private dummy: Promise<string> | undefined;

  constructor(private readonly parameters: Argon2Parameters = ARGON2_PARAMETERS) {
    const { memoryCost: m, timeCost: t, parallelism: p } = parameters;
    this.prefix = `$argon2id$v=19$m=${m},t=${t},p=${p}$`;
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.parameters, algorithm: ARGON2ID as never });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash must never let anyone in
    }
  }

  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith(this.prefix);
  }

  async verifyNobody(password: string): Promise<false> {
    this.dummy ??= this.hash(randomPassword());
    await this.verify(await this.dummy, password);
    return false;
  }
}
