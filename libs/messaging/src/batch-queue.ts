/**
 * Hands pulled messages to a fixed set of workers, each taking whatever is waiting (up to a batch)
 * at once: under load batches fill up, when idle a message goes alone without waiting.
 * `put` waits while `highWater` items are queued, so pulling never outruns the workers.
 */
export class BatchQueue<T> {
  private items: T[] = [];
  private takers: Array<() => void> = [];
  private putters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly highWater: number) {}

  async put(item: T): Promise<void> {
    this.items.push(item);
    this.takers.shift()?.();
    while (this.items.length >= this.highWater && !this.closed) await new Promise<void>((r) => this.putters.push(r));
  }

  /** Up to `max` items, waiting for one if none is queued; undefined once closed and empty. */
  async take(max: number): Promise<T[] | undefined> {
    while (this.items.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.takers.push(r));
    }
    const batch = this.items.splice(0, max);
    this.putters.splice(0).forEach((wake) => wake());
    return batch;
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
