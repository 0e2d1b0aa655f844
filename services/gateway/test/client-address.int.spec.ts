import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type AuditPage } from '@gradeline/contracts';
import { platformMigrations } from '@gradeline/db';
import { auditContext, RuntimeConfig, type ServiceDefinition } from '@gradeline/runtime';
import { startTestService, type TestService } from '@gradeline/runtime/testing';
import { startTestGateway, type TestGateway } from './support/gateway';

// A stand-in exam service on the real runtime: creating an exam writes an audit entry, as every
// service's audited writes do (auditContext: the caller and their address).
const auditedService: ServiceDefinition = {
  name: 'exam',
  config: RuntimeConfig,
  entities: [],
  migrations: platformMigrations,
  routes(app, deps) {
    app.post('/exams', async (request, reply) => {
      deps.audit.record(request.em, { ...auditContext(request), action: 'exam.created', subjectType: 'exam', subjectId: randomUUID() });
      await request.em.flush();
      return reply.code(201).send({});
    });
  },
};

/** POST from a chosen local address (127.0.0.2 is loopback on Linux, but not the gateway's). */
function postFrom(localAddress: string, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', localAddress, headers: { ...headers, 'content-type': 'application/json' } }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', reject).end('{}');
  });
}

// The address an audit entry records is the user's, never the gateway's, and nobody but the
// gateway can choose it by sending X-Forwarded-For.
describe('the client address services record behind the gateway', () => {
  let exam: TestService;
  let examUrl: string;
  let gateway: TestGateway;
  const tenantId = randomUUID();

  beforeAll(async () => {
    // The service believes only the gateway (which connects from 127.0.0.1).
    exam = await startTestService(auditedService, { env: { TRUSTED_PROXIES: '127.0.0.1' }, background: false });
    await exam.app.listen({ port: 0, host: '127.0.0.1' });
    examUrl = `http://127.0.0.1:${(exam.app.server.address() as AddressInfo).port}`;
    // One proxy (an ingress, played by the test) stands in front of the gateway.
    gateway = await startTestGateway({ EXAM_URL: examUrl, TRUST_PROXY_HOPS: '1' }, { issuer: exam.issuer, background: false });
  });
  afterAll(async () => {
    await gateway?.close();
    await exam?.close();
  });

  const recordedAddresses = async (): Promise<Array<string | null>> => {
    const res = await exam.app.inject({ url: '/admin/audit?action=exam.created', headers: await exam.as({ role: 'admin', tenantId }) });
    return res.json<AuditPage>().items.map((entry) => entry.ip);
  };

  it('records the user’s address for an action taken through the gateway, not one the user wrote', async () => {
    const teacher = await exam.as({ role: 'teacher', tenantId });
    // The ingress appends the address it saw; the entry before it is whatever the client claimed.
    const status = await postFrom('127.0.0.1', `${gateway.url}/api/v1/exams`, { ...teacher, 'x-forwarded-for': '6.6.6.6, 203.0.113.7' });
    expect(status).toBe(201);
    expect(await recordedAddresses()).toEqual(['203.0.113.7']);
  });

  it('ignores X-Forwarded-For sent straight to the service from an address it does not trust', async () => {
    const teacher = await exam.as({ role: 'teacher', tenantId });
    expect(await postFrom('127.0.0.2', `${examUrl}/exams`, { ...teacher, 'x-forwarded-for': '198.51.100.9' })).toBe(201);
    expect(await recordedAddresses()).toContain('127.0.0.2');
    expect(await recordedAddresses()).not.toContain('198.51.100.9');
  });
});
