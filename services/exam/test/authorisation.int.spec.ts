import { randomUUID } from 'node:crypto';
import { type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { CALLERS, MANAGE, matrixCallers, READ, row, statusesFor, type CallerName, type Expected, type RequestFor } from './matrix';
import { as, assembled, createExam, moveExam, rows, startExamService, type ExamTestService, type Headers } from './support';

describe('authorisation matrix', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let headers: Record<CallerName, Headers>;
  let ownerId: string;
  let leadId: string;
  let correctorId: string;
  let shared: ExamView;
  const staging: string[] = [];
  const quarantined: string[] = [];

  beforeAll(async () => {
    svc = await startExamService();
    ({ headers, ownerId, leadId, correctorId } = await matrixCallers(svc, tenantId));
    shared = await freshExam('open');
    for (let i = 0; i < CALLERS.length; i++) {
      const good = assembled(shared.id);
      const bad = assembled(shared.id, { complete: false, missingPages: [2] });
      staging.push(good.copyId);
      quarantined.push(bad.copyId);
      await svc.publish('ingestion.copy.assembled.v1', tenantId, good);
      await svc.publish('ingestion.copy.assembled.v1', tenantId, bad);
    }
    await eventually('the copies', async () => (await rows(svc, 'select 1 from copy where exam_id = ?', [shared.id])).length === 2 * CALLERS.length);
  });
  afterAll(() => svc.close());

  /** An exam owned by `owner`, led by `lead`, corrected by `corrector`, in the given status (with a scheme once open). */
  async function freshExam(status: 'draft' | 'open' | 'grading'): Promise<ExamView> {
    const owner = await as(svc, tenantId, 'teacher', ownerId);
    let exam = await createExam(svc, owner, { leadTeacherIds: [leadId], correctorIds: [correctorId] });
    if (status === 'draft') return exam;
    await svc.app.inject({ method: 'PUT', url: `/exams/${exam.id}/scheme`, headers: { ...owner, 'if-match': '"0"' }, payload: { nodes: [{ label: 'Q1', maxPoints: '20' }] } });
    exam = await moveExam(svc, owner, exam.id, 'open');
    return status === 'open' ? exam : moveExam(svc, owner, exam.id, 'grading');
  }

  const tree = { nodes: [{ label: 'Exercice unique', maxPoints: '10' }] };
  /** Each route, with a fresh target per caller where a success would change it for the next one. */
  const routes: [string, RequestFor, Expected][] = [
    ['GET /exams', async () => ({ method: 'GET', url: '/exams' }), row(200, 200, 200, 200, 200, 403, 403, 401, 200, 200)],
    ['POST /exams', async () => ({ method: 'POST', url: '/exams', payload: { name: 'DS', subject: 'Histoire', date: '2026-05-02', classNames: ['4C'], pagesPerCopy: 1 } }), row(201, 201, 201, 201, 201, 403, 403, 401, 201, 201)],
    ['GET /exams/:id', async () => ({ method: 'GET', url: `/exams/${shared.id}` }), READ],
    ['PATCH /exams/:id', async () => ({ method: 'PATCH', url: `/exams/${(await freshExam('draft')).id}`, payload: { subject: 'Géographie' }, ifMatch: 1 }), MANAGE],
    ['DELETE /exams/:id', async () => ({ method: 'DELETE', url: `/exams/${(await freshExam('draft')).id}`, ifMatch: 1 }), { ...MANAGE, admin: 204, owner: 204, lead: 204 }],
    ['POST /exams/:id/open', async () => ({ method: 'POST', url: `/exams/${(await freshExam('draft')).id}/open` }), MANAGE],
    ['POST /exams/:id/grading', async () => ({ method: 'POST', url: `/exams/${(await freshExam('open')).id}/grading` }), MANAGE],
    ['POST /exams/:id/close', async () => ({ method: 'POST', url: `/exams/${(await freshExam('grading')).id}/close` }), MANAGE],
    ['GET /exams/:id/scheme', async () => ({ method: 'GET', url: `/exams/${shared.id}/scheme` }), READ],
    ['PUT /exams/:id/scheme', async () => ({ method: 'PUT', url: `/exams/${(await freshExam('draft')).id}/scheme`, payload: tree, ifMatch: 0 }), MANAGE],
    ['GET /exams/:id/scheme/versions', async () => ({ method: 'GET', url: `/exams/${shared.id}/scheme/versions` }), READ],
    ['GET /exams/:id/copies', async () => ({ method: 'GET', url: `/exams/${shared.id}/copies` }), READ],
    ['GET /copies/:id', async () => ({ method: 'GET', url: `/copies/${staging[0]}` }), MANAGE],
    ['POST /copies/:id/quarantine', async (i) => ({ method: 'POST', url: `/copies/${staging[i]}/quarantine`, payload: { reason: 'test' } }), MANAGE],
    ['POST /copies/:id/unquarantine', async (i) => ({ method: 'POST', url: `/copies/${quarantined[i]}/unquarantine`, payload: { reason: 'test' } }), MANAGE],
    ['GET /exams/:id/sheets.pdf', async () => ({ method: 'GET', url: `/exams/${shared.id}/sheets.pdf?copies=1` }), MANAGE],
    ['GET /admin/audit', async () => ({ method: 'GET', url: '/admin/audit' }), row(200, 403, 403, 403, 403, 403, 403, 401, 200, 403)],
  ];

  it.each(routes)('%s', async (_name, request, expected) => {
    expect(await statusesFor(svc, headers, request)).toEqual(expected);
  });
});
