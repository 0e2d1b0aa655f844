import { randomInt } from 'node:crypto';
import http from 'node:http';

/** What the gateway answered: status, headers and the raw body (parsed on demand). */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  // The journey reads answers loosely, as a browser client would; the services' own tests check shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  /** A version as the ETag carries it ("3") or as a number. */
  ifMatch?: string | number;
  headers?: Record<string, string>;
}

// Each person of the journey calls from their own loopback address, as people on their own devices
// do: the gateway's per-address limits (10 sign-ins a minute) then count each person separately.
// The first two octets are random so parallel runs sharing a Redis never share counters.
const network = `127.${randomInt(1, 255)}.${randomInt(1, 255)}`;
/** Longer than any step should wait for one answer; shorter than a step's own timeout (120 s). */
const REQUEST_TIMEOUT_MS = 60_000;
let nextHost = 1;

/** One person's HTTP client of the public API: their own address, their bearer token once signed in. */
export class Client {
  readonly address: string;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null = null,
    address?: string,
  ) {
    this.address = address ?? `${network}.${nextHost++}`;
  }

  /** The same person (same address) carrying an access token. */
  withToken(token: string): Client {
    return new Client(this.baseUrl, token, this.address);
  }

  /** `path` under /api/v1 (with or without the prefix), or an absolute URL (signed file links). */
  request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const url = new URL(path.startsWith('http') ? path : `${this.baseUrl}${path.startsWith('/api/v1/') ? '' : '/api/v1'}${path}`);
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.ifMatch !== undefined) headers['if-match'] = etag(options.ifMatch);
    let body = options.body;
    if (options.json !== undefined) {
      body = Buffer.from(JSON.stringify(options.json));
      headers['content-type'] = 'application/json';
    }
    if (options.contentType) headers['content-type'] = options.contentType;
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, localAddress: this.address }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(reply(res, Buffer.concat(chunks))));
      });
      // A request left without an answer fails naming itself, instead of the step's jest timeout.
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  get(path: string, options?: RequestOptions): Promise<Reply> {
    return this.request('GET', path, options);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<Reply> {
    return this.request('POST', path, { ...options, json: json ?? options.json });
  }

  put(path: string, json: unknown, options: RequestOptions = {}): Promise<Reply> {
    return this.request('PUT', path, { ...options, json });
  }

  patch(path: string, json: unknown, options: RequestOptions = {}): Promise<Reply> {
    return this.request('PATCH', path, { ...options, json });
  }
}

function etag(version: string | number): string {
  const text = String(version);
  return text.startsWith('"') ? text : `"${text}"`;
}

function reply(res: http.IncomingMessage, body: Buffer): Reply {
  const text = body.toString('utf8');
  let json: unknown;
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body,
    text,
    get json() {
      json ??= text ? JSON.parse(text) : null;
      return json;
    },
  };
}

/** A multipart/form-data body holding one file, as a browser's file input sends it. */
export function formFile(field: string, fileName: string, type: string, data: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----gradeline-e2e-${randomInt(1e9)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
