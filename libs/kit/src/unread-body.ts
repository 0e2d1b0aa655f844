import { type IncomingMessage } from 'node:http';

/**
 * Reads the rest of a request body nobody will use and drops it: a body left unread in its socket
 * (a stream it was piped into stopped pulling) stalls the kept-alive connection, so the next
 * request on it, or a proxy's pooled connection, never gets an answer.
 */
export function discardUnreadBody(raw: IncomingMessage): void {
  if (raw.readableEnded || raw.destroyed) return;
  raw.unpipe();
  raw.resume();
}
