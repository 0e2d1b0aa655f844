import { type Envelope } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { defineConsumer, type AnyConsumerDefinition } from '@gradeline/messaging';
import { Exam } from './exam.entity';
import { SchemeVersion, schemeVersionId } from './scheme.entity';
import { persistNew } from './persist-new';

async function upsertExam(em: EntityManager, envelope: Envelope<'exam.exam.created.v1'>, created: boolean): Promise<void> {
  const { data, tenantId } = envelope;
  const exam = (await em.findOne(Exam, { id: data.examId, tenantId })) ?? persistNew(em, Exam, {
    id: data.examId, tenantId, name: data.name, subject: data.subject, date: data.date, status: data.status,
  });
  Object.assign(exam, {
    name: data.name,
    subject: data.subject,
    date: data.date,
    status: data.status,
    scaleTo: data.scaleTo,
    coefficient: data.coefficient,
    correctorIds: data.correctorIds,
    leadTeacherIds: data.leadTeacherIds,
  });
  // The owner is named by the event when the producer says it (an additive field), else it is the
  // person who caused `created`.
  if (data.ownerId) exam.ownerId = data.ownerId;
  else if (created && envelope.actor?.kind === 'user') exam.ownerId = envelope.actor.userId;
}

/** Exams (subject, date, scale, coefficient, staff; dropped when a draft is deleted) and every published scheme version. */
export function examConsumers(): AnyConsumerDefinition[] {
  return [
    defineConsumer({ purpose: 'exam-created', type: 'exam.exam.created.v1', handler: (e, ctx) => upsertExam(ctx.em, e, true) }),
    defineConsumer({
      purpose: 'exam-updated',
      type: 'exam.exam.updated.v1',
      handler: (e, ctx) => upsertExam(ctx.em, { ...e, type: 'exam.exam.created.v1' }, false),
    }),
    defineConsumer({
      purpose: 'exam-deleted',
      type: 'exam.exam.deleted.v1',
      handler: async ({ data, tenantId }, ctx) => {
        await ctx.em.nativeDelete(SchemeVersion, { tenantId, examId: data.examId });
        await ctx.em.nativeDelete(Exam, { tenantId, id: data.examId });
      },
    }),
    defineConsumer({
      purpose: 'scheme-published',
      type: 'exam.scheme.published.v1',
      handler: async ({ data, tenantId }, ctx) => {
        const id = schemeVersionId(data.examId, data.version);
        const scheme = (await ctx.em.findOne(SchemeVersion, { id, tenantId })) ?? persistNew(ctx.em, SchemeVersion, {
          id, tenantId, examId: data.examId, version: data.version, total: data.total,
        });
        Object.assign(scheme, { nodes: data.nodes, total: data.total });
      },
    }),
  ];
}
