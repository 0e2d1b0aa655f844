import fs from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestIssuer, type TestIssuer } from '@gradeline/auth/testing';
import { type TokenPair } from '@gradeline/contracts';
import { type JWK } from 'jose';
import { createLogger } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { startTestService, type TestService } from '@gradeline/runtime/testing';
import { type IdentityOverrides } from '../../src/identity';
import { type Config } from '../../src/config';
import { Argon2Hasher } from '../../src/modules/auth/password-hasher';
import { generatePrivateJwk, signingKeysFrom } from '../../src/modules/sessions/signing-keys';
import { createPlatformAdmin } from '../../src/modules/users/platform-admin';
import { identityService } from '../../src/service';

export type Headers = Record<string, string>;

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  overrides?: IdentityOverrides;
  /** The service's private signing keys (default: one fresh Ed25519 key). */
  keys?: JWK[];
}

/** A clock tests can move forward (lock expiry, link expiry) without waiting. */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface School {
  tenantId: string;
  code: string;
  admin: Headers;
  adminId: string;
}

/**
 * A real identity service for a test file: its own database and NATS namespace, its own signing
 * key, mails in a temp folder and every log line captured. Its verifier trusts both its own key and
 * the platform's test issuer (JWKS served here), so `svc.as()` tokens and real sign-ins both work.
 */
export class IdentityTest {
  readonly logs: string[] = [];
  svc!: TestService<Config>;
  mailDir!: string;
  private issuer!: TestIssuer;
  private jwksServer!: Server;
  private counter = 0;

  static async start(options: StartOptions = {}): Promise<IdentityTest> {
    const test = new IdentityTest();
    await test.boot(options);
    return test;
  }

  private async boot({ env = {}, clock, overrides, keys }: StartOptions): Promise<void> {
    this.issuer = await createTestIssuer();
    const privateJwks = keys ?? [await generatePrivateJwk()];
    const own = await signingKeysFrom(privateJwks);
    this.jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [...this.issuer.jwks.keys, ...own.jwks.keys] }));
    });
    await new Promise<void>((resolve) => this.jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = this.jwksServer.address() as AddressInfo;
    this.mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-identity-mail-'));
    const logger = createLogger({ service: 'identity', level: 'debug', destination: { write: (line: string) => void this.logs.push(line) } });
    this.svc = await startTestService(identityService(overrides), {
      issuer: this.issuer,
      logger,
      clock,
      env: { JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, JWT_PRIVATE_KEYS: JSON.stringify(privateJwks), MAIL_DIR: this.mailDir, ...env },
    });
  }

  async close(): Promise<void> {
    await this.svc.close();
    await this.issuer.close();
    await new Promise((resolve) => this.jwksServer.close(resolve));
    await fs.rm(this.mailDir, { recursive: true, force: true });
  }

  /** A fresh client address, so throttling of one test never touches another. */
  ip(): string {
    this.counter += 1;
    return `198.51.100.${this.counter}`;
  }

  async inject(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: { headers?: Headers; body?: unknown } = {}) {
    return this.svc.app.inject({ method, url, headers: { 'x-forwarded-for': '203.0.113.1', ...options.headers }, payload: options.body as never });
  }

  async signIn(tenant: string | undefined, login: string, password: string, ip = '203.0.113.1'): Promise<TokenPair> {
    const res = await this.inject('POST', '/auth/login', { body: { tenant, login, password }, headers: { 'x-forwarded-for': ip } });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    return res.json<TokenPair>();
  }

  /** The platform admin, past the forced change: bearer headers. */
  async platformAdmin(username = 'root'): Promise<{ headers: Headers; password: string }> {
    const created = await createPlatformAdmin(this.svc.deps.orm.em.fork(), { hasher: new Argon2Hasher(), audit: this.svc.deps.audit, now: new Date() }, { username, ifNone: false });
    const first = await this.signIn(undefined, username, created!.password);
    const password = 'a platform admin passphrase';
    const changed = await this.inject('POST', '/auth/password', { headers: bearer(first.accessToken), body: { currentPassword: created!.password, newPassword: password } });
    if (changed.statusCode !== 200) throw new Error(`password change failed: ${changed.body}`);
    return { headers: bearer(changed.json<TokenPair>().accessToken), password };
  }

  /** A school whose first admin chose a password through the link shown to the platform admin. */
  async school(platform: Headers, code: string): Promise<School> {
    const res = await this.inject('POST', '/tenants', { headers: platform, body: { code, name: `Collège ${code}`, admin: { username: 'principal', displayName: 'Ada Principal' } } });
    if (res.statusCode !== 201) throw new Error(`school creation failed: ${res.body}`);
    const created = res.json<{ tenant: { id: string }; admin: { id: string }; invitation: { url: string } }>();
    await this.setPassword(created.invitation.url, 'principal passphrase 1');
    const tokens = await this.signIn(code, 'principal', 'principal passphrase 1');
    return { tenantId: created.tenant.id, code, admin: bearer(tokens.accessToken), adminId: created.admin.id };
  }

  /** A staff account (teacher or admin) that has set its password: its bearer headers and id. */
  async staff(school: School, role: 'admin' | 'teacher', username: string): Promise<{ headers: Headers; id: string; password: string }> {
    const res = await this.inject('POST', '/users', { headers: school.admin, body: { username, displayName: `Staff ${username}`, role, delivery: 'link' } });
    if (res.statusCode !== 201) throw new Error(`user creation failed: ${res.body}`);
    const created = res.json<{ user: { id: string }; invitation: { url: string } }>();
    const password = `${username} passphrase 1`;
    await this.setPassword(created.invitation.url, password);
    return { headers: bearer((await this.signIn(school.code, username, password)).accessToken), id: created.user.id, password };
  }

  async setPassword(url: string, password: string): Promise<number> {
    const res = await this.inject('POST', '/auth/set-password', { body: { token: tokenOf(url), password } });
    return res.statusCode;
  }

  /** The mails written so far (raw RFC 822 text), oldest first. */
  async mails(): Promise<string[]> {
    const names = (await fs.readdir(this.mailDir)).sort();
    return Promise.all(names.map((n) => fs.readFile(path.join(this.mailDir, n), 'utf8')));
  }
}

export function bearer(token: string): Headers {
  return { authorization: `Bearer ${token}` };
}

export function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token')!;
}

/** The set-password link in a mail (quoted-printable soft breaks undone). */
export function linkIn(mail: string): string {
  const unfolded = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]+/.exec(unfolded)![0];
}
