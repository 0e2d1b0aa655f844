import { Agent, request } from 'undici';
import { guardedLookup, type TargetPolicy } from './target-guard';

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What became of one attempt: the status when the target answered, else why not. */
export type SendOutcome = { status: number } | { error: 'timeout' | 'connection_failed' | 'target_refused' };

/** Sends one webhook request; a port, so the worker's rules can be tested without a network. */
export interface WebhookSender {
  send(request: SendRequest): Promise<SendOutcome>;
  close(): Promise<void>;
}

/**
 * POSTs over undici with a deadline. Connections resolve through the SSRF guard (a host cannot be
 * re-pointed at an internal address after it was checked); redirects are not followed.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly agent: Agent;

  constructor(
    policy: TargetPolicy,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({ connect: { lookup: guardedLookup(policy), timeout: timeoutMs }, keepAliveTimeout: 10_000 });
  }

  async send(input: SendRequest): Promise<SendOutcome> {
    try {
      const answer = await request(input.url, {
        method: 'POST',
        headers: input.headers,
        body: input.body,
        dispatcher: this.agent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await answer.body.dump({ limit: 64 * 1024 });
      return { status: answer.statusCode };
    } catch (error) {
      return { error: classify(error) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function classify(error: unknown): 'timeout' | 'connection_failed' | 'target_refused' {
  const { code, name, cause } = (error ?? {}) as { code?: string; name?: string; cause?: { code?: string } };
  if (code === 'ETARGETREFUSED' || cause?.code === 'ETARGETREFUSED') return 'target_refused';
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return 'timeout';
  }
  return 'connection_failed';
}
