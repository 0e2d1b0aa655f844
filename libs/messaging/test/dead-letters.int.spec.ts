import { randomUUID } from 'node:crypto';
import { DeadLetter, InboxMessage } from '@gradeline/db';
import fastify, { type FastifyInstance } from 'fastify';
import {
  ConsumerRunner,
  DeadLetterRecorder,
  DeadLetters,
  deadLetterRoutes,
  defineConsumer,
  ensureTopology,
  type DeadLetterPage,
  type DeadLetterView,
  type ReplayResult,
} from '../src';
import { Effect, effects, setUp, silent, userDeactivated, waitFor, type Env } from './support';

jest.setTimeout(30_000);

describe('dead letters', () => {
  let env: Env;
  let app: FastifyInstance;
  let recorder: DeadLetterRecorder;
  let broken = true;

  const flaky = defineConsumer({
    purpose: 'flaky',
    type: 'identity.user.deactivated.v1',
    maxDeliver: 3,
    ackWaitMs: 1_000,
    backoffMs: [50],
    handler: (envelope, ctx) => {
      if (broken) return Promise.reject(new Error('the read model is not ready'));
      ctx.em.persist(Object.assign(new Effect(), { label: 'flaky', messageId: envelope.id }));
      return Promise.resolve();
    },
  });
  // Never run by a runner here: the test pulls its messages by hand and "dies" holding them.
  const abandoned = defineConsumer({
    purpose: 'abandoned',
    type: 'identity.student.removed.v1',
    maxDeliver: 2,
    ackWaitMs: 300,
    backoffMs: [100],
    handler: () => Promise.resolve(),
  });
  const consumers = [flaky, abandoned];

  beforeAll(async () => {
    env = await setUp();
    await ensureTopology(env.bus, { service: 'exam', consumers });
    recorder = new DeadLetterRecorder({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam' });
    await recorder.start();
    const deadLetters = new DeadLetters({ orm: env.orm, logger: silent, service: 'exam', consumers });
    app = fastify();
    await app.register(deadLetterRoutes, {
      deadLetters,
      preHandler: async (request, reply) => {
        if (request.headers['x-test-admin'] !== 'yes') await reply.code(403).send({ code: 'forbidden' });
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await recorder.stop();
    await env.close();
  });

  const admin = { 'x-test-admin': 'yes' };

  async function list(query = ''): Promise<DeadLetterPage> {
    return (await app.inject({ url: `/admin/dead-letters${query}`, headers: admin })).json<DeadLetterPage>();
  }

  it('lands a message that always fails in the list after max_deliver, and a replay after the fix applies it once', async () => {
    const envelope = userDeactivated();
    const runner = new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [flaky] });
    await runner.start();
    try {
      await env.bus.js.publish(env.bus.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id });
      await waitFor('the dead letter', async () => (await list('?consumer=exam--flaky')).total === 1);
    } finally {
      await runner.stop(5_000);
    }
    const [letter] = (await list('?consumer=exam--flaky&status=open')).items;
    expect(letter).toMatchObject({ reason: 'max_deliveries', deliveries: 3, status: 'open', errorMessage: 'the read model is not ready' });
    expect(letter!.envelope).toMatchObject({ id: envelope.id });
    expect((await effects(env.orm, 'flaky')).length).toBe(0);

    broken = false;
    const replay = (await app.inject({ method: 'POST', url: `/admin/dead-letters/${letter!.id}/replay`, headers: admin })).json<ReplayResult>();
    expect(replay.outcome).toBe('processed');
    expect(replay.deadLetter).toMatchObject({ status: 'replayed', replayError: null });
    expect((await effects(env.orm, 'flaky')).length).toBe(1);

    const again = (await app.inject({ method: 'POST', url: `/admin/dead-letters/${letter!.id}/replay`, headers: admin })).json<ReplayResult>();
    expect(again.outcome).toBe('duplicate');
    expect((await effects(env.orm, 'flaky')).length).toBe(1);
  });

  it('keeps a failed replay open with its new error', async () => {
    broken = true;
    const letter = await seedLetter();
    const replay = (await app.inject({ method: 'POST', url: `/admin/dead-letters/${letter.id}/replay`, headers: admin })).json<ReplayResult>();
    expect(replay.outcome).toBe('failed');
    expect(replay.deadLetter.status).toBe('open');
    expect(replay.deadLetter.replayError).toContain('the read model is not ready');
  });

  it('records a dead letter from the advisory when the process died holding the last delivery', async () => {
    const { data: _user, ...rest } = userDeactivated();
    const envelope = { ...rest, type: 'identity.student.removed.v1' as const, data: { studentId: randomUUID() } };
    await env.bus.js.publish(env.bus.subject(envelope.type), JSON.stringify(envelope), { msgID: randomUUID() });
    const consumer = await env.bus.js.consumers.get(env.bus.stream('identity'), 'exam--abandoned');
    for (let delivery = 1; delivery <= 2; delivery++) {
      const msg = await consumer.next({ expires: 5_000 });
      expect(msg?.info.deliveryCount).toBe(delivery); // taken, never acked: the holder "dies"
    }
    // JetStream notices the exhausted message when the consumer is next pulled: the restarted service.
    const restarted = new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [abandoned] });
    await restarted.start();
    try {
      await waitFor('the recorded dead letter', async () => (await list('?consumer=exam--abandoned')).total === 1);
    } finally {
      await restarted.stop(5_000);
    }
    expect(await env.orm.em.fork().count(InboxMessage, { consumer: 'exam--abandoned' })).toBe(0);
    const [letter] = (await list('?consumer=exam--abandoned')).items;
    expect(letter).toMatchObject({ reason: 'max_deliveries', deliveries: 2, subject: env.bus.subject(envelope.type) });
    expect(letter!.envelope).toMatchObject({ id: envelope.id, data: envelope.data });
  });

  it('discards a dead letter, and only admins reach the routes', async () => {
    const letter = await seedLetter();
    expect((await app.inject({ url: `/admin/dead-letters/${letter.id}` })).statusCode).toBe(403);
    const discarded = await app.inject({ method: 'POST', url: `/admin/dead-letters/${letter.id}/discard`, headers: admin });
    expect(discarded.json<DeadLetterView>().status).toBe('discarded');
    expect((await list('?status=discarded')).items.map((d) => d.id)).toContain(letter.id);
    expect((await app.inject({ url: `/admin/dead-letters/${randomUUID()}`, headers: admin })).statusCode).toBe(404);
  });

  async function seedLetter(): Promise<DeadLetter> {
    const em = env.orm.em.fork();
    const letter = Object.assign(new DeadLetter(), {
      id: randomUUID(),
      consumer: 'exam--flaky',
      stream: env.bus.stream('identity'),
      streamSeq: Math.floor(Math.random() * 1e9) + 1_000,
      subject: env.bus.subject('identity.user.deactivated.v1'),
      envelope: userDeactivated(),
      reason: 'terminated' as const,
      deliveries: 1,
    });
    await em.persist(letter).flush();
    return letter;
  }
});
