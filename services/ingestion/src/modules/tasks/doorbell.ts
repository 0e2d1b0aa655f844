/**
 * Wakes every idle worker loop at once. A ring while nobody waits is kept, so a loop that was busy
 * when the work arrived looks again before sleeping.
 */
export class Doorbell {
  private waiters = new Set<() => void>();
  private rung = false;

  ring(): void {
    if (this.waiters.size === 0) this.rung = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves on the next ring, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
