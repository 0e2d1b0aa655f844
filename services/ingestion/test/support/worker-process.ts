// A second ingestion replica for integration tests, in a plain Node process: image work (QR reading,
// orientation) runs several times slower inside jest's VM contexts, and the crash test must be able
// to SIGKILL a worker. Started by worker-process-handle.ts with the test service's environment.
import { createLogger } from '@gradeline/kit';
import { startService } from '@gradeline/runtime';
import { service } from '../../src/service';

async function main(): Promise<void> {
  const logger = createLogger({ service: 'ingestion', level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'warn' });
  const running = await startService(service, { logger });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void running.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
