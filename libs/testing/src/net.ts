import http from 'node:http';
import net from 'node:net';

/** True when something accepts TCP connections at host:port within the timeout. */
export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Host and port of a URL such as postgres://user@host:5432/db or nats://host:4222. */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : defaultPort };
}

/**
 * POSTs a body through `agent` (a kept-alive socket, say) and tells how it went: `<status> <code>`
 * of a JSON answer (its problem code), or `failed: <why>` when there was none within `timeoutMs`.
 */
export function postForAnswer(url: string, agent: http.Agent, headers: Record<string, string>, body: Buffer, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(`${res.statusCode} ${(JSON.parse(text) as { code?: string }).code}`));
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error) => resolve(`failed: ${error.message}`));
    request.end(body);
  });
}
