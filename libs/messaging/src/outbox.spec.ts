import { type EntityManager, type OutboxMessage } from '@gradeline/db';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { Outbox } from './outbox';

const TENANT = '9b2f6a10-6c1e-4f0a-8d7e-1c2b3a4d5e6f';
const USER = 'a4c1e0b2-7d3f-4e5a-9b8c-0d1e2f3a4b5c';

function fakeEm() {
  const persisted: OutboxMessage[] = [];
  const em = { persist: (row: OutboxMessage) => persisted.push(row) } as unknown as EntityManager;
  return { em, persisted };
}

describe('recording an event in the outbox', () => {
  // What the telemetry SDK does at start: without a context manager there is no active span at all.
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  const outbox = new Outbox({ clock: () => new Date('2025-03-01T10:00:00.000Z'), newId: () => '5f0c9a3e-2b1d-4c8e-9f7a-6b5c4d3e2f1a' });

  it('persists the whole envelope in the caller unit of work, keyed by the envelope id', () => {
    const { em, persisted } = fakeEm();
    const envelope = outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: 'req-7', data: { userId: USER } });
    expect(envelope).toEqual({
      id: '5f0c9a3e-2b1d-4c8e-9f7a-6b5c4d3e2f1a',
      type: 'identity.user.deactivated.v1',
      tenantId: TENANT,
      occurredAt: '2025-03-01T10:00:00.000Z',
      correlationId: 'req-7',
      causationId: null,
      data: { userId: USER },
    });
    expect(persisted).toHaveLength(1);
    expect(persisted[0]).toMatchObject({ id: envelope.id, type: envelope.type, tenantId: TENANT, payload: envelope, sentAt: null });
  });

  it('captures the current trace so the consumer continues it', () => {
    const { em, persisted } = fakeEm();
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
    context.with(ctx, () => outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: 'r', data: { userId: USER } }));
    expect(persisted[0]!.headers.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('refuses a payload that does not fit the catalogue, persisting nothing', () => {
    const { em, persisted } = fakeEm();
    const data = { userId: 'not-a-uuid' };
    expect(() => outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: 'r', data })).toThrow(/does not fit/);
    expect(persisted).toHaveLength(0);
  });
});
