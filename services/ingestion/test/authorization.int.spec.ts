import { randomUUID } from 'node:crypto';
import { PLATFORM_TENANT_ID, type AssembledCopyList, type ReviewList, type Role } from '@gradeline/contracts';
import { publishExam, multipart, startIngestion, uploadAndProcess, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

jest.setTimeout(60_000);

type Caller = 'anonymous' | Role | 'admin of another school';

interface Route {
  name: string;
  method: 'GET' | 'POST';
  url: () => string;
  /** What staff of the school get: the route's answer once allowed (writes are sent with a stale If-Match). */
  allowed: number;
  body?: () => { payload: Buffer | object; headers?: Headers };
}

// Who may do what: staff of the school (admin, teacher) reach every route; students and platform
// admins are refused by permission (403); another school's staff learn nothing, not even that the
// batch exists (404); without a token, 401.
const expected = (caller: Caller, route: Route): number =>
  ({ anonymous: 401, student: 403, platform_admin: 403, 'admin of another school': 404, admin: route.allowed, teacher: route.allowed })[caller];

describe('who may use the ingestion routes', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let pdf: Buffer;
  let examId: string;
  let batchId: string;
  let itemId: string;
  let copyId: string;
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion();
    svc = ingestion.svc;
    examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    pdf = (await ingestion.scans.generate({ copies: [{ student: null }], pagesPerCopy: 3, seed: 71, dpi: 150 })).pdf;
    const staff = await svc.as({ role: 'admin', tenantId });
    batchId = (await uploadAndProcess(svc, staff, examId, pdf)).id;
    itemId = (await svc.app.inject({ url: `/batches/${batchId}/review`, headers: staff })).json<ReviewList>().items[0]!.id;
    copyId = (await svc.app.inject({ url: `/batches/${batchId}/copies`, headers: staff })).json<AssembledCopyList>().items[0]!.id;
  });
  afterAll(() => ingestion.close());

  const stale = () => ({ payload: {}, headers: { 'if-match': '"999"' } });
  const routes: Route[] = [
    { name: 'upload', method: 'POST', url: () => `/exams/${examId}/batches?force=true`, allowed: 202, body: () => multipart(pdf) },
    { name: 'list batches', method: 'GET', url: () => `/exams/${examId}/batches`, allowed: 200 },
    { name: 'batch status', method: 'GET', url: () => `/batches/${batchId}`, allowed: 200 },
    { name: 'review list', method: 'GET', url: () => `/batches/${batchId}/review`, allowed: 200 },
    { name: 'review item', method: 'GET', url: () => `/batches/${batchId}/review/${itemId}`, allowed: 200 },
    {
      name: 'assign',
      method: 'POST',
      url: () => `/batches/${batchId}/review/${itemId}/assign`,
      allowed: 409,
      body: () => ({ payload: { copyId, pageNumber: 3 }, headers: { 'if-match': '"999"' } }),
    },
    { name: 'discard', method: 'POST', url: () => `/batches/${batchId}/review/${itemId}/discard`, allowed: 409, body: stale },
    { name: 'copies', method: 'GET', url: () => `/batches/${batchId}/copies`, allowed: 200 },
    { name: 'copy', method: 'GET', url: () => `/batches/${batchId}/copies/${copyId}`, allowed: 200 },
    { name: 'complete copy', method: 'POST', url: () => `/batches/${batchId}/copies/${copyId}/complete`, allowed: 409, body: stale },
    { name: 'page images', method: 'GET', url: () => `/batches/${batchId}/pages/1`, allowed: 200 },
  ];
  const callers: Caller[] = ['anonymous', 'student', 'platform_admin', 'admin of another school', 'admin', 'teacher'];

  async function headersOf(caller: Caller): Promise<Headers> {
    if (caller === 'anonymous') return {};
    if (caller === 'admin of another school') return svc.as({ role: 'admin', tenantId: randomUUID() });
    return svc.as({ role: caller, tenantId: caller === 'platform_admin' ? PLATFORM_TENANT_ID : tenantId });
  }

  it.each(routes.flatMap((route) => callers.map((caller) => [route.name, caller, route] as const)))('%s, as %s', async (_name, caller, route) => {
    const body = route.body?.();
    const res = await svc.app.inject({
      method: route.method,
      url: route.url(),
      headers: { ...(await headersOf(caller)), ...body?.headers },
      ...(body ? { payload: body.payload } : {}),
    });
    expect(res.statusCode).toBe(expected(caller, route));
  });
});
