import { OUTBOX_CHANNEL } from '@gradeline/db';
import { Client } from 'pg';
import { type Logger } from 'pino';

const RECONNECT_MS = 1_000;

/**
 * A dedicated connection LISTENing on the outbox channel; calls `onNotify` on every commit of
 * outbox rows. Reconnects forever, and calls `onNotify` after each (re)connect because
 * notifications sent while it was away are lost.
 */
export class OutboxListener {
  private client: Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** Clients already given up on: their late 'error'/'end' events must not start another. */
  private readonly retired = new WeakSet<Client>();

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) this.retired.add(client);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'gradeline-outbox-listener' });
    client.on('notification', () => this.onNotify());
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.onNotify();
    } catch (error) {
      this.logger.warn({ code: (error as { code?: string }).code }, 'outbox listener cannot connect; retrying');
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.retired.has(client)) return;
    this.retired.add(client);
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RECONNECT_MS);
  }
}
