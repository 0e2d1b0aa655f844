// npm run bench -- kit: what the service kit adds per request and per log line. Redacting 16 keys
// at 5 depths uses wildcard paths, which are not free; the HTTP figure compares a kit server
// (request ids, child logger, metrics histogram, problem handler) with bare fastify on the same
// zod-validated route, both through inject() so the network stays out of the numbers.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import pino from 'pino';
import { z } from 'zod';
import { createLogger, createServer } from '@gradeline/kit';
import { type Figure, type Suite, round, timed } from '../harness';

const LOG_LINES = 100_000;
const REQUESTS = 5_000;

function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

const entry = { tenantId: 't-1', copyId: 'c-1', user: { email: 'a@b.test', role: 'teacher' }, code: 'ok' };

async function perLine(log: pino.Logger): Promise<number> {
  const seconds = await timed(async () => {
    for (let i = 0; i < LOG_LINES; i += 1) log.info(entry, 'copy opened');
  });
  return (seconds / LOG_LINES) * 1e6;
}

const Params = z.object({ id: z.uuid() });
const URL = '/exams/6f1c9a4e-0000-4000-8000-000000000001';

async function perRequest(app: { inject(o: { method: 'GET'; url: string }): PromiseLike<unknown>; ready(): PromiseLike<unknown> }) {
  await app.ready();
  for (let i = 0; i < 200; i += 1) await app.inject({ method: 'GET', url: URL });
  const seconds = await timed(async () => {
    for (let i = 0; i < REQUESTS; i += 1) await app.inject({ method: 'GET', url: URL });
  });
  return (seconds / REQUESTS) * 1e6;
}

const suite: Suite = {
  name: 'kit',
  description: 'service kit overhead: redacting logger per line, kit server vs bare fastify per request',
  async run(ctx) {
    const redacting = createLogger({ service: 'bench', level: 'info', destination: sink() });
    const plain = pino({ level: 'info', base: { service: 'bench' } }, sink());
    await perLine(redacting); // warm-up
    const redactedUs = await perLine(redacting);
    const plainUs = await perLine(plain);
    ctx.log(`log line: ${round(redactedUs, 3)} µs redacting, ${round(plainUs, 3)} µs plain`);

    const kit = createServer({ service: 'bench', logger: createLogger({ service: 'bench', level: 'warn', destination: sink() }) });
    kit.get('/exams/:id', { schema: { params: Params } }, async (request) => ({ id: request.params.id }));
    const bare = Fastify().withTypeProvider<ZodTypeProvider>();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    bare.get('/exams/:id', { schema: { params: Params } }, async (request) => ({ id: request.params.id }));
    const kitUs = await perRequest(kit);
    const bareUs = await perRequest(bare);
    ctx.log(`request: ${round(kitUs, 1)} µs kit, ${round(bareUs, 1)} µs bare fastify`);
    await Promise.all([kit.close(), bare.close()]);

    return [
      { name: 'log line, redacting kit logger', value: round(redactedUs, 3), unit: 'µs', goal: '< 10 µs', met: redactedUs < 10 },
      { name: 'log line, plain pino', value: round(plainUs, 3), unit: 'µs' },
      { name: 'inject GET, kit server', value: round(kitUs, 1), unit: 'µs', goal: '< 2x bare fastify', met: kitUs < 2 * bareUs },
      { name: 'inject GET, bare fastify + zod', value: round(bareUs, 1), unit: 'µs' },
    ] satisfies Figure[];
  },
};

export default suite;
