import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const DATA = path.join(ROOT, '.data');

/** Every deployable and the port it listens on locally; the gateway is the front door. */
export const SERVICES = [
  { name: 'identity', port: 8081 },
  { name: 'exam', port: 8082 },
  { name: 'ingestion', port: 8083 },
  { name: 'ocr', port: 8084 },
  { name: 'grading', port: 8085 },
  { name: 'export', port: 8086 },
  { name: 'gateway', port: 8080 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];
export type ServiceSpec = (typeof SERVICES)[number];

export const GATEWAY_PORT = 8080;

/**
 * Process settings a service needs wherever it runs: npm start and the benches take them from
 * here, the Helm chart (values.yaml) and docker-compose.yml set the same. Ingestion's heap is
 * capped so that V8 collects the garbage of its pages instead of growing the heap with the batch
 * (peak RSS of 2,000 against 100 pages: 1.23-1.27× without, 1.07× with; docs/ingestion.md), and
 * glibc keeps two malloc arenas for libvips's threads instead of one per thread.
 */
export const PROCESS_ENV: Partial<Record<ServiceName, Record<string, string>>> = {
  ingestion: { NODE_OPTIONS: '--max-old-space-size=256', MALLOC_ARENA_MAX: '2' },
};

/** The services that exist in this checkout (a service exists once it has src/main.ts). */
export function presentServices(): ServiceSpec[] {
  return SERVICES.filter((s) => fs.existsSync(path.join(ROOT, 'services', s.name, 'src', 'main.ts')));
}

export function hasScript(service: string, file: string): boolean {
  return fs.existsSync(path.join(ROOT, 'services', service, 'src', file));
}

/** How to run a TypeScript entry point of the repository from its sources. */
export function tsNode(entry: string, args: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--conditions=gradeline-source', '--import', 'tsx', entry, ...args] };
}
