// Requests the S3 adapter sends again when they fail on a transient error. The commonest is a reset
// on a reused keep-alive connection that the server closed while it sat idle (the request never
// reached it); S3 also answers "slow down" or "internal error" to be retried. Every retried request
// is replayable: a body held in memory, a part (PUTting one twice is harmless), a read or a delete.

/** Waits before each retry; its length is the number of retries. */
export const RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 4_000];

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
]);

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

export async function retryTransient<T>(call: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= delays.length || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
