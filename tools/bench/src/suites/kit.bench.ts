// npm run bench -- kit: what the service kit adds per request and per log line. The log figure is
// the any-depth scrubbing of secrets and personal fields (pino's wildcard redact paths for the same
// coverage measured ~16x a plain line); the HTTP figure compares a kit server (request ids, child
// logger, metrics histogram, problem handler) with bare fastify on the same zod-validated route,
// both through inject() so the network stays out. Contenders alternate in rounds, so a busy
// machine skews both alike.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import pino from 'pino';
import { z } from 'zod';
import { createLogger, createServer } from '@gradeline/kit';
import { type Figure, type Suite, round, timed } from '../harness';

const LOG_LINES = 50_000;
const REQUESTS = 2_000;

function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

const entry = { tenantId: 't-1', copyId: 'c-1', user: { email: 'a@b.test', role: 'teacher' }, code: 'ok' };

const ROUNDS = 5;

/** µs per call of each contender, measured in interleaved rounds (the first one is warm-up). */
async function interleaved(contenders: Record<string, () => Promise<void>>, calls: number) {
  const totals: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, once] of Object.entries(contenders)) {
      const seconds = await timed(async () => {
        for (let i = 0; i < calls; i += 1) await once();
      });
      if (round > 0) totals[name] = (totals[name] ?? 0) + (seconds / calls) * 1e6;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([name, total]) => [name, total / (ROUNDS - 1)]));
}

const Params = z.object({ id: z.uuid() });
const URL = '/exams/6f1c9a4e-0000-4000-8000-000000000001';

const suite: Suite = {
  name: 'kit',
  description: 'service kit overhead: redacting logger per line, kit server vs bare fastify per request',
  async run(ctx) {
    const redacting = createLogger({ service: 'bench', level: 'info', destination: sink() });
    const plain = pino({ level: 'info', base: { service: 'bench' } }, sink());
    const lines = await interleaved(
      { redacting: async () => redacting.info(entry, 'copy opened'), plain: async () => plain.info(entry, 'copy opened') },
      LOG_LINES,
    );
    const redactedUs = lines['redacting'] ?? Number.NaN;
    const plainUs = lines['plain'] ?? Number.NaN;
    ctx.log(`log line: ${round(redactedUs, 3)} µs redacting, ${round(plainUs, 3)} µs plain`);

    const kit = createServer({ service: 'bench', logger: createLogger({ service: 'bench', level: 'warn', destination: sink() }) });
    kit.get('/exams/:id', { schema: { params: Params } }, async (request) => ({ id: request.params.id }));
    const bare = Fastify().withTypeProvider<ZodTypeProvider>();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    bare.get('/exams/:id', { schema: { params: Params } }, async (request) => ({ id: request.params.id }));
    await Promise.all([kit.ready(), bare.ready()]);
    const requests = await interleaved(
      {
        kit: async () => void (await kit.inject({ method: 'GET', url: URL })),
        bare: async () => void (await bare.inject({ method: 'GET', url: URL })),
      },
      REQUESTS,
    );
    const kitUs = requests['kit'] ?? Number.NaN;
    const bareUs = requests['bare'] ?? Number.NaN;
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
