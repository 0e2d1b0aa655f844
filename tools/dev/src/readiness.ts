import type { ServiceSpec } from './services';

/** Polls each service's /health/ready until it answers 200, for at most `timeoutMs`. */
export async function waitUntilReady(services: ServiceSpec[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services.map((s) => s.name));
  while (pending.size > 0 && Date.now() < deadline) {
    for (const s of services.filter((x) => pending.has(x.name))) {
      try {
        const res = await fetch(`http://127.0.0.1:${s.port}/health/ready`);
        if (res.ok) pending.delete(s.name);
      } catch {
        // not listening yet
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (pending.size > 0) console.warn(`⚠ not ready after ${timeoutMs / 1000}s: ${[...pending].join(', ')}`);
}
