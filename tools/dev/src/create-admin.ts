// npm run create-admin: creates a platform admin through the identity service's script, with the
// same environment `npm start` gives it (prints a one-time password; a change is forced at first sign-in).
import { spawn } from 'node:child_process';
import { serviceEnv } from './environment';
import { resolveNats, resolvePostgres, resolveStorage } from './infrastructure';
import { hasScript, ROOT, SERVICES, tsNode } from './services';

async function main(): Promise<void> {
  if (!hasScript('identity', 'create-admin.ts')) throw new Error('the identity service does not exist in this checkout yet');
  const pg = await resolvePostgres(process.env);
  const nats = await resolveNats(process.env);
  const identity = SERVICES.find((s) => s.name === 'identity')!;
  const env = serviceEnv(identity, { postgresServerUrl: pg.serverUrl, natsUrl: nats.url, storageEnv: resolveStorage(process.env).env }, process.env);
  const { command, args } = tsNode('services/identity/src/create-admin.ts', process.argv.slice(2));
  const proc = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
  const code = await new Promise<number | null>((r) => proc.once('exit', r));
  await nats.stop();
  await pg.stop();
  process.exit(code ?? 1);
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
