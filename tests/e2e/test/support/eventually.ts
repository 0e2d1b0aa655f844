/**
 * Polls `check` until it returns a value (anything but undefined, null or false) and returns it;
 * fails naming `what` (and what `explain` says about the last state) once `timeoutMs` has passed.
 * The processes work through events, so what one person did shows up for another a moment later.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, intervalMs = 250, explain }: { timeoutMs?: number; intervalMs?: number; explain?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `: ${explain()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
