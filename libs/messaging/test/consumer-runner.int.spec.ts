import { randomUUID } from 'node:crypto';
import { type Envelope } from '@gradeline/contracts';
import { DeadLetter, OutboxMessage } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConsumerRunner, defineConsumer, ensureTopology, type ConsumerDefinition } from '../src';
import { Effect, effects, setUp, silent, userDeactivated, waitFor, type Env } from './support';

jest.setTimeout(30_000);

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

type Handler = ConsumerDefinition<'identity.user.deactivated.v1'>['handler'];

function consumer(purpose: string, handler: Handler) {
  return defineConsumer({ purpose, type: 'identity.user.deactivated.v1', handler, maxDeliver: 3, ackWaitMs: 2_000, backoffMs: [100] });
}

const recordEffect =
  (label: string): Handler =>
  (envelope, ctx) => {
    ctx.em.persist(Object.assign(new Effect(), { label, messageId: envelope.id }));
    return Promise.resolve();
  };

describe('the consumer runner', () => {
  let env: Env;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    env = await setUp();
  });
  afterAll(async () => {
    await env.close();
    context.disable();
  });
  beforeEach(async () => {
    // Every test's consumer starts from the beginning of the stream: give it only its own messages.
    await ensureTopology(env.bus, { streams: ['identity'] });
    await env.bus.jsm.streams.purge(env.bus.stream('identity'));
  });

  async function run(definition: ReturnType<typeof consumer>, body: () => Promise<void>): Promise<void> {
    await ensureTopology(env.bus, { service: 'exam', consumers: [definition] });
    const runner = new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [definition] });
    await runner.start();
    try {
      await body();
    } finally {
      await runner.stop(5_000);
    }
  }

  function publish(envelope: Envelope<'identity.user.deactivated.v1'> | string, msgID = randomUUID()) {
    const body = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
    return env.bus.js.publish(env.bus.subject('identity.user.deactivated.v1'), body, { msgID });
  }

  it('applies a message delivered twice only once', async () => {
    await run(consumer('twice', recordEffect('twice')), async () => {
      const envelope = userDeactivated();
      await publish(envelope);
      await publish(envelope); // another Nats-Msg-Id: JetStream stores it twice, the inbox stops it
      const info = () => env.bus.jsm.consumers.info(env.bus.stream('identity'), 'exam--twice');
      await waitFor('both deliveries acknowledged', async () => (await info()).ack_floor.stream_seq >= 2);
      expect((await effects(env.orm, 'twice')).length).toBe(1);
    });
  });

  it('terminates an invalid message at once and records it as a dead letter', async () => {
    await run(consumer('strict', recordEffect('strict')), async () => {
      const bad = { ...userDeactivated(), data: { userId: 'not-a-uuid' } };
      await publish(JSON.stringify(bad));
      await publish('this is not json');
      const letters = () => env.orm.em.fork().find(DeadLetter, { consumer: 'exam--strict' }, { orderBy: { streamSeq: 'asc' } });
      await waitFor('two dead letters', async () => (await letters()).length === 2);
      const [first, second] = await letters();
      expect(first).toMatchObject({ reason: 'invalid', deliveries: 1, errorCode: 'validation_failed', status: 'open' });
      expect(first!.envelope).toMatchObject({ id: bad.id });
      expect(second).toMatchObject({ reason: 'invalid', envelope: null, raw: 'this is not json' });
      // Terminated, not retried: after more than a redelivery wait nothing is pending or redelivered.
      await new Promise((r) => setTimeout(r, 2_500));
      const info = await env.bus.jsm.consumers.info(env.bus.stream('identity'), 'exam--strict');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
      expect((await effects(env.orm, 'strict')).length).toBe(0);
    });
  });

  it('terminates a message the handler refuses for good (a 4xx AppError), keeping its code', async () => {
    const refuse: Handler = () => Promise.reject(new AppError('invalid_state', 'the copy is already graded'));
    await run(consumer('refuser', refuse), async () => {
      await publish(userDeactivated());
      await waitFor('a dead letter', async () => (await env.orm.em.fork().count(DeadLetter, { consumer: 'exam--refuser' })) === 1);
      const letter = await env.orm.em.fork().findOneOrFail(DeadLetter, { consumer: 'exam--refuser' });
      expect(letter).toMatchObject({ reason: 'terminated', errorCode: 'invalid_state', deliveries: 1 });
    });
  });

  it('records follow-up events in the same transaction, caused by the message', async () => {
    const followUp: Handler = (envelope, ctx) => {
      ctx.outbox.record({ type: 'identity.user.deactivated.v1', data: { userId: randomUUID() } });
      return recordEffect('follow-up')(envelope, ctx);
    };
    await run(consumer('follow-up', followUp), async () => {
      const cause = userDeactivated();
      const h = natsHeaders();
      h.set('traceparent', `00-${TRACE_ID}-00f067aa0ba902b7-01`);
      await env.bus.js.publish(env.bus.subject(cause.type), JSON.stringify(cause), { msgID: cause.id, headers: h });
      await waitFor('the effect', async () => (await effects(env.orm, 'follow-up')).length === 1);
      const [row] = await env.orm.em.fork().find(OutboxMessage, {});
      expect(row!.payload).toMatchObject({ causationId: cause.id, correlationId: cause.correlationId, tenantId: cause.tenantId });
      // One trace from the incoming message to the event it caused.
      expect(row!.headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    });
  });

  it('applies the rest of a batch exactly once when one of its messages fails', async () => {
    const poison = randomUUID();
    const handler: Handler = (envelope, ctx) =>
      envelope.data.userId === poison ? Promise.reject(new Error('lock timeout')) : recordEffect('batch')(envelope, ctx);
    const definition = { ...consumer('batch', handler), concurrency: 2, batchSize: 20 };
    await ensureTopology(env.bus, { service: 'exam', consumers: [definition] });
    const envelopes = Array.from({ length: 60 }, (_, i) => userDeactivated(i === 17 ? poison : randomUUID()));
    for (const envelope of envelopes) await publish(envelope); // all waiting before the runner starts: full batches
    await run(definition, async () => {
      await waitFor('59 effects and a dead letter', async () => (await env.orm.em.fork().count(DeadLetter, { consumer: 'exam--batch' })) === 1);
    });
    const applied = await effects(env.orm, 'batch');
    expect(applied.length).toBe(59);
    expect(new Set(applied.map((e) => e.messageId))).toEqual(new Set(envelopes.filter((_, i) => i !== 17).map((e) => e.id)));
  });

  it('resumes where it stopped: nothing skipped, nothing applied twice', async () => {
    // The first runner's handlers wait at a gate after 50 effects, so it is surely stopped mid-stream
    // however fast the machine is; the gate opens when stop() is called, letting in-flight work end.
    let started = 0;
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const gated: Handler = async (envelope, ctx) => {
      if (++started > 50) await gate;
      await recordEffect('resume')(envelope, ctx);
    };
    // Batches of 20: what 4 workers hold at once stays well under the 200 messages.
    const definition = { ...consumer('resume', gated), concurrency: 4, batchSize: 20 };
    await ensureTopology(env.bus, { service: 'exam', consumers: [definition] });
    await Promise.all(Array.from({ length: 200 }, () => publish(userDeactivated())));
    const first = new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [definition] });
    await first.start();
    await waitFor('a handler at the gate', () => Promise.resolve(started > 50));
    const stopping = first.stop(5_000);
    openGate();
    await stopping;
    const atStop = (await effects(env.orm, 'resume')).length;
    expect(atStop).toBeLessThan(200);
    started = Number.NEGATIVE_INFINITY; // the second runner passes the gate freely

    const second = new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [definition] });
    await second.start();
    try {
      await waitFor('200 effects', async () => (await effects(env.orm, 'resume')).length >= 200);
    } finally {
      await second.stop(5_000);
    }
    const all = await effects(env.orm, 'resume');
    expect(all.length).toBe(200);
    expect(new Set(all.map((e) => e.messageId)).size).toBe(200);
  });
});
