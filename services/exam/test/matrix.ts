import { randomUUID } from 'node:crypto';
import { PLATFORM_TENANT_ID } from '@gradeline/contracts';
import { addStaff, as, type ExamTestService, type Headers } from './support';

// Route × kind of caller → the status each gets. A school admin manages every exam of the school;
// a teacher manages the exams they own or lead and reads those they correct; students and
// platform admins have no exam permission (403); another school's exam does not exist (404).
export const CALLERS = ['admin', 'owner', 'lead', 'corrector', 'otherTeacher', 'student', 'platformAdmin', 'anonymous', 'foreignAdmin', 'foreignTeacher'] as const;
export type CallerName = (typeof CALLERS)[number];
export type Expected = Record<CallerName, number>;

export const row = (admin: number, owner: number, lead: number, corrector: number, otherTeacher: number, student: number, platformAdmin: number, anonymous: number, foreignAdmin: number, foreignTeacher: number): Expected => ({
  admin, owner, lead, corrector, otherTeacher, student, platformAdmin, anonymous, foreignAdmin, foreignTeacher,
});
export const READ = row(200, 200, 200, 200, 403, 403, 403, 401, 404, 404);
export const MANAGE = row(200, 200, 200, 403, 403, 403, 403, 401, 404, 404);

export interface MatrixRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: object;
  ifMatch?: number;
}

/** A request per caller (by index), so that a success does not change the target of the next one. */
export type RequestFor = (i: number) => Promise<MatrixRequest>;

export interface MatrixCallers {
  headers: Record<CallerName, Headers>;
  ownerId: string;
  leadId: string;
  correctorId: string;
}

/** Every kind of caller: the owner, lead and corrector of the exams under test are active staff of the school. */
export async function matrixCallers(svc: ExamTestService, tenantId: string): Promise<MatrixCallers> {
  const [ownerId, leadId, correctorId] = [await addStaff(svc, tenantId), await addStaff(svc, tenantId), await addStaff(svc, tenantId)];
  const foreign = randomUUID();
  const headers: Record<CallerName, Headers> = {
    admin: await as(svc, tenantId, 'admin'),
    owner: await as(svc, tenantId, 'teacher', ownerId),
    lead: await as(svc, tenantId, 'teacher', leadId),
    corrector: await as(svc, tenantId, 'teacher', correctorId),
    otherTeacher: await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId)),
    student: await as(svc, tenantId, 'student'),
    platformAdmin: await as(svc, PLATFORM_TENANT_ID, 'platform_admin'),
    anonymous: {},
    foreignAdmin: await as(svc, foreign, 'admin'),
    foreignTeacher: await as(svc, foreign, 'teacher'),
  };
  return { headers, ownerId, leadId, correctorId };
}

/** What each caller gets for the route; every refusal must be a problem document. */
export async function statusesFor(svc: ExamTestService, headers: Record<CallerName, Headers>, request: RequestFor): Promise<Expected> {
  const actual = {} as Expected;
  for (const [i, caller] of CALLERS.entries()) {
    const { method, url, payload, ifMatch } = await request(i);
    const extra = ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` };
    const res = await svc.app.inject({ method, url, payload, headers: { ...headers[caller], ...extra } });
    actual[caller] = res.statusCode;
    if (res.statusCode >= 400 && !String(res.headers['content-type']).includes('application/problem+json')) {
      throw new Error(`${caller} ${method} ${url}: ${res.statusCode} without a problem document`);
    }
  }
  return actual;
}
