/** Items taken together; call `done()` once they have been dealt with. */
export interface Batch<T> {
  items: T[];
  done(): void;
}

/**
 * Hands pulled messages to a fixed set of workers in batches, like a group commit:
 * - a full batch (`max` items) goes to a free worker at once, so a busy system runs its workers
 *   side by side on full batches;
 * - a partial batch goes out only while no other partial batch is being processed: messages that
 *   arrive meanwhile gather into the next batch instead of each taking a transaction of its own.
 *   An idle system thus handles a lone message at once, and a moderate flow in batches as large as
 *   what arrives during one transaction.
 * A worker woken by a new item also lets the current turn of the event loop finish (setImmediate),
 * so the messages of one network read land in one batch. `put` waits while `highWater` items are
 * queued, so pulling never outruns the workers.
 */
export class BatchQueue<T> {
  private items: T[] = [];
  private takers: Array<() => void> = [];
  private putters: Array<() => void> = [];
  private closed = false;
  private partialInFlight = false;

  constructor(private readonly highWater: number) {}

  async put(item: T): Promise<void> {
    this.items.push(item);
    this.takers.shift()?.();
    while (this.items.length >= this.highWater && !this.closed) await new Promise<void>((r) => this.putters.push(r));
  }

  /** Up to `max` items (see the class comment for when); undefined once closed and empty. */
  async take(max: number): Promise<Batch<T> | undefined> {
    while (this.items.length < max && (this.items.length === 0 || this.partialInFlight)) {
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.takers.push(r));
      // Woken by the first item of what may be a burst: let the rest of it be queued too.
      if (this.items.length < max) await new Promise<void>((r) => setImmediate(r));
    }
    const items = this.items.splice(0, max);
    const partial = items.length < max;
    if (partial) this.partialInFlight = true;
    this.putters.splice(0).forEach((wake) => wake());
    // Another worker may take what is left (a full batch, or a partial one if this one was full).
    if (this.items.length > 0) this.takers.shift()?.();
    let finished = false;
    return {
      items,
      done: () => {
        if (finished || !partial) return;
        finished = true;
        this.partialInFlight = false;
        this.takers.shift()?.();
      },
    };
  }

  /** Stops taking: returns what was still queued (for the caller to hand back) and wakes everyone. */
  close(): T[] {
    this.closed = true;
    const rest = this.items;
    this.items = [];
    [...this.takers.splice(0), ...this.putters.splice(0)].forEach((wake) => wake());
    return rest;
  }
}
