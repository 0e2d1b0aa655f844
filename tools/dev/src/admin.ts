import { spawn } from 'node:child_process';
import { serviceEnv, type Platform } from './environment';
import { hasScript, ROOT, SERVICES, tsNode } from './services';

/**
 * Creates the first platform admin when none exists (identity's create-admin script with
 * --if-none). Returns its output (the login and the one-time password, printed once), or null.
 */
export async function bootstrapAdmin(platform: Platform, args: string[] = ['--if-none']): Promise<string | null> {
  if (!hasScript('identity', 'create-admin.ts')) return null;
  const identity = SERVICES.find((s) => s.name === 'identity')!;
  const { command, args: nodeArgs } = tsNode('services/identity/src/create-admin.ts', args);
  const proc = spawn(command, nodeArgs, { cwd: ROOT, env: serviceEnv(identity, platform, process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  if (code !== 0) throw new Error(`create-admin failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`);
  return out.trim() || null;
}
