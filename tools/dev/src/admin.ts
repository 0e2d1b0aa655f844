import { spawn } from 'node:child_process';
import { serviceEnv, type Platform } from './environment';
import { hasScript, ROOT, SERVICES, tsNode } from './services';

/**
 * Creates the first platform admin when none exists (identity's create-admin script with
 * --if-none). Returns what to show the user: the login and the one-time password, printed once.
 */
export async function bootstrapAdmin(platform: Platform): Promise<string | null> {
  if (!hasScript('identity', 'create-admin.ts')) return null;
  const identity = SERVICES.find((s) => s.name === 'identity')!;
  const { command, args } = tsNode('services/identity/src/create-admin.ts', ['--if-none']);
  const proc = spawn(command, args, { cwd: ROOT, env: serviceEnv(identity, platform, process.env), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  if (code !== 0) return '⚠ could not create the first admin (see above); run `npm run create-admin`.';
  return out.trim() || null;
}
