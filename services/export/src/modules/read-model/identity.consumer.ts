import { type EntityManager } from '@gradeline/db';
import { defineConsumer, type AnyConsumerDefinition, type HandlerContext } from '@gradeline/messaging';
import { recordRendered } from '../rendering/copy-finalized.consumer';
import { type CopyPdfService } from '../rendering/copy-pdf.service';
import { Copy, currentResult } from './copy.entity';
import { copyRow } from './copy.repository';
import { type StudentUpsertedV1, type TenantCreatedV1 } from '@gradeline/contracts';
import { Student, StudentRemoval } from './student.entity';
import { Tenant } from './tenant.entity';
import { persistNew } from './persist-new';

async function upsertTenant(em: EntityManager, data: TenantCreatedV1): Promise<void> {
  const tenant = (await em.findOne(Tenant, data.tenantId)) ?? persistNew(em, Tenant, { id: data.tenantId, name: data.name });
  tenant.name = data.name;
  tenant.institutionName = data.settings.institutionName;
}

// The upsert and the removal of one student, handled at the same time by their two consumers,
// take turns: otherwise each could miss the other's row (the names and the removal are two tables).
async function lockStudent(em: EntityManager, studentId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`export-student:${studentId}`]);
}

/**
 * Upserts and removals of students come through two consumers and can cross. A removal deletes the
 * names and keeps when it happened (`student_removal`: ids only); an upsert of that instant or
 * older is then ignored, a newer one (the student added back) applies and clears the record.
 */
async function removeStudent(em: EntityManager, tenantId: string, studentId: string, at: Date): Promise<void> {
  await lockStudent(em, studentId);
  // Names from an upsert newer than the removal (the student added back) stay.
  const student = await em.findOne(Student, { id: studentId, tenantId });
  if (student?.eventAt && student.eventAt > at) return;
  if (student) em.remove(student);
  const removal = await em.findOne(StudentRemoval, { studentId, tenantId });
  if (!removal) persistNew(em, StudentRemoval, { studentId, tenantId, removedAt: at });
  else if (removal.removedAt < at) removal.removedAt = at;
}

async function upsertStudent(ctx: HandlerContext, pdfs: CopyPdfService, tenantId: string, data: StudentUpsertedV1, at: Date): Promise<void> {
  const { em } = ctx;
  await lockStudent(em, data.studentId);
  const removal = await em.findOne(StudentRemoval, { studentId: data.studentId, tenantId });
  if (removal && removal.removedAt >= at) return;
  if (removal) em.remove(removal);
  const student = (await em.findOne(Student, { id: data.studentId, tenantId })) ?? persistNew(em, Student, {
    id: data.studentId, tenantId, lastName: data.lastName, firstName: data.firstName,
  });
  if (student.eventAt && student.eventAt > at) return;
  Object.assign(student, { lastName: data.lastName, firstName: data.firstName, birthDate: data.birthDate, className: data.className, eventAt: at });
  await em.flush();
  // Graded copies identified before their student was known were rendered anonymously: name them now.
  const graded = await em.find(Copy, { tenantId, studentId: data.studentId, result: { $ne: null } });
  for (const found of graded.filter((c) => currentResult(c) && c.pdf?.studentId !== data.studentId && c.pages.length > 0)) {
    const copy = await copyRow(em, tenantId, found.id, found.examId);
    ctx.working();
    await pdfs.renderAndStore(em, copy, currentResult(copy)!);
    recordRendered(ctx.outbox, copy);
  }
}

/** Schools (institution name on PDFs) and the roster (names, birth dates, classes for exports). */
export function identityConsumers(pdfs: CopyPdfService): AnyConsumerDefinition[] {
  return [
    defineConsumer({ purpose: 'tenant-created', type: 'identity.tenant.created.v1', handler: (e, ctx) => upsertTenant(ctx.em, e.data) }),
    defineConsumer({ purpose: 'tenant-updated', type: 'identity.tenant.updated.v1', handler: (e, ctx) => upsertTenant(ctx.em, e.data) }),
    defineConsumer({
      purpose: 'student-upserted',
      type: 'identity.student.upserted.v1',
      handler: (e, ctx) => upsertStudent(ctx, pdfs, e.tenantId, e.data, new Date(e.occurredAt)),
    }),
    defineConsumer({
      purpose: 'student-removed',
      type: 'identity.student.removed.v1',
      handler: (e, ctx) => removeStudent(ctx.em, e.tenantId, e.data.studentId, new Date(e.occurredAt)),
    }),
  ];
}
