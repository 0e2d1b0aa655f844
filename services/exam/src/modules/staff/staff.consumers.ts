import { type Envelope, type EventType } from '@gradeline/contracts';
import { defineConsumer, type AnyConsumerDefinition, type HandlerContext } from '@gradeline/messaging';
import { applyStaffFact, type StaffFact } from './staff.rules';
import { staffRepository } from './staff.repository';

async function apply(envelope: Envelope<EventType>, userId: string, fact: StaffFact, ctx: HandlerContext): Promise<void> {
  const current = await staffRepository.find(ctx.em, envelope.tenantId, userId);
  const member = applyStaffFact(current, { userId, tenantId: envelope.tenantId }, fact, new Date(envelope.occurredAt));
  if (!current) ctx.em.persist(member);
}

/** The staff directory (who may correct or lead), kept from identity's user events. */
export function staffConsumers(): AnyConsumerDefinition[] {
  return [
    defineConsumer({
      purpose: 'staff-created',
      type: 'identity.user.created.v1',
      handler: (e, ctx) => apply(e, e.data.userId, { kind: 'profile', role: e.data.role, active: e.data.active }, ctx),
    }),
    defineConsumer({
      purpose: 'staff-updated',
      type: 'identity.user.updated.v1',
      handler: (e, ctx) => apply(e, e.data.userId, { kind: 'profile', role: e.data.role, active: e.data.active }, ctx),
    }),
    defineConsumer({
      purpose: 'staff-deactivated',
      type: 'identity.user.deactivated.v1',
      handler: (e, ctx) => apply(e, e.data.userId, { kind: 'deactivated' }, ctx),
    }),
  ];
}
