import { type EntityManager } from '@gradeline/db';
import { defineConsumer, type AnyConsumerDefinition, type HandlerContext } from '@gradeline/messaging';
import { recordRendered } from '../rendering/copy-finalized.consumer';
import { type CopyPdfService } from '../rendering/copy-pdf.service';
import { Copy, currentResult } from './copy.entity';
import { copyRow } from './copy.repository';
import { type StudentUpsertedV1, type TenantCreatedV1 } from '@gradeline/contracts';
import { Student } from './student.entity';
import { Tenant } from './tenant.entity';
import { persistNew } from './persist-new';

async function upsertTenant(em: EntityManager, data: TenantCreatedV1): Promise<void> {
  const tenant = (await em.findOne(Tenant, data.tenantId)) ?? persistNew(em, Tenant, { id: data.tenantId, name: data.name });
  tenant.name = data.name;
  tenant.institutionName = data.settings.institutionName;
}

async function upsertStudent(ctx: HandlerContext, pdfs: CopyPdfService, tenantId: string, data: StudentUpsertedV1): Promise<void> {
  const { em } = ctx;
  const student = (await em.findOne(Student, { id: data.studentId, tenantId })) ?? persistNew(em, Student, {
    id: data.studentId, tenantId, lastName: data.lastName, firstName: data.firstName,
  });
  Object.assign(student, { lastName: data.lastName, firstName: data.firstName, birthDate: data.birthDate, className: data.className });
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
      handler: (e, ctx) => upsertStudent(ctx, pdfs, e.tenantId, e.data),
    }),
    defineConsumer({
      purpose: 'student-removed',
      type: 'identity.student.removed.v1',
      handler: async (e, ctx) => void (await ctx.em.nativeDelete(Student, { id: e.data.studentId, tenantId: e.tenantId })),
    }),
  ];
}
