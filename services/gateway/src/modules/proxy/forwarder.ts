import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { AppError, discardUnreadBody, injectTraceContext } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { BodyTooLarge, ByteLimit, declaredLength } from './body-limit';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers';
import { type Upstream } from './upstreams';

export interface ForwardTarget {
  upstream: Upstream | undefined;
  /** Path and query on the upstream. */
  path: string;
  /** Largest body accepted on this route, in bytes. */
  bodyLimit: number;
}

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Bodies up to this size go to the upstream as the client's own stream (they fit in the sockets' buffers). */
const SMALL_BODY_BYTES = 256 * 1024;

/** Answers up to this size, with a declared length, are read whole before they are sent on. */
export const WHOLE_ANSWER_MAX_BYTES = 64 * 1024;

/**
 * Whether an upstream answer is read whole and sent as one buffer instead of piped: small JSON
 * answers (every write, most reads) cost the gateway ~40 µs of CPU less each that way (a stream
 * pipe per answer: its events, end-of-stream tracking and garbage), and reach the client in one
 * write either way. Files, exports and anything without a declared length stay streamed.
 */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readWhole(method: string, answer: { statusCode: number; headers: Record<string, string | string[] | undefined> }): boolean {
  if (method === 'HEAD' || answer.statusCode === 204 || answer.statusCode === 304) return false;
  const length = declaredLength(answer.headers['content-length'] as string | undefined);
  return length !== undefined && length <= WHOLE_ANSWER_MAX_BYTES;
}

function tooLarge(reply: FastifyReply, limit: number): AppError {
  // The rest of the body is not read: the connection cannot be reused.
  reply.header('connection', 'close');
  return new AppError('payload_too_large', `the request body exceeds ${limit} bytes`);
}

/**
 * Streams a request to its upstream and the answer back (a small answer with a declared length is
 * read whole first: see readWhole); a request body is never buffered. A body over
 * the route's limit is refused before forwarding when its length is declared, and cut off (the
 * upstream sees the request aborted) when it is chunked.
 */
export class Forwarder {
  constructor(private readonly timeoutMs: number) {}

  async forward(request: FastifyRequest, reply: FastifyReply, target: ForwardTarget): Promise<FastifyReply> {
    const { upstream } = target;
    if (!upstream) throw new AppError('upstream_unavailable', 'this service is not available', { retryAfterSeconds: 30 });
    const { body, limiter, relay } = this.body(request, reply, target.bodyLimit);
    const cut = relay ? new AbortController() : undefined;
    const headers = upstreamRequestHeaders(request.headers, {
      requestId: request.id,
      clientIp: request.ip,
      proto: request.protocol,
      host: request.headers.host,
      traceHeaders: injectTraceContext({}),
    });
    try {
      const answer = await upstream.pool.request({
        path: target.path,
        method: request.method as 'GET',
        headers,
        body,
        headersTimeout: this.timeoutMs,
        signal: cut?.signal,
      });
      // Read before anything is set on the reply: an upstream failing mid-answer gets the 503 below.
      const whole = readWhole(request.method, answer);
      const answerBody = whole ? asBuffer(await answer.body.bytes()) : answer.body;
      if (whole && relay && cut && !request.raw.readableEnded) dropUnsentBody(request, relay, cut);
      return reply.code(answer.statusCode).headers(clientResponseHeaders(answer.headers)).send(answerBody);
    } catch (error) {
      if (limiter?.exceeded || error instanceof BodyTooLarge) throw tooLarge(reply, target.bodyLimit);
      // The client went away first (its stream ended the upstream call): nobody is left to answer.
      if (request.raw.destroyed) return reply;
      request.log.warn({ upstream: upstream.service, code: (error as { code?: string }).code ?? 'error' }, 'upstream request failed');
      throw new AppError('upstream_unavailable', 'the service did not answer', { retryAfterSeconds: 5 });
    }
  }

  /** The body to send on; `relay` is the stream of ours it flows through, when it may be large. */
  private body(request: FastifyRequest, reply: FastifyReply, limit: number): { body?: Readable; limiter?: ByteLimit; relay?: Duplex } {
    const declared = declaredLength(request.headers['content-length']);
    const chunked = request.headers['transfer-encoding'] !== undefined;
    if (NO_BODY.has(request.method) && !chunked && !declared) return {};
    if (declared !== undefined && !chunked) {
      if (declared > limit) throw tooLarge(reply, limit);
      // Node's parser stops at the declared length: nothing to count.
      if (declared === 0) return {};
      if (declared <= SMALL_BODY_BYTES) return { body: request.raw };
      const relay = new PassThrough();
      request.raw.pipe(relay);
      return { body: relay, relay };
    }
    const limiter = new ByteLimit(limit);
    request.raw.pipe(limiter);
    return { body: limiter, limiter, relay: limiter };
  }
}

/**
 * The service answered before reading the whole body (an upload refused at once) and may read no
 * more: the rest is no longer sent (the upstream request is aborted, which closes its connection,
 * left mid-request) but read from the client and dropped, so that the answer reaches it and its
 * connection stays usable. Left alone, both connections stalled on the unread bytes.
 */
function dropUnsentBody(request: FastifyRequest, relay: Duplex, cut: AbortController): void {
  cut.abort();
  relay.destroy();
  discardUnreadBody(request.raw);
}
