import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@gradeline/db';
import { SignInFailure, SignInThrottle } from './throttle.entity';

export interface ThrottleSettings {
  /** Failures before the first lock. */
  lockAfter: number;
  /** First lock; each further failure doubles it, up to `lockMaxMs`. */
  lockBaseMs: number;
  lockMaxMs: number;
  /** Failed sign-ins one address may make within `ipWindowMs`. */
  ipMaxFailures: number;
  ipWindowMs: number;
}

/** Failures older than this start the count again (a forgotten password a month ago is not a threat). */
const FORGET_AFTER_MS = 24 * 3_600_000;

/** The lock after the n-th consecutive failure: none before `lockAfter`, then base, 2×, 4× … capped. */
export function lockDurationMs(failures: number, settings: ThrottleSettings): number {
  if (failures < settings.lockAfter) return 0;
  const doublings = Math.min(failures - settings.lockAfter, 30);
  return Math.min(settings.lockBaseMs * 2 ** doublings, settings.lockMaxMs);
}

/**
 * Sign-in throttling kept in the database, so every replica sees the same counts: per account (or
 * unknown login) a growing lock, per address a sliding count of failures.
 */
export class SignInThrottling {
  constructor(private readonly settings: ThrottleSettings) {}

  /** Seconds until this address may try again, or null. */
  async addressWait(em: EntityManager, ip: string, now: Date): Promise<number | null> {
    const since = new Date(now.getTime() - this.settings.ipWindowMs);
    const [row] = await em
      .getConnection()
      .execute<{ n: number; oldest: Date | null }[]>('select count(*)::int as n, min("at") as oldest from sign_in_failure where ip = ? and "at" > ?', [ip, since]);
    if (!row || row.n < this.settings.ipMaxFailures || !row.oldest) return null;
    return Math.max(1, Math.ceil((new Date(row.oldest).getTime() + this.settings.ipWindowMs - now.getTime()) / 1000));
  }

  /** Seconds until this account (or unknown login) may try again, or null. */
  async accountWait(em: EntityManager, key: string, now: Date): Promise<number | null> {
    const row = await em.findOne(SignInThrottle, { key });
    if (!row?.lockedUntil || row.lockedUntil <= now) return null;
    return Math.max(1, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
  }

  /** Counts a failure for the key and the address, atomically (concurrent failures all count). */
  async recordFailure(em: EntityManager, key: string, ip: string, now: Date): Promise<void> {
    const connection = em.getConnection();
    const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
    const [row] = await connection.execute<{ failures: number }[]>(
      `insert into sign_in_throttle (key, failures, locked_until, updated_at) values (?, 1, null, ?)
       on conflict (key) do update set
         failures = case when sign_in_throttle.updated_at < ? then 1 else sign_in_throttle.failures + 1 end,
         updated_at = excluded.updated_at
       returning failures`,
      [key, now, forgetBefore],
    );
    const lockMs = lockDurationMs(row?.failures ?? 1, this.settings);
    if (lockMs > 0) await connection.execute('update sign_in_throttle set locked_until = ? where key = ?', [new Date(now.getTime() + lockMs), key]);
    await connection.execute('delete from sign_in_failure where "at" <= ?', [new Date(now.getTime() - this.settings.ipWindowMs)]);
    em.persist(Object.assign(new SignInFailure(), { id: randomUUID(), ip, at: now }));
  }

  /** A successful sign-in forgets the account's failures (the address's stay: they are not its own). */
  async clear(em: EntityManager, key: string): Promise<void> {
    await em.nativeDelete(SignInThrottle, { key });
  }
}
