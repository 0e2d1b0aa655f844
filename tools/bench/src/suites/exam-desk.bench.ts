// npm run bench -- exam-desk: the exam service's identification desk, dispatch and release on one
// large exam (600 copies), through app.inject on real PostgreSQL and NATS: how fast OCR's AUTO
// readings turn registered copies READY, how long the desk takes to list 300 suggestions, a bulk
// acceptance, a dispatch to 6 correctors, a release; and the dispatch planner alone at 10,000 copies.
import { randomUUID } from 'node:crypto';
import { type CopyReadV1 } from '@gradeline/contracts';
import { startTestService, type TestService } from '@gradeline/runtime/testing';
// A benchmark measures the service's own code; it is not another service importing it.
import { planRun } from '../../../../services/exam/src/modules/dispatch/dispatch-plan';
import { service } from '../../../../services/exam/src/service';
import { type Figure, type Suite, quantile, round, timed } from '../harness';

const COPIES = 600;
const CORRECTORS = 6;

type Svc = TestService;
const count = async (svc: Svc, sql: string, params: unknown[]) =>
  ((await svc.deps.orm.em.fork().getConnection().execute<{ n: number }[]>(sql, params))[0] as { n: number }).n;

async function until(svc: Svc, sql: string, params: unknown[], wanted: number): Promise<void> {
  while ((await count(svc, sql, params)) < wanted) await new Promise((r) => setTimeout(r, 100));
}

function readingOf(copyId: string, examId: string, studentId: string, decision: 'AUTO' | 'SUGGEST'): CopyReadV1 {
  const candidates = [{ studentId, score: decision === 'AUTO' ? 0.95 : 0.8, lastNameScore: 0.9, firstNameScore: 0.9, birthDateScore: 1 }];
  return { copyId, examId, readingId: randomUUID(), method: 'ocr', fields: null, decision, studentId: decision === 'AUTO' ? studentId : null, confidence: candidates[0]!.score, candidates };
}

/** An open exam with its staff, roster and registered copies. */
async function largeExam(svc: Svc, tenantId: string) {
  const staff = Array.from({ length: CORRECTORS + 1 }, () => randomUUID());
  for (const userId of staff) await svc.publish('identity.user.created.v1', tenantId, { userId, username: `b${userId.slice(0, 8)}`, displayName: 'Bench Teacher', role: 'teacher', active: true, studentId: null });
  const students = Array.from({ length: COPIES }, () => randomUUID());
  for (const [i, studentId] of students.entries()) {
    await svc.publish('identity.student.upserted.v1', tenantId, { studentId, lastName: `Élève${i}`, firstName: 'Zoé', birthDate: '2011-02-03', className: '3B', group: null, externalId: null });
  }
  await until(svc, 'select count(*)::int as n from roster_entry where tenant_id = ?', [tenantId], COPIES);
  await until(svc, 'select count(*)::int as n from staff_member where tenant_id = ?', [tenantId], staff.length);
  const owner = await svc.as({ role: 'teacher', tenantId, userId: staff[0] });
  const payload = { name: 'Bench', subject: 'Maths', date: '2026-03-12', classNames: ['3B'], pagesPerCopy: 2, correctorIds: staff.slice(1) };
  const exam = (await svc.app.inject({ method: 'POST', url: '/exams', headers: owner, payload })).json<{ id: string }>();
  await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/open`, headers: owner });
  const copies = Array.from({ length: COPIES }, () => randomUUID());
  for (const copyId of copies) {
    const pages = [1, 2].map((number) => ({ number, objectKey: `${tenantId}/p/${copyId}/${number}.jpg`, contentType: 'image/jpeg', size: 1, width: 10, height: 10 }));
    await svc.publish('ingestion.copy.assembled.v1', tenantId, { copyId, examId: exam.id, batchId: randomUUID(), revision: 1, pages, headerCropKey: null, assembly: 'page_count', complete: true, missingPages: [], sheet: null });
  }
  await until(svc, 'select count(*)::int as n from copy where exam_id = ?', [exam.id], COPIES);
  return { examId: exam.id, owner, students, copies };
}

const suite: Suite = {
  name: 'exam-desk',
  description: `exam service: AUTO readings → READY, desk listing, bulk accept, dispatch and release of ${COPIES} copies; the dispatch planner at 10,000 copies`,
  async run(ctx) {
    const svc = await startTestService(service);
    const figures: Figure[] = [];
    try {
      const tenantId = randomUUID();
      ctx.log(`roster, staff and ${COPIES} registered copies`);
      const { examId, owner, students, copies } = await largeExam(svc, tenantId);
      const half = COPIES / 2;
      const autoSeconds = await timed(async () => {
        for (let i = 0; i < half; i++) await svc.publish('ocr.copy.read.v1', tenantId, readingOf(copies[i]!, examId, students[i]!, 'AUTO'));
        await until(svc, "select count(*)::int as n from copy where exam_id = ? and status = 'READY'", [examId], half);
      });
      figures.push({ name: `AUTO readings → READY (${half} copies)`, value: round(half / autoSeconds, 0), unit: 'copies/s', notes: 'publish to commit: reading kept, identified, READY, 3 events and 2 audit entries each' });
      for (let i = half; i < COPIES; i++) await svc.publish('ocr.copy.read.v1', tenantId, readingOf(copies[i]!, examId, students[i]!, 'SUGGEST'));
      await until(svc, 'select count(*)::int as n from copy_reading where exam_id = ?', [examId], COPIES);
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) samples.push(await timed(async () => void (await svc.app.inject({ url: `/exams/${examId}/identification?limit=50`, headers: owner }))));
      figures.push({ name: `desk: first 50 of ${half} suggestions, p50`, value: round(quantile(samples, 0.5) * 1000, 0), unit: 'ms', goal: '< 300 ms', met: quantile(samples, 0.5) < 0.3 });
      let accepted = 0;
      const bulk = await timed(async () => {
        const res = await svc.app.inject({ method: 'POST', url: `/exams/${examId}/identification/accept`, headers: owner, payload: { minScore: 0.75 } });
        accepted = res.json<{ accepted: unknown[] }>().accepted.length;
      });
      figures.push({ name: `bulk accept of ${half} suggestions`, value: round(bulk, 2), unit: 's', notes: `${accepted} accepted; one read of roster and identifications, one flush` });
      let dispatched = 0;
      const dispatch = await timed(async () => {
        dispatched = (await svc.app.inject({ method: 'POST', url: `/exams/${examId}/dispatch`, headers: owner })).json<{ assignments: unknown[] }>().assignments.length;
      });
      figures.push({ name: `dispatch of ${COPIES} copies to ${CORRECTORS} correctors`, value: round(dispatch, 2), unit: 's', goal: '< 5 s', met: dispatch < 5, notes: `${dispatched} assigned` });
      await svc.deps.orm.em.fork().getConnection().execute("update copy set status = 'GRADED' where exam_id = ?", [examId]);
      const release = await timed(async () => void (await svc.app.inject({ method: 'POST', url: `/exams/${examId}/release`, headers: owner })));
      figures.push({ name: `release of ${COPIES} graded copies`, value: round(release, 2), unit: 's' });
    } finally {
      await svc.close();
    }
    const inputs = { kind: 'dispatch' as const, copyIds: Array.from({ length: 10_000 }, () => randomUUID()), correctorIds: Array.from({ length: 100 }, () => randomUUID()), held: {}, quotas: null };
    const plan = await timed(async () => void planRun(randomUUID(), inputs));
    figures.push({ name: 'dispatch plan: 10,000 copies × 100 correctors', value: round(plan * 1000, 0), unit: 'ms', notes: 'pure function, one core' });
    return figures;
  },
};
export default suite;
