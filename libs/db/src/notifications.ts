import { Client } from 'pg';

export interface NotificationListenerOptions {
  url: string;
  /** A PostgreSQL identifier: lower-case letters, digits and underscores. */
  channel: string;
  /** Called on each notification, and once after every (re)connection: what was sent while away is lost. */
  onNotify: () => void;
  /** A lost or refused connection (it is retried after `retryMs`). */
  onError?: (error: unknown) => void;
  retryMs?: number;
}

export interface NotificationListener {
  /** Resolves once the first LISTEN is in place (or the first attempt failed: it is retried). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** `select pg_notify(channel, '')` inside a transaction: delivered to listeners when it commits. */
export function notifySql(channel: string): string {
  return `select pg_notify('${checkedChannel(channel)}', '')`;
}

function checkedChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: "${channel}"`);
  return channel;
}

/**
 * LISTENs on a PostgreSQL channel over a connection of its own (LISTEN holds it for as long as it
 * listens). Every replica of a service hears a NOTIFY committed by any of them, so a worker learns
 * of new work without polling for it. A dropped connection is reopened after `retryMs`.
 */
export function listenForNotifications(options: NotificationListenerOptions): NotificationListener {
  const channel = checkedChannel(options.channel);
  const retryMs = options.retryMs ?? 1_000;
  let client: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const lost = (error: unknown) => {
    options.onError?.(error);
    const broken = client;
    client = undefined;
    void broken?.end().catch(() => undefined);
    if (!closed) retry ??= setTimeout(connect, retryMs);
  };

  async function connect(): Promise<void> {
    retry = undefined;
    if (closed) return;
    const next = new Client({ connectionString: options.url, application_name: `listen:${channel}` });
    next.on('notification', () => options.onNotify());
    next.on('error', lost);
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      markReady();
      if (closed) return void next.end().catch(() => undefined);
      client = next;
      return lost(error);
    }
    if (closed) return void next.end().catch(() => undefined);
    client = next;
    next.on('end', () => client === next && lost(new Error('the notification connection ended')));
    markReady();
    options.onNotify();
  }

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retry);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
