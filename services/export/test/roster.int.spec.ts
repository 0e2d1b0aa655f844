import { randomUUID } from 'node:crypto';
import { InboxMessage } from '@gradeline/db';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../src/config';
import { Student } from '../src/modules/read-model/student.entity';
import { service } from '../src/service';

// Upserts and removals of students reach export through two consumers and can cross: a removed
// student's names must not come back with an upsert that was older but arrived later.
describe('the roster kept for exports', () => {
  let svc: TestService<Config>;
  const tenantId = randomUUID();

  beforeAll(async () => {
    svc = await startTestService(service);
  });
  afterAll(() => svc.close());

  const student = (studentId: string) => ({ studentId, lastName: 'Aubert', firstName: 'Lina', birthDate: '2012-02-11', className: '4B', group: null, externalId: null });
  const names = async (studentId: string) => (await svc.deps.orm.em.fork().findOne(Student, { id: studentId }))?.lastName ?? null;
  const handled = (id: string) => eventually(`event ${id} handled`, async () => (await svc.deps.orm.em.fork().count(InboxMessage, { messageId: id })) > 0);
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 2, 8, 0, seconds));

  it('keeps a removed student removed when an older or same-instant upsert arrives after the removal', async () => {
    const studentId = randomUUID();
    await handled(await svc.publish('identity.student.removed.v1', tenantId, { studentId }, { occurredAt: at(10) }));
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, student(studentId), { occurredAt: at(9) }));
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, student(studentId), { occurredAt: at(10) }));
    expect(await names(studentId)).toBeNull();
  });

  it('removes a known student, and takes them back with a later upsert', async () => {
    const studentId = randomUUID();
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, student(studentId), { occurredAt: at(1) }));
    expect(await names(studentId)).toBe('Aubert');
    await handled(await svc.publish('identity.student.removed.v1', tenantId, { studentId }, { occurredAt: at(2) }));
    expect(await names(studentId)).toBeNull();
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, { ...student(studentId), lastName: 'Aubert-Roy' }, { occurredAt: at(3) }));
    expect(await names(studentId)).toBe('Aubert-Roy');
  });

  it('keeps the names of the newest upsert when an older one is handled after it', async () => {
    const studentId = randomUUID();
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, { ...student(studentId), lastName: 'Nouveau' }, { occurredAt: at(21) }));
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, { ...student(studentId), lastName: 'Ancien' }, { occurredAt: at(20) }));
    expect(await names(studentId)).toBe('Nouveau');
  });

  it('keeps a student added back when the older removal is handled after the new upsert', async () => {
    const studentId = randomUUID();
    await handled(await svc.publish('identity.student.upserted.v1', tenantId, { ...student(studentId), lastName: 'Revenu' }, { occurredAt: at(31) }));
    await handled(await svc.publish('identity.student.removed.v1', tenantId, { studentId }, { occurredAt: at(30) }));
    expect(await names(studentId)).toBe('Revenu');
  });
});
