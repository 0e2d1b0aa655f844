import { randomUUID } from 'node:crypto';
import { type CopyFinalizedV1, type SchemeNode } from '@gradeline/contracts';
import { eventually, type TestService } from '@gradeline/runtime/testing';
import { Copy } from '../../src/modules/read-model/copy.entity';
import { type Config } from '../../src/config';
import { annotationsFor, pageOf, resultFor, scanJpeg, schemeNodes } from './graded-copy.fixture';

export interface SeededStudent {
  studentId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

export interface SeededExam {
  tenantId: string;
  examId: string;
  ownerId: string;
  leadId: string;
  nodes: SchemeNode[];
  students: SeededStudent[];
  copyIds: string[];
}

const NAMES: Array<[string, string]> = [['Dupont', 'Jeanne'], ["N'Diaye", 'Maël'], ['Le Gall', 'Inès'], ['Ben Salah', 'Zoé'], ['Évrard', 'Noé'], ['Martin-Dubois', 'Léa']];

export interface SeedOptions {
  tenantId?: string;
  copies?: number;
  /** How many of the copies are linked to a roster student (default all). */
  identified?: number;
  date?: string;
  subject?: string;
}

/** An exam of one school with its scheme, roster and registered copies (scans in the store), as the events would build it. */
export async function seedExam(svc: TestService<Config>, options: SeedOptions = {}): Promise<SeededExam> {
  const tenantId = options.tenantId ?? randomUUID();
  const examId = randomUUID();
  const ownerId = randomUUID();
  const leadId = randomUUID();
  const nodes = schemeNodes();
  const count = options.copies ?? 3;
  const identified = options.identified ?? count;
  await svc.publish('identity.tenant.created.v1', tenantId, { tenantId, code: 'clg-zola', name: 'Collège Zola', timeZone: 'Europe/Paris', settings: { institutionName: 'Collège Émile-Zola', locale: 'fr-FR' } });
  await svc.publish('exam.exam.created.v1', tenantId, {
    examId, name: 'Contrôle n°3', subject: options.subject ?? 'Mathématiques', date: options.date ?? '2026-06-12', classNames: ['4B'], pagesPerCopy: 2,
    headerRegion: { x: 0, y: 0, width: 1, height: 0.2 }, correctorIds: [ownerId], leadTeacherIds: [leadId], status: 'grading', scaleTo: 20, coefficient: '2',
  }, { actor: { kind: 'user', userId: ownerId, role: 'teacher' } });
  await svc.publish('exam.scheme.published.v1', tenantId, { examId, version: 1, nodes, total: '20', changedNodeIds: [], removedNodeIds: [] });
  const jpeg = await scanJpeg(310, 438, 3);
  const students: SeededStudent[] = [];
  const copyIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const copyId = randomUUID();
    copyIds.push(copyId);
    const pages = [1, 2].map((n) => pageOf(n, `${tenantId}/ingestion/pages/${copyId}/${n}.jpg`, jpeg.length, 310, 438));
    for (const page of pages) await svc.deps.store.put(page.objectKey, jpeg, { contentType: 'image/jpeg' });
    await svc.publish('exam.copy.registered.v1', tenantId, { copyId, examId, batchId: randomUUID(), anonymousCode: `AX${100 + i}`, status: 'READY', pages, headerCropKey: null });
    if (i < identified) {
      const [lastName, firstName] = NAMES[i % NAMES.length]!;
      const student = { studentId: randomUUID(), lastName, firstName: i < NAMES.length ? firstName : `${firstName} ${i}`, birthDate: `2012-0${(i % 9) + 1}-1${i % 10}` };
      students.push(student);
      await svc.publish('identity.student.upserted.v1', tenantId, { ...student, className: '4B', group: null, externalId: null });
      await svc.publish('exam.copy.identified.v1', tenantId, { copyId, examId, studentId: student.studentId, method: 'manual', confidence: null });
    }
  }
  await eventually('the copies registered', async () => (await svc.deps.orm.em.fork().count(Copy, { examId, anonymousCode: { $ne: null } })) === count);
  await eventually('the copies identified', async () => (await svc.deps.orm.em.fork().count(Copy, { examId, studentId: { $ne: null } })) === identified);
  return { tenantId, examId, ownerId, leadId, nodes, students, copyIds };
}

/** Publishes the finalised grading of a copy, as grading would. */
export async function finalize(svc: TestService<Config>, seed: SeededExam, copyId: string, overrides: Partial<CopyFinalizedV1> = {}): Promise<CopyFinalizedV1 & { messageId: string }> {
  const data: CopyFinalizedV1 = { copyId, examId: seed.examId, ...resultFor(seed.nodes, annotationsFor(2, 3)), ...overrides };
  return { ...data, messageId: await svc.publish('grading.copy.finalized.v1', seed.tenantId, data) };
}

/** Waits until the copy's PDF of `version` is stored. */
export async function renderedCopy(svc: TestService<Config>, copyId: string, version = 1, studentId?: string | null): Promise<Copy> {
  let copy: Copy | null = null;
  await eventually(`copy ${copyId} rendered (v${version})`, async () => {
    copy = await svc.deps.orm.em.fork().findOne(Copy, copyId);
    return copy?.pdf?.version === version && (studentId === undefined || copy.pdf.studentId === studentId);
  }, 20_000);
  return copy!;
}
