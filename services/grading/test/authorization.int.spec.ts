import { eventually, startTestService } from '@gradeline/runtime/testing';
import { type InjectOptions } from 'fastify';
import { service } from '../src/service';
import { ids } from './fixtures/scheme';
import { addCopy, createWorld, ifMatch, type Headers, type Svc, type World } from './support/world';

// Every grading route × every kind of caller → the status they get. 404 (never 403) for a copy that
// is not the caller's or not in their school; 403 for a role that lacks the permission.
type Who = 'corrector' | 'otherCorrector' | 'lead' | 'admin' | 'student' | 'otherTenant';
const WHO: Who[] = ['corrector', 'otherCorrector', 'lead', 'admin', 'student', 'otherTenant'];

interface RouteCase {
  route: string;
  expected: Record<Who, number>;
  request(who: Who, headers: Headers): Promise<InjectOptions>;
}

const row = (corrector: number, otherCorrector: number, lead: number, admin: number, student: number, otherTenant: number) =>
  ({ corrector, otherCorrector, lead, admin, student, otherTenant }) satisfies Record<Who, number>;

describe('who may use each grading route', () => {
  let svc: Svc;
  let world: World;
  let copyId: string;

  beforeAll(async () => {
    svc = await startTestService(service);
    world = await createWorld(svc);
    copyId = await addCopy(svc, world);
  });
  afterAll(() => svc.close());

  const headersOf = (who: Who): Headers => (who === 'otherTenant' ? world.as.otherTenantAdmin : world.as[who]);
  const version = async (id: string) => (await svc.app.inject({ url: `/copies/${id}/grading`, headers: world.as.admin })).json<{ version: number }>().version;
  const scoredCopy = async () => {
    const id = await addCopy(svc, world);
    const scores = [{ nodeId: ids.q1a, points: '2' }, { nodeId: ids.q1b, points: '1' }, { nodeId: ids.q2, points: '3' }];
    await svc.app.inject({ method: 'PATCH', url: `/copies/${id}/grading/scores`, headers: { ...world.as.admin, ...ifMatch(1) }, payload: { scores } });
    return id;
  };
  const annotation = async () => {
    const res = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/annotations`, headers: world.as.admin, payload: { kind: 'tick', page: 0, x: 0.2, y: 0.3 } });
    return res.json<{ id: string }>().id;
  };
  const sharedComment = async () => {
    const res = await svc.app.inject({ method: 'POST', url: `/exams/${world.examId}/comment-bank`, headers: world.as.corrector, payload: { text: 'Unités oubliées' } });
    return res.json<{ id: string }>().id;
  };
  const allowed = (who: Who) => who === 'corrector' || who === 'lead' || who === 'admin';

  const cases: RouteCase[] = [
    { route: 'GET /grading/copies', expected: row(200, 200, 200, 200, 403, 200), request: async (_w, headers) => ({ url: '/grading/copies', headers }) },
    { route: 'GET /copies/:id/grading', expected: row(200, 404, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/copies/${copyId}/grading`, headers }) },
    {
      route: 'PUT /copies/:id/grading/scores/:nodeId',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${ids.q1a}`, headers: { ...headers, ...ifMatch(await version(copyId)) }, payload: { points: '1' } }),
    },
    {
      route: 'PATCH /copies/:id/grading/scores',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (_w, headers) => ({
        method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...headers, ...ifMatch(await version(copyId)) }, payload: { scores: [{ nodeId: ids.q2, points: '2' }] },
      }),
    },
    {
      route: 'PUT /copies/:id/grading/comment',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'PUT', url: `/copies/${copyId}/grading/comment`, headers: { ...headers, ...ifMatch(await version(copyId)) }, payload: { comment: 'Bien' } }),
    },
    {
      route: 'POST /copies/:id/annotations',
      expected: row(201, 404, 201, 201, 403, 404),
      request: async (_w, headers) => ({ method: 'POST', url: `/copies/${copyId}/annotations`, headers, payload: { kind: 'cross', page: 1, x: 0.5, y: 0.5 } }),
    },
    {
      route: 'PATCH /copies/:id/annotations/:annotationId',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'PATCH', url: `/copies/${copyId}/annotations/${await annotation()}`, headers: { ...headers, ...ifMatch(1) }, payload: { x: 0.6 } }),
    },
    {
      route: 'DELETE /copies/:id/annotations/:annotationId',
      expected: row(204, 404, 204, 204, 403, 404),
      request: async (_w, headers) => ({ method: 'DELETE', url: `/copies/${copyId}/annotations/${await annotation()}`, headers: { ...headers, ...ifMatch(1) } }),
    },
    { route: 'GET /copies/:id/draft', expected: row(200, 404, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/copies/${copyId}/draft`, headers }) },
    {
      route: 'PUT /copies/:id/draft',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'PUT', url: `/copies/${copyId}/draft`, headers: { ...headers, ...ifMatch(0) }, payload: { content: { note: 'brouillon' } } }),
    },
    {
      route: 'POST /copies/:id/finalize',
      expected: row(200, 404, 200, 200, 403, 404),
      request: async (who, headers) => {
        const id = allowed(who) ? await scoredCopy() : copyId;
        return { method: 'POST', url: `/copies/${id}/finalize`, headers: { ...headers, ...ifMatch(await version(id)) } };
      },
    },
    {
      route: 'POST /copies/:id/reopen',
      expected: row(403, 403, 403, 200, 403, 404),
      request: async (who, headers) => {
        const id = await scoredCopy();
        await svc.app.inject({ method: 'POST', url: `/copies/${id}/finalize`, headers: { ...world.as.admin, ...ifMatch(2) } });
        return { method: 'POST', url: `/copies/${id}/reopen`, headers, payload: { reason: `check by ${who}` } };
      },
    },
    {
      route: 'POST /copies/:id/take-over',
      expected: row(403, 403, 403, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'POST', url: `/copies/${await addCopy(svc, world)}/take-over`, headers }),
    },
    { route: 'GET /copies/:id/pages/:n', expected: row(200, 404, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/copies/${copyId}/pages/2`, headers }) },
    { route: 'GET /copies/:id/history', expected: row(403, 404, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/copies/${copyId}/history`, headers }) },
    { route: 'GET /comment-bank', expected: row(200, 200, 200, 200, 403, 200), request: async (_w, headers) => ({ url: '/comment-bank', headers }) },
    {
      route: 'POST /comment-bank (for this exam)',
      expected: row(201, 201, 201, 201, 403, 404),
      request: async (_w, headers) => ({ method: 'POST', url: '/comment-bank', headers, payload: { text: 'À revoir', examId: world.examId, nodeId: ids.q2 } }),
    },
    {
      route: 'POST /comment-bank/:commentId/use (shared)',
      expected: row(200, 200, 200, 200, 403, 404),
      request: async (_w, headers) => ({ method: 'POST', url: `/comment-bank/${await sharedComment()}/use`, headers }),
    },
    {
      route: 'DELETE /comment-bank/:commentId (shared, by its author the corrector)',
      expected: row(204, 403, 204, 204, 403, 404),
      request: async (_w, headers) => ({ method: 'DELETE', url: `/comment-bank/${await sharedComment()}`, headers }),
    },
    { route: 'GET /exams/:id/comment-bank', expected: row(200, 200, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/exams/${world.examId}/comment-bank`, headers }) },
    {
      route: 'POST /exams/:id/comment-bank',
      expected: row(201, 201, 201, 201, 403, 404),
      request: async (_w, headers) => ({ method: 'POST', url: `/exams/${world.examId}/comment-bank`, headers, payload: { text: 'Soigner la rédaction' } }),
    },
    { route: 'GET /exams/:id/grading', expected: row(404, 404, 200, 200, 403, 404), request: async (_w, headers) => ({ url: `/exams/${world.examId}/grading`, headers }) },
  ];

  it('answers every route × caller as the table says', async () => {
    const actual: Record<string, Record<Who, number>> = {};
    const expected: Record<string, Record<Who, number>> = {};
    for (const c of cases) {
      expected[c.route] = c.expected;
      actual[c.route] = row(0, 0, 0, 0, 0, 0);
      for (const who of WHO) {
        const res = await svc.app.inject(await c.request(who, headersOf(who)));
        actual[c.route]![who] = res.statusCode;
        if (res.statusCode === 403 || res.statusCode === 404) expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(actual).toEqual(expected);
  }, 120_000);

  it("gives the exam's owner (neither lead nor corrector) what a lead gets on every route", async () => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const c of cases) {
      expected[c.route] = c.expected.lead;
      actual[c.route] = (await svc.app.inject(await c.request('lead', world.as.owner))).statusCode;
    }
    expect(actual).toEqual(expected);
  }, 120_000);

  it('refuses every route without a token', async () => {
    for (const c of cases) {
      const { headers: _h, ...request } = await c.request('admin', world.as.admin);
      expect([c.route, (await svc.app.inject(request)).statusCode]).toEqual([c.route, 401]);
    }
  }, 60_000);

  it('lets a taken-over corrector read the copy but not write it, and a reassignment ends the take-over', async () => {
    const id = await addCopy(svc, world);
    const taken = await svc.app.inject({ method: 'POST', url: `/copies/${id}/take-over`, headers: world.as.admin });
    expect(taken.json()).toEqual({ copyId: id, takenOverBy: world.admin, previousWriterId: world.corrector });
    expect((await svc.app.inject({ url: `/copies/${id}/grading`, headers: world.as.corrector })).statusCode).toBe(200);
    const write = await svc.app.inject({ method: 'PUT', url: `/copies/${id}/grading/scores/${ids.q2}`, headers: { ...world.as.corrector, ...ifMatch(1) }, payload: { points: '1' } });
    expect(write.json().code).toBe('copy_taken_over');
    const draft = await svc.app.inject({ method: 'PUT', url: `/copies/${id}/draft`, headers: { ...world.as.corrector, ...ifMatch(0) }, payload: { content: { kept: true } } });
    expect(draft.statusCode).toBe(200);
    const history = await svc.app.inject({ url: `/copies/${id}/history?limit=5`, headers: world.as.admin });
    expect(history.json().items[0]).toMatchObject({ action: 'grading.taken_over', actor: { userId: world.admin }, details: { previousWriterId: world.corrector } });
    await svc.publish('exam.copy.reassigned.v1', world.tenantId, { copyId: id, examId: world.examId, fromCorrectorId: world.corrector, toCorrectorId: world.otherCorrector, reason: null });
    const asOther = () => svc.app.inject({ method: 'PUT', url: `/copies/${id}/grading/scores/${ids.q2}`, headers: { ...world.as.otherCorrector, ...ifMatch(1) }, payload: { points: '1' } });
    await eventually('the reassignment', async () => (await svc.app.inject({ url: `/copies/${id}/grading`, headers: world.as.otherCorrector })).statusCode === 200);
    expect((await asOther()).statusCode).toBe(200);
    expect((await svc.app.inject({ url: `/copies/${id}/grading`, headers: world.as.corrector })).statusCode).toBe(404);
  });
});
