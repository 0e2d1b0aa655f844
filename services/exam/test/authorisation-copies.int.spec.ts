import { randomUUID } from 'node:crypto';
import { type DispatchRunView, type ExamView } from '@gradeline/contracts';
import { CALLERS, MANAGE, matrixCallers, row, statusesFor, type CallerName, type Expected, type RequestFor } from './matrix';
import { addCopies, addStudents, as, createExam, moveExam, readyCopies, startExamService, type ExamTestService, type Headers } from './support';

// The identification desk, dispatch and release routes × every kind of caller. Reassigning and
// rebalancing are a school admin's; everything else belongs to those who manage the exam; a
// corrector's own list is anyone's who may grade.
const ADMIN_ONLY = row(200, 403, 403, 403, 403, 403, 403, 401, 404, 404);
const created = (expected: Expected): Expected =>
  Object.fromEntries(Object.entries(expected).map(([caller, status]) => [caller, status === 200 ? 201 : status])) as Expected;

describe('authorisation matrix: identification, dispatch, release', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let headers: Record<CallerName, Headers>;
  let exam: ExamView;
  let runId: string;
  let students: string[];
  let toIdentify: string[];
  let toBlank: string[];
  let toAssign: string[];
  let identified: string[];

  beforeAll(async () => {
    svc = await startExamService();
    const callers = await matrixCallers(svc, tenantId);
    headers = callers.headers;
    const owner = await as(svc, tenantId, 'teacher', callers.ownerId);
    exam = await createExam(svc, owner, { classNames: ['6C'], leadTeacherIds: [callers.leadId], correctorIds: [callers.correctorId] });
    await moveExam(svc, owner, exam.id, 'open');
    students = await addStudents(svc, tenantId, '6C', 2 * CALLERS.length);
    identified = await readyCopies(svc, tenantId, exam.id, students.slice(CALLERS.length));
    [toIdentify, toBlank, toAssign] = [await addCopies(svc, tenantId, exam.id, CALLERS.length), await addCopies(svc, tenantId, exam.id, CALLERS.length), await addCopies(svc, tenantId, exam.id, CALLERS.length)];
    runId = (await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/dispatch`, headers: owner })).json<DispatchRunView>().runId;
  });
  afterAll(() => svc.close());

  const on = (url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', payload?: object) => ({ method, url, payload });
  const routes: [string, RequestFor, Expected][] = [
    ['GET /exams/:id/identification', async () => on(`/exams/${exam.id}/identification`), MANAGE],
    ['POST /copies/:id/identify', async (i) => on(`/copies/${toIdentify[i]}/identify`, 'POST', { studentId: students[i] }), MANAGE],
    ['POST /copies/:id/mark-blank', async (i) => on(`/copies/${toBlank[i]}/mark-blank`, 'POST', { reason: 'blank' }), MANAGE],
    ['DELETE /copies/:id/identification', async (i) => on(`/copies/${identified[i]}/identification`, 'DELETE'), MANAGE],
    ['POST /exams/:id/identification/accept', async () => on(`/exams/${exam.id}/identification/accept`, 'POST', { minScore: 0.99 }), MANAGE],
    ['GET /exams/:id/roster', async () => on(`/exams/${exam.id}/roster?search=dupont`), MANAGE],
    ['GET /exams/:id/absent-students', async () => on(`/exams/${exam.id}/absent-students`), MANAGE],
    ['POST /exams/:id/dispatch', async () => on(`/exams/${exam.id}/dispatch`, 'POST'), created(MANAGE)],
    ['GET /exams/:id/dispatches', async () => on(`/exams/${exam.id}/dispatches`), MANAGE],
    ['GET /exams/:id/dispatches/:runId', async () => on(`/exams/${exam.id}/dispatches/${runId}`), MANAGE],
    ['POST /exams/:id/rebalance', async () => on(`/exams/${exam.id}/rebalance`, 'POST'), created(ADMIN_ONLY)],
    ['POST /copies/:id/assignment', async (i) => ({ ...on(`/copies/${toAssign[i]}/assignment`, 'POST', { correctorId: null, reason: 'test' }), ifMatch: 1 }), ADMIN_ONLY],
    ['GET /copies/assigned', async () => on('/copies/assigned'), row(200, 200, 200, 200, 200, 403, 403, 401, 200, 200)],
    ['POST /exams/:id/release', async () => on(`/exams/${exam.id}/release`, 'POST'), MANAGE],
    ['POST /exams/:id/unrelease', async () => on(`/exams/${exam.id}/unrelease`, 'POST'), MANAGE],
  ];

  it.each(routes)('%s', async (_name, request, expected) => {
    expect(await statusesFor(svc, headers, request)).toEqual(expected);
  });
});
