/**
 * When to try a delivery again after `attempts` failed attempts: the schedule's next wait, or null
 * once it is used up (the delivery is then failed for good).
 */
export function nextAttemptAt(now: Date, attempts: number, schedule: readonly number[]): Date | null {
  const wait = schedule[attempts - 1];
  return wait === undefined ? null : new Date(now.getTime() + wait);
}
