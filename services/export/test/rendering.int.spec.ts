import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { buffer } from 'node:stream/consumers';
import { InboxMessage, OutboxMessage } from '@gradeline/db';
import { randomUUID } from 'node:crypto';
import { Copy } from '../src/modules/read-model/copy.entity';
import { Exam } from '../src/modules/read-model/exam.entity';
import { SchemeVersion } from '../src/modules/read-model/scheme.entity';
import { service } from '../src/service';
import { type Config } from '../src/config';
import { pdfKey } from '../src/modules/rendering/copy-pdf.service';
import { pdfText } from './support/pdf-text';
import { finalize, renderedCopy, seedExam, type SeededExam } from './support/scenario';

// A finalised copy becomes a stored graded PDF within seconds, through the real bus and database.
describe('graded PDFs rendered from grading events', () => {
  let svc: TestService<Config>;
  let seed: SeededExam;

  beforeAll(async () => {
    svc = await startTestService(service);
    seed = await seedExam(svc, { copies: 2, identified: 1 });
  });
  afterAll(() => svc.close());

  const text = async (key: string) => (await pdfText(await buffer(await svc.deps.store.get(key)))).join(' ').replace(/\s+/g, ' ');
  const renderedEvents = async (copyId: string) =>
    (await svc.deps.orm.em.fork().find(OutboxMessage, { type: 'export.copy.rendered.v1' })).filter((m) => (m.payload.data as { copyId: string }).copyId === copyId);

  it('stores the PDF of a finalised copy under its version’s key and announces it', async () => {
    const [copyId] = seed.copyIds;
    await finalize(svc, seed, copyId!, { globalComment: 'Très bon travail, Maël : continue !' });
    const copy = await renderedCopy(svc, copyId!);
    expect(copy.pdf!.key).toBe(pdfKey(seed.tenantId, copyId!, 1));
    const content = await text(copy.pdf!.key);
    expect(content).toContain('Élève : DUPONT Jeanne (4B)');
    expect(content).toContain('Très bon travail, Maël : continue !');
    expect(content).toContain('Collège Émile-Zola');
    const events = await renderedEvents(copyId!);
    expect(events.map((e) => e.payload.data)).toEqual([expect.objectContaining({ copyId, examId: seed.examId, version: 1, objectKey: copy.pdf!.key, pageCount: 3 })]);
  });

  it('renders a new finalise version beside the old one, and ignores an older version arriving late', async () => {
    const [copyId] = seed.copyIds;
    await finalize(svc, seed, copyId!, { version: 2, total: '17', globalComment: 'Version corrigée' });
    const copy = await renderedCopy(svc, copyId!, 2);
    expect(copy.pdf!.key).toBe(pdfKey(seed.tenantId, copyId!, 2));
    expect(await text(copy.pdf!.key)).toContain('Version corrigée');
    const late = await finalize(svc, seed, copyId!, { version: 1, globalComment: 'ancienne' });
    await eventually('the late version handled', async () => (await svc.deps.orm.em.fork().count(InboxMessage, { messageId: late.messageId })) === 1);
    const after = await svc.deps.orm.em.fork().findOneOrFail(Copy, copyId!);
    expect(after.result!.globalComment).toBe('Version corrigée');
    expect(after.pdf!.version).toBe(2);
  });

  it('shows the anonymous code until the copy is identified, then renders it again with the student, whichever event comes first', async () => {
    const copyId = seed.copyIds[1]!;
    await finalize(svc, seed, copyId);
    const anonymous = await renderedCopy(svc, copyId, 1, null);
    expect(await text(anonymous.pdf!.key)).toContain('Copie anonyme : AX101');
    const lina = '2c1f4a8e-0a7b-4f7e-9d3c-5b6a7c8d9e0f';
    // The identification arrives before identity's student event (two streams, no order between them).
    await svc.publish('exam.copy.identified.v1', seed.tenantId, { copyId, examId: seed.examId, studentId: lina, method: 'manual', confidence: null });
    await svc.publish('identity.student.upserted.v1', seed.tenantId, { studentId: lina, lastName: 'Aubert', firstName: 'Lina', birthDate: null, className: '4B', group: null, externalId: null });
    const named = await renderedCopy(svc, copyId, 1, lina);
    expect(await text(named.pdf!.key)).toContain('Élève : AUBERT Lina');
  });

  it('keeps the exam’s owner from the event, and drops a deleted draft exam with its scheme', async () => {
    const examId = randomUUID();
    const ownerId = randomUUID();
    await svc.publish('exam.exam.created.v1', seed.tenantId, {
      examId, name: 'Brouillon', subject: 'Histoire', date: '2026-09-01', classNames: [], pagesPerCopy: 1, headerRegion: { x: 0, y: 0, width: 1, height: 0.2 },
      correctorIds: [], leadTeacherIds: [], status: 'draft', scaleTo: 20, coefficient: '1', ownerId,
    }, { actor: { kind: 'user', userId: randomUUID(), role: 'admin' } });
    await svc.publish('exam.scheme.published.v1', seed.tenantId, { examId, version: 1, nodes: seed.nodes, total: '20', changedNodeIds: [], removedNodeIds: [] });
    await eventually('the draft and its scheme', async () => (await svc.deps.orm.em.fork().count(SchemeVersion, { examId })) === 1);
    expect((await svc.deps.orm.em.fork().findOneOrFail(Exam, examId)).ownerId).toBe(ownerId);
    await svc.publish('exam.exam.deleted.v1', seed.tenantId, { examId });
    await eventually('the draft dropped', async () => (await svc.deps.orm.em.fork().count(Exam, { id: examId })) === 0);
    expect(await svc.deps.orm.em.fork().count(SchemeVersion, { examId })).toBe(0);
  });
});
