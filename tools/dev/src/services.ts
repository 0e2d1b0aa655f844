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
