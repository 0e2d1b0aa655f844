import { type Envelope, type EventType } from '@gradeline/contracts';
import { defineConsumer, type AnyConsumerDefinition, type HandlerContext } from '@gradeline/messaging';
import { applyRosterFact, type RosterFact } from './roster.rules';
import { rosterRepository } from './roster.repository';

async function apply(envelope: Envelope<EventType>, studentId: string, fact: RosterFact, ctx: HandlerContext): Promise<void> {
  const current = await rosterRepository.find(ctx.em, envelope.tenantId, studentId);
  const entry = applyRosterFact(current, { studentId, tenantId: envelope.tenantId }, fact, new Date(envelope.occurredAt));
  if (!current) ctx.em.persist(entry);
}

/** The roster (prenamed sheets; later the identification desk), kept from identity's student events. */
export function rosterConsumers(): AnyConsumerDefinition[] {
  return [
    defineConsumer({
      purpose: 'roster-upserted',
      type: 'identity.student.upserted.v1',
      handler: (e, ctx) => apply(e, e.data.studentId, { kind: 'upserted', student: e.data }, ctx),
    }),
    defineConsumer({
      purpose: 'roster-removed',
      type: 'identity.student.removed.v1',
      handler: (e, ctx) => apply(e, e.data.studentId, { kind: 'removed' }, ctx),
    }),
  ];
}
