import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

export interface Delivery {
  type: string;
  /** The event envelope Gradeline posted. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  envelope: any;
  /** Whether `X-Gradeline-Signature` is the HMAC of `<timestamp>.<body>` under the subscription's secret. */
  signed: boolean;
}

/** An integrator's endpoint: records every delivery and checks its signature (docs/webhooks.md). */
export class WebhookReceiver {
  private readonly raw: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.raw.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  /** The subscription's signing secret, known once the subscription is created. */
  secret = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gradeline`;
  }

  deliveries(): Delivery[] {
    return this.raw.map(({ headers, body }) => ({
      type: String(headers['x-gradeline-event']),
      envelope: JSON.parse(body),
      signed: verify(this.secret, headers, body),
    }));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function verify(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const timestamp = Number(headers['x-gradeline-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const given = String(headers['x-gradeline-signature'] ?? '');
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}
