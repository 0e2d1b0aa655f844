import rateLimit from '@fastify/rate-limit';
import { AppError, type KitServer } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Redis } from 'ioredis';
import { type Config } from '../../config';

/**
 * The limit classes: every request per client address, every authenticated request per user,
 * and the stricter ones for sign-in attempts (per address) and uploads (per user).
 */
export type LimitClass = 'ip' | 'user' | 'auth' | 'upload';

type Check = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number; max: number }>;

const MINUTE = 60_000;

/** Counts requests in fixed windows, in Redis (shared by every replica) or in memory. */
export class RateLimits {
  constructor(private readonly checks: Record<LimitClass, Check>) {}

  /** Counts this request in the class; over the limit → 429 `rate_limited` with Retry-After. */
  async enforce(kind: LimitClass, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await this.checks[kind](request);
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('x-ratelimit-limit', result.max);
    request.log.info({ limit: kind }, 'rate limit reached');
    throw new AppError('rate_limited', 'too many requests; retry later', { retryAfterSeconds: Math.max(1, result.ttlInSeconds) });
  }
}

function userKey(request: FastifyRequest): string {
  // Only reached once a principal is known; the address is a safe fallback all the same.
  return request.principal?.userId ?? `ip:${request.ip}`;
}

/**
 * Registers @fastify/rate-limit (no global hook: the gateway decides which classes apply where)
 * and returns the four limiters. A Redis outage lets requests through (logged by the plugin's
 * skipOnError) rather than taking the whole platform down with it.
 */
export async function createRateLimits(app: KitServer, config: Config, redis: Redis | undefined): Promise<RateLimits> {
  await app.register(rateLimit, { global: false, redis, nameSpace: config.RATE_LIMIT_PREFIX, skipOnError: true });
  const limiter = (prefix: string, max: number, timeWindow: number, key: (r: FastifyRequest) => string): Check =>
    app.createRateLimit({ max, timeWindow, keyGenerator: (request) => `${prefix}:${key(request)}` }) as Check;
  const ip = (request: FastifyRequest) => request.ip;
  return new RateLimits({
    ip: limiter('ip', config.RATE_LIMIT_IP_PER_MINUTE, MINUTE, ip),
    user: limiter('user', config.RATE_LIMIT_USER_PER_MINUTE, MINUTE, userKey),
    auth: limiter('auth', config.RATE_LIMIT_AUTH_PER_MINUTE, MINUTE, ip),
    upload: limiter('upload', config.RATE_LIMIT_UPLOAD_PER_HOUR, 60 * MINUTE, userKey),
  });
}
