import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type ExportView } from '@gradeline/contracts';
import { randomUUID } from 'node:crypto';
import { service } from '../src/service';
import { ExportJob } from '../src/modules/exports/export-job.entity';
import { type Config } from '../src/config';
import { finalize, renderedCopy, seedExam, type SeededExam } from './support/scenario';

const DAY = 24 * 3_600_000;

// Teachers export an exam as jobs with progress; artefacts are downloaded (audited) until they expire.
describe('exam exports', () => {
  let svc: TestService<Config>;
  let seed: SeededExam;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  let owner: { authorization: string };

  beforeAll(async () => {
    svc = await startTestService(service, { clock, env: { EXPORT_POLL_INTERVAL: '100', EXPORT_TTL: '168h' } });
    seed = await seedExam(svc, { copies: 4, identified: 3 });
    owner = await svc.as({ role: 'teacher', tenantId: seed.tenantId, userId: seed.ownerId });
    for (const [i, copyId] of seed.copyIds.slice(0, 2).entries()) {
      await finalize(svc, seed, copyId, { total: i ? '12.345' : '15.5', globalComment: i ? '=SOMME(A1) bien' : 'Très bien ; continue.' });
    }
    await finalize(svc, seed, seed.copyIds[3]!, { total: '8' });
    for (const copyId of [seed.copyIds[0]!, seed.copyIds[1]!, seed.copyIds[3]!]) await renderedCopy(svc, copyId);
  });
  afterAll(() => svc.close());

  const request = (kind: string, headers = owner, purpose?: string) =>
    svc.app.inject({ method: 'POST', url: `/exams/${seed.examId}/exports`, headers, payload: { kind, ...(purpose ? { purpose } : {}) } });
  const done = async (exportId: string): Promise<ExportView> => {
    let view: ExportView | undefined;
    await eventually('the export done', async () => {
      view = (await svc.app.inject({ url: `/exports/${exportId}`, headers: owner })).json<ExportView>();
      return view.status === 'done' || view.status === 'failed';
    });
    return view!;
  };

  it('refuses a Pronote export while a graded copy is not identified, listing the copy', async () => {
    const res = await request('pronote_csv');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'export_blocked', blocking: [{ code: 'copies_not_identified', copyIds: [seed.copyIds[3]] }] });
  });

  it('exports the results CSV with every copy, a column per node, total and scaled mark', async () => {
    const res = await request('results_csv');
    expect(res.statusCode).toBe(202);
    const view = await done(res.json<{ exportId: string }>().exportId);
    expect(view).toMatchObject({ status: 'done', progress: { done: 4, total: 4 }, downloadPath: `/api/v1/exports/${view.id}/download` });
    const file = await svc.app.inject({ url: `/exports/${view.id}/download`, headers: owner });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''Contr%C3%B4le%20n%C2%B03%20-%20r%C3%A9sultats.csv");
    const lines = file.rawPayload.toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFCODE;NOM;PRENOM;CLASSE;STATUT;Exercice 1 — Fractions (/8);a) Simplifier (/3);b) Comparer (/5);Exercice 2 — Géométrie (/12);TOTAL;MAX;NOTE_SUR_20');
    expect(lines).toContain('AX100;DUPONT;Jeanne;4B;READY;6,5;2,5;4;9;15,5;20;15,50');
    expect(lines).toContain("AX102;LE GALL;Inès;4B;READY;;;;;;;");
    expect(lines.filter((l) => l.startsWith('AX'))).toHaveLength(4);
  });

  it('exports the Pronote file once the copies are identified, warning about the ungraded copy left out', async () => {
    await svc.publish('identity.student.upserted.v1', seed.tenantId, { studentId: 'b9c1c1e0-3c0a-4e44-9f5e-2f1f0b7f3a10', lastName: 'Aubert', firstName: 'Lina', birthDate: '2012-02-11', className: '4B', group: null, externalId: null });
    await svc.publish('exam.copy.identified.v1', seed.tenantId, { copyId: seed.copyIds[3]!, examId: seed.examId, studentId: 'b9c1c1e0-3c0a-4e44-9f5e-2f1f0b7f3a10', method: 'manual', confidence: null });
    await renderedCopy(svc, seed.copyIds[3]!, 1, 'b9c1c1e0-3c0a-4e44-9f5e-2f1f0b7f3a10');
    const res = await request('pronote_csv');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ warnings: [{ code: 'ungraded_copies_left_out', copyIds: [seed.copyIds[2]] }] });
    const view = await done(res.json<{ exportId: string }>().exportId);
    expect(view.warnings).toHaveLength(1);
    const file = await svc.app.inject({ url: `/exports/${view.id}/download`, headers: owner });
    expect(file.rawPayload.toString('utf8')).toBe(
      '\uFEFFNOM;PRENOM;DATE_NAISSANCE;MATIERE;NOTE;COEFF;COMMENTAIRE\r\n' +
      'AUBERT;Lina;11/02/2012;MATHÉMATIQUES;8,00;2,0;"Élève sérieuse ; continue ainsi."\r\n' +
      'DUPONT;Jeanne;10/01/2012;MATHÉMATIQUES;15,50;2,0;"Très bien ; continue."\r\n' +
      "N'DIAYE;Maël;11/02/2012;MATHÉMATIQUES;12,35;2,0;SOMME(A1) bien\r\n",
    );
  });

  it('zips every graded PDF named by student, audits the download, and answers 410 once expired', async () => {
    const res = await request('zip');
    expect(res.statusCode).toBe(202);
    const view = await done(res.json<{ exportId: string }>().exportId);
    expect(view).toMatchObject({ status: 'done', progress: { done: 3, total: 3 }, fileName: 'Contrôle n°3 - copies.zip' });
    const file = await svc.app.inject({ url: `/exports/${view.id}/download`, headers: owner });
    expect(file.statusCode).toBe(200);
    expect(file.headers).toMatchObject({ 'content-type': 'application/zip', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
    const zip = file.rawPayload;
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    for (const name of ['AUBERT Lina.pdf', 'DUPONT Jeanne.pdf', "N'DIAYE Maël.pdf"]) expect(zip.includes(Buffer.from(name, 'utf8'))).toBe(true);
    expect(zip.toString('latin1').split('%PDF-').length - 1).toBe(3);
    const admin = await svc.as({ role: 'admin', tenantId: seed.tenantId });
    const audit = (await svc.app.inject({ url: `/admin/audit?subjectId=${view.id}`, headers: admin })).json<{ items: Array<{ action: string }> }>();
    expect(audit.items.map((i) => i.action).sort()).toEqual(['export.completed', 'export.downloaded', 'export.requested']);
    offset = 8 * DAY;
    try {
      const expired = await svc.app.inject({ url: `/exports/${view.id}/download`, headers: owner });
      expect(expired.statusCode).toBe(410);
      expect(expired.json()).toMatchObject({ code: 'artefact_expired' });
    } finally {
      offset = 0;
    }
  });

  it('takes over a job whose worker died mid-run (its lease ran out), so exports survive restarts', async () => {
    const em = svc.deps.orm.em.fork();
    const job = Object.assign(new ExportJob(), {
      id: randomUUID(), tenantId: seed.tenantId, examId: seed.examId, kind: 'results_csv', status: 'running', attempts: 1,
      createdBy: seed.ownerId, startedAt: new Date(Date.now() - 120_000), lockedUntil: new Date(Date.now() - 60_000),
    });
    await em.persistAndFlush(job);
    const view = await done(job.id);
    expect(view).toMatchObject({ status: 'done', progress: { done: 4, total: 4 } });
    expect((await svc.deps.orm.em.fork().findOneOrFail(ExportJob, job.id)).attempts).toBe(2);
  });

  it('lets only the exam’s owner, its leads and admins of its school see its exports', async () => {
    const res = await request('results_csv');
    const id = res.json<{ exportId: string }>().exportId;
    const cases: Array<[string, { authorization: string }, number]> = [
      ['lead', await svc.as({ role: 'teacher', tenantId: seed.tenantId, userId: seed.leadId }), 200],
      ['admin', await svc.as({ role: 'admin', tenantId: seed.tenantId }), 200],
      ['other teacher', await svc.as({ role: 'teacher', tenantId: seed.tenantId }), 403],
      ['student', await svc.as({ role: 'student', tenantId: seed.tenantId }), 403],
      ['admin of another school', await svc.as({ role: 'admin', tenantId: '7d0b5a3e-8f1c-4d2a-9b6e-0c4f2e1a3b5d' }), 404],
    ];
    for (const [who, headers, status] of cases) {
      expect([who, (await svc.app.inject({ url: `/exports/${id}`, headers })).statusCode]).toEqual([who, status]);
      expect([who, (await request('zip', headers)).statusCode]).toEqual([who, status === 200 ? 202 : status]);
    }
  });
});
