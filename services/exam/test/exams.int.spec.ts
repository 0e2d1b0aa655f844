import { randomUUID } from 'node:crypto';
import { DEFAULT_HEADER_REGION, type ExamList, type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { addStaff, as, createExam, examInput, moveExam, outboxEvents, rows, startExamService, type ExamTestService, type Headers } from './support';

describe('exams', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let ownerId: string;
  let owner: Headers;
  let corrector: string;
  let admin: Headers;

  beforeAll(async () => {
    svc = await startExamService();
    ownerId = await addStaff(svc, tenantId);
    corrector = await addStaff(svc, tenantId);
    owner = await as(svc, tenantId, 'teacher', ownerId);
    admin = await as(svc, tenantId, 'admin', await addStaff(svc, tenantId, 'admin'));
  });
  afterAll(() => svc.close());

  const patch = (id: string, headers: Headers, payload: object, version?: number) =>
    svc.app.inject({ method: 'PATCH', url: `/exams/${id}`, headers: version === undefined ? headers : { ...headers, 'if-match': `"${version}"` }, payload });

  it('a teacher creates a draft exam they own, with the defaults, and ingestion is told what it needs', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/exams', headers: owner, payload: examInput({ correctorIds: [corrector] }) });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const exam = res.json<ExamView>();
    expect(exam).toMatchObject({ status: 'draft', ownerId, scaleTo: 20, coefficient: '1.0', headerRegion: DEFAULT_HEADER_REGION, date: '2026-03-12', schemeVersion: 0, version: 1 });
    const [created] = await outboxEvents(svc, 'exam.exam.created.v1', { examId: exam.id });
    expect(created).toMatchObject({ status: 'draft', pagesPerCopy: 2, headerRegion: DEFAULT_HEADER_REGION, correctorIds: [corrector], ownerId, classNames: ['3B'] });
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${exam.id}&action=exam.created`, headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ actor: { kind: 'user', userId: ownerId } }] });
  });

  it('accepts only active teachers and admins of the school as correctors and leads, naming each wrong one', async () => {
    const gone = await addStaff(svc, tenantId, 'teacher', false);
    const pupil = await addStaff(svc, tenantId, 'student');
    const elsewhere = await addStaff(svc, randomUUID());
    const adminId = await addStaff(svc, tenantId, 'admin');
    const res = await svc.app.inject({ method: 'POST', url: '/exams', headers: owner, payload: examInput({ correctorIds: [corrector, gone, pupil], leadTeacherIds: [elsewhere, randomUUID()] }) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: 'correctorIds[1]', message: expect.any(String) },
        { path: 'correctorIds[2]', message: expect.any(String) },
        { path: 'leadTeacherIds[0]', message: expect.any(String) },
        { path: 'leadTeacherIds[1]', message: expect.any(String) },
      ],
    });
    expect(res.json().errors).toHaveLength(4);
    const ok = await svc.app.inject({ method: 'POST', url: '/exams', headers: owner, payload: examInput({ correctorIds: [corrector, adminId] }) });
    expect(ok.statusCode).toBe(201);
  });

  it('a deactivated teacher stops being accepted as a corrector', async () => {
    const teacher = await addStaff(svc, tenantId);
    await svc.publish('identity.user.deactivated.v1', tenantId, { userId: teacher });
    await eventually('the deactivation', async () => (await rows(svc, 'select 1 from staff_member where user_id = ? and not active', [teacher])).length === 1);
    const res = await svc.app.inject({ method: 'POST', url: '/exams', headers: owner, payload: examInput({ correctorIds: [teacher] }) });
    expect(res.statusCode).toBe(422);
  });

  it('an edit needs If-Match: missing is 428, stale is 409 with the current exam, fresh is published', async () => {
    const exam = await createExam(svc, owner);
    expect((await patch(exam.id, owner, { name: 'Contrôle n°4' })).statusCode).toBe(428);
    const first = await patch(exam.id, owner, { name: 'Contrôle n°4', classNames: ['3B', '3C'] }, 1);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await patch(exam.id, owner, { name: 'Écrasé' }, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2, current: { name: 'Contrôle n°4', version: 2 } });
    const updates = await outboxEvents(svc, 'exam.exam.updated.v1', { examId: exam.id });
    expect(updates).toEqual([expect.objectContaining({ name: 'Contrôle n°4', classNames: ['3B', '3C'], status: 'draft' })]);
  });

  it('a refused edit changes nothing', async () => {
    const exam = await createExam(svc, owner);
    const bad = await patch(exam.id, owner, { name: 'Nouveau nom', pagesPerCopy: 0, headerRegion: { x: 0.5, y: 0, width: 0.6, height: 0.1 } }, 1);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.headerRegion', 'body.pagesPerCopy']);
    const badStaff = await patch(exam.id, owner, { name: 'Nouveau nom', correctorIds: [randomUUID()] }, 1);
    expect(badStaff.statusCode).toBe(422);
    const now = await svc.app.inject({ url: `/exams/${exam.id}`, headers: owner });
    expect(now.json()).toMatchObject({ name: exam.name, version: 1, correctorIds: [] });
    expect(await outboxEvents(svc, 'exam.exam.updated.v1', { examId: exam.id })).toEqual([]);
  });

  it('leads manage the exam with its owner, but only the owner or an admin chooses the leads', async () => {
    const leadId = await addStaff(svc, tenantId);
    const lead = await as(svc, tenantId, 'teacher', leadId);
    const exam = await createExam(svc, owner, { leadTeacherIds: [leadId] });
    expect((await patch(exam.id, lead, { subject: 'Physique-Chimie' }, 1)).statusCode).toBe(200);
    expect((await patch(exam.id, lead, { leadTeacherIds: [] }, 2)).statusCode).toBe(403);
    expect((await patch(exam.id, admin, { leadTeacherIds: [] }, 2)).statusCode).toBe(200);
    expect((await patch(exam.id, lead, { subject: 'SVT' }, 3)).statusCode).toBe(403);
  });

  it('moves draft → open → grading → closed, refusing other moves with 409 naming the status', async () => {
    const exam = await createExam(svc, owner);
    const early = await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/close`, headers: owner });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'invalid_state', currentStatus: 'draft', detail: expect.stringContaining('draft') });
    expect((await moveExam(svc, owner, exam.id, 'open')).status).toBe('open');
    const noScheme = await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/grading`, headers: owner });
    expect(noScheme.json()).toMatchObject({ status: 409, code: 'scheme_required' });
    const put = await svc.app.inject({ method: 'PUT', url: `/exams/${exam.id}/scheme`, headers: { ...owner, 'if-match': '"0"' }, payload: { nodes: [{ label: 'Exercice 1', maxPoints: '20' }] } });
    expect(put.statusCode).toBe(200);
    const noCorrectors = await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/grading`, headers: owner });
    expect(noCorrectors.json()).toMatchObject({ status: 409, code: 'no_correctors' });
    const withCorrector = await patch(exam.id, owner, { correctorIds: [corrector] }, 2);
    expect(withCorrector.statusCode).toBe(200);
    const stale = await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/grading`, headers: { ...owner, 'if-match': '"2"' } });
    expect(stale.statusCode).toBe(409);
    expect((await moveExam(svc, owner, exam.id, 'grading')).status).toBe('grading');
    expect((await moveExam(svc, owner, exam.id, 'close')).status).toBe('closed');
    const statuses = (await outboxEvents(svc, 'exam.exam.updated.v1', { examId: exam.id })).map((e) => e.status);
    expect(statuses).toEqual(['open', 'open', 'grading', 'closed']);
    const closedEdit = await patch(exam.id, owner, { name: 'Trop tard' }, 5);
    expect(closedEdit.json()).toMatchObject({ status: 409, currentStatus: 'closed' });
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${exam.id}&action=exam.status_changed`, headers: admin });
    expect(audit.json().items.map((i: { details: { to: string } }) => i.details.to).sort()).toEqual(['closed', 'grading', 'open']);
  });

  it('deletes a draft only, with If-Match, and says so', async () => {
    const draft = await createExam(svc, owner);
    const open = await createExam(svc, owner);
    await moveExam(svc, owner, open.id, 'open');
    expect((await svc.app.inject({ method: 'DELETE', url: `/exams/${draft.id}`, headers: owner })).statusCode).toBe(428);
    const refused = await svc.app.inject({ method: 'DELETE', url: `/exams/${open.id}`, headers: { ...owner, 'if-match': '"2"' } });
    expect(refused.json()).toMatchObject({ status: 409, currentStatus: 'open' });
    expect((await svc.app.inject({ method: 'DELETE', url: `/exams/${draft.id}`, headers: { ...owner, 'if-match': '"1"' } })).statusCode).toBe(204);
    expect((await svc.app.inject({ url: `/exams/${draft.id}`, headers: owner })).statusCode).toBe(404);
    expect(await outboxEvents(svc, 'exam.exam.deleted.v1', { examId: draft.id })).toHaveLength(1);
  });

  it('lists by status, class and involvement: teachers see only their exams, admins the school’s', async () => {
    const school = randomUUID();
    const [meId, colleagueId] = [await addStaff(svc, school), await addStaff(svc, school)];
    const [me, colleague] = [await as(svc, school, 'teacher', meId), await as(svc, school, 'teacher', colleagueId)];
    const schoolAdmin = await as(svc, school, 'admin');
    const mine = await createExam(svc, me, { classNames: ['6e A'] });
    const correcting = await createExam(svc, colleague, { classNames: ['5e B'], correctorIds: [meId] });
    const theirs = await createExam(svc, colleague, { classNames: ['6e A'] });
    await moveExam(svc, me, mine.id, 'open');
    const list = async (headers: Headers, query = '') => (await svc.app.inject({ url: `/exams${query}`, headers })).json<ExamList>();
    const ids = (page: ExamList) => page.items.map((e) => e.id).sort();
    expect(ids(await list(me))).toEqual([mine.id, correcting.id].sort());
    expect(ids(await list(schoolAdmin))).toEqual([mine.id, correcting.id, theirs.id].sort());
    expect(ids(await list(schoolAdmin, '?class=6e%20A'))).toEqual([mine.id, theirs.id].sort());
    expect(ids(await list(schoolAdmin, '?status=open'))).toEqual([mine.id]);
    expect(ids(await list(me, '?status=draft'))).toEqual([correcting.id]);
    const page = await list(schoolAdmin, '?limit=2&offset=0');
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(2);
    expect((await svc.app.inject({ url: `/exams/${theirs.id}`, headers: me })).statusCode).toBe(403);
    expect((await svc.app.inject({ url: `/exams/${correcting.id}`, headers: me })).statusCode).toBe(200);
  });

  it('documents its routes in /openapi.json', async () => {
    const res = await svc.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/exams', '/exams/{id}', '/exams/{id}/scheme', '/exams/{id}/copies', '/copies/{id}', '/exams/{id}/sheets.pdf']));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/exams/{id}/identification',
        '/copies/{id}/identify',
        '/exams/{id}/roster',
        '/exams/{id}/dispatch',
        '/exams/{id}/dispatches/{runId}',
        '/copies/{id}/assignment',
        '/copies/assigned',
        '/exams/{id}/release',
      ]),
    );
  });
});
