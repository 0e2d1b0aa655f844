import { createInbox, headers as natsHeaders, type Msg, type Subscription } from '@nats-io/nats-core';
import { type Bus } from './bus';

/** One message for a JetStream stream, de-duplicated by `msgId` (`Nats-Msg-Id`). */
export interface Publication {
  subject: string;
  payload: string;
  msgId: string;
  headers: Record<string, string> | null;
}

/** Why a PubAck reply is not a stored (or duplicate-dropped) message, or null when it is one. */
function pubAckError(msg: Msg): Error | null {
  // 503: nothing listens on the subject (no stream captures it).
  if (msg.headers?.hasError) return new Error(`no stream answered (${msg.headers.code} ${msg.headers.description})`);
  try {
    const ack = JSON.parse(msg.string()) as { stream?: string; seq?: number; error?: { description?: string } };
    if (ack.error) return new Error(ack.error.description ?? 'JetStream refused the message');
    if (!ack.stream || typeof ack.seq !== 'number') return new Error('invalid PubAck');
    return null;
  } catch {
    return new Error('invalid PubAck');
  }
}

/**
 * Publishes batches to JetStream with every PubAck arriving on one reply subscription and one
 * timer per batch. `js.publish` makes a request per message (a mux entry, its own timer, and a
 * cancellation error with a stack trace built after every reply): about a third of a busy
 * relay's CPU. Same guarantees: a message counts as published only on its PubAck (a duplicate
 * dropped by JetStream is one); no reply within the timeout is a failure.
 */
export class PubAckPublisher {
  private readonly prefix = `${createInbox()}.`;
  private readonly waiting = new Map<string, (error: Error | null) => void>();
  private subscription: Subscription | undefined;
  private next = 0;

  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs: number,
  ) {}

  /** Publishes all at once; resolves, in order, with null for each stored message or its error. */
  async publishAll(items: Publication[]): Promise<Array<Error | null>> {
    this.subscription ??= this.bus.nc.subscribe(`${this.prefix}*`, { callback: (_error, msg) => this.settle(msg) });
    const results = new Array<Error | null>(items.length).fill(null);
    const tokens: string[] = [];
    const acked = items.map(
      (item, i) =>
        new Promise<void>((resolve) => {
          const token = (this.next++).toString(36);
          tokens.push(token);
          this.waiting.set(token, (error) => {
            results[i] = error;
            resolve();
          });
          this.send(item, token);
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(acked), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs)))]);
    clearTimeout(timer);
    for (const [i, token] of tokens.entries()) {
      if (!this.waiting.delete(token)) continue;
      results[i] = new Error(`no PubAck within ${this.timeoutMs} ms`);
    }
    return results;
  }

  /** Stops listening for PubAcks (a late one is then ignored: its row is retried, and de-duplicated). */
  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private send(item: Publication, token: string): void {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(item.headers ?? {})) h.set(key, value);
    h.set('Nats-Msg-Id', item.msgId);
    try {
      this.bus.nc.publish(item.subject, item.payload, { reply: this.prefix + token, headers: h });
    } catch (error) {
      this.settleToken(token, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private settle(msg: Msg): void {
    this.settleToken(msg.subject.slice(this.prefix.length), pubAckError(msg));
  }

  private settleToken(token: string, error: Error | null): void {
    const done = this.waiting.get(token);
    if (!done) return;
    this.waiting.delete(token);
    done(error);
  }
}
