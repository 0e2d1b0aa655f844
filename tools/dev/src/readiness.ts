import { type ServiceName } from './services';

/** Polls each service's /health/ready until it answers 200; returns the ones still not ready. */
export async function waitUntilReady(services: Array<{ name: ServiceName; port: number }>, timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Map(services.map((s) => [s.name, s.port]));
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [name, port] of [...pending]) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (res.ok) pending.delete(name);
      } catch {
        // not listening yet
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 300));
  }
  return [...pending.keys()];
}
