import { ProblemDetails } from '@gradeline/contracts';
import { z } from 'zod';
import { AppError } from '../src/errors';
import { createServer, type ServerOptions } from '../src/server';
import { setRequestTenant } from '../src/request-context';
import { captureLogs } from './log-capture';

const CreateExam = z.object({ name: z.string().min(1), maxPoints: z.number().int().positive() });

function build(options: Partial<ServerOptions> = {}, level = 'info') {
  const logs = captureLogs(level);
  const app = createServer({ service: 'exam', logger: logs.logger, version: '1.2.3', ...options });
  app.post('/exams', { schema: { body: CreateExam } }, async (request, reply) =>
    reply.code(201).send({ name: request.body.name }),
  );
  app.get('/exams/:id', { schema: { params: z.object({ id: z.uuid() }), querystring: z.object({ limit: z.coerce.number().int().max(10).optional() }) } }, async (request) => ({ id: request.params.id }));
  app.get('/conflict', async () => {
    throw new AppError('version_conflict', 'the exam changed meanwhile', { extensions: { currentVersion: 7 } });
  });
  app.get('/throttled', async () => {
    throw new AppError('rate_limited', 'slow down', { retryAfterSeconds: 30 });
  });
  app.get('/boom', async () => {
    throw new Error('db password=SENTINEL-leak at pg.connect');
  });
  app.get('/tenant', async (request, reply) => {
    setRequestTenant(request, '6f1c9a4e-0000-4000-8000-000000000001', reply);
    request.log.info('inside tenant route');
    return { ok: true };
  });
  return { app, logs };
}

function problemOf(body: string): ProblemDetails {
  return ProblemDetails.parse(JSON.parse(body));
}

describe('createServer: errors as problem+json', () => {
  it('answers an AppError with its status, code, detail and extensions', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res.body)).toMatchObject({
      type: 'https://gradeline.dev/problems/version_conflict',
      title: 'Conflict',
      status: 409,
      code: 'version_conflict',
      detail: 'the exam changed meanwhile',
      requestId: res.headers['x-request-id'],
      currentVersion: 7,
    });
  });

  it('sends Retry-After for an AppError that says how long to wait', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'GET', url: '/throttled' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('30');
    expect(problemOf(res.body).code).toBe('rate_limited');
  });

  it('answers an invalid body with 422 naming each bad field', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'POST', url: '/exams', payload: { name: '', maxPoints: 'ten' } });
    expect(res.statusCode).toBe(422);
    const body = problemOf(res.body);
    expect(body.code).toBe('validation_failed');
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['body.maxPoints', 'body.name']);
  });

  it('names params and querystring fields with their location', async () => {
    const { app } = build();
    const params = await app.inject({ method: 'GET', url: '/exams/not-a-uuid' });
    expect(problemOf(params.body).errors?.map((e) => e.path)).toEqual(['params.id']);
    const query = await app.inject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001?limit=99' });
    expect(problemOf(query.body).errors?.map((e) => e.path)).toEqual(['querystring.limit']);
  });

  it('answers malformed JSON with 422 validation_failed', async () => {
    const { app } = build();
    const res = await app.inject({
      method: 'POST',
      url: '/exams',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Algebra",',
    });
    expect(res.statusCode).toBe(422);
    expect(problemOf(res.body)).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body' }] });
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const { app } = build({ bodyLimit: 64 });
    const res = await app.inject({ method: 'POST', url: '/exams', payload: { name: 'x'.repeat(200), maxPoints: 20 } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res.body).code).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const { app } = build();
    const res = await app.inject({
      method: 'POST',
      url: '/exams',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'name=x',
    });
    expect(res.statusCode).toBe(415);
    expect(problemOf(res.body).code).toBe('unsupported_media_type');
  });

  it('answers an unknown route with 404 not_found', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res.body)).toMatchObject({ code: 'not_found', status: 404, title: 'Not Found' });
  });

  it('hides an unexpected error behind a generic 500 but logs it in full with the requestId', async () => {
    const { app, logs } = build();
    const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-boom-1' } });
    expect(res.statusCode).toBe(500);
    const body = problemOf(res.body);
    expect(body).toMatchObject({ code: 'internal', status: 500, requestId: 'req-boom-1' });
    expect(res.body).not.toContain('SENTINEL');
    expect(res.body).not.toContain('pg.connect');
    const logged = logs.lines().find((line) => line['msg'] === 'request failed');
    expect(logged).toMatchObject({ requestId: 'req-boom-1', code: 'internal' });
    expect(JSON.stringify(logged)).toContain('SENTINEL-leak');
  });
});

describe('createServer: request ids and log context', () => {
  it('echoes a sane incoming x-request-id and logs it on every request line', async () => {
    const { app, logs } = build();
    const res = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc.DEF_123-x' } });
    expect(res.headers['x-request-id']).toBe('abc.DEF_123-x');
    const { app: other, logs: otherLogs } = build({}, 'debug');
    await other.inject({ method: 'GET', url: '/tenant', headers: { 'x-request-id': 'req-tenant' } });
    const requestLines = otherLogs.lines().filter((line) => 'req' in line || 'res' in line);
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const line of requestLines) expect(line['requestId']).toBe('req-tenant');
    expect(logs.text()).not.toContain('abc.DEF_123-x'); // probe requests are not logged at info
  });

  it('generates a uuid when the incoming id is missing or not a sane token', async () => {
    const { app } = build();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const missing = await app.inject({ method: 'GET', url: '/health/live' });
    const hostile = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'a b<script>' } });
    const long = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'a'.repeat(129) } });
    for (const res of [missing, hostile, long]) expect(res.headers['x-request-id']).toMatch(uuid);
    expect(missing.headers['x-request-id']).not.toBe(hostile.headers['x-request-id']);
  });

  it('writes no line for a successful request at info, and the request lines at debug', async () => {
    const quiet = build();
    await quiet.app.inject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001' });
    expect(quiet.logs.lines()).toEqual([]);
    const verbose = build({}, 'debug');
    await verbose.app.inject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001' });
    expect(verbose.logs.lines().map((line) => [line['msg'], line['level']])).toEqual([
      ['incoming request', 'debug'],
      ['request completed', 'debug'],
    ]);
  });

  it('logs the request path without its query string, and no authorization header', async () => {
    const { app, logs } = build({}, 'debug');
    await app.inject({
      method: 'GET',
      url: '/exams/6f1c9a4e-0000-4000-8000-000000000001?q=SENTINEL-surname&token=SENTINEL-token',
      headers: { authorization: 'Bearer SENTINEL-jwt' },
    });
    const incoming = logs.lines().find((line) => line['msg'] === 'incoming request');
    expect(incoming?.['req']).toMatchObject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001' });
    expect(logs.text()).not.toContain('SENTINEL');
  });

  it('adds tenantId to later log lines once setRequestTenant is called', async () => {
    const { app, logs } = build({}, 'debug');
    await app.inject({ method: 'GET', url: '/tenant' });
    const inside = logs.lines().find((line) => line['msg'] === 'inside tenant route');
    const completed = logs.lines().find((line) => line['msg'] === 'request completed');
    expect(inside?.['tenantId']).toBe('6f1c9a4e-0000-4000-8000-000000000001');
    expect(completed?.['tenantId']).toBe('6f1c9a4e-0000-4000-8000-000000000001');
  });

  it('builds a pino child only for a request that writes a line, with all its bindings on it', async () => {
    const { app, logs } = build();
    const child = jest.spyOn(logs.logger, 'child');
    // Successful requests write nothing at info (setRequestTenant included): no child is built.
    await app.inject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001' });
    await app.inject({ method: 'POST', url: '/exams', payload: { name: 'Maths', maxPoints: 20 } });
    expect(child).not.toHaveBeenCalled();
    // A line at info builds one child, with the request id and the tenant together.
    await app.inject({ method: 'GET', url: '/tenant', headers: { 'x-request-id': 'req-lazy' } });
    expect(child).toHaveBeenCalledTimes(1);
    expect(logs.lines()).toEqual([expect.objectContaining({ msg: 'inside tenant route', requestId: 'req-lazy', tenantId: '6f1c9a4e-0000-4000-8000-000000000001' })]);
  });
});

describe('createServer: health', () => {
  it('answers live while the process runs', async () => {
    const { app } = build();
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when every check passes', async () => {
    const { app } = build({ readiness: { database: async () => undefined, bus: async () => undefined } });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', bus: 'ok' } });
  });

  it('answers 503 naming the failing and the hanging check, without error text', async () => {
    const { app } = build({
      readinessTimeoutMs: 50,
      readiness: {
        database: async () => undefined,
        bus: () => Promise.reject(new Error('nats: SENTINEL connection refused')),
        store: () => new Promise<void>(() => undefined),
      },
    });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', bus: 'fail', store: 'fail' } });
    expect(res.body).not.toContain('SENTINEL');
  });
});

describe('createServer: metrics', () => {
  it('exposes the request histogram labelled with the route template', async () => {
    const { app } = build();
    await app.inject({ method: 'GET', url: '/exams/6f1c9a4e-0000-4000-8000-000000000001' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      'http_request_duration_seconds_count{method="GET",route="/exams/:id",status_code="200"} 1',
    );
    expect(res.body).toContain('http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1');
    expect(res.body).not.toContain('6f1c9a4e-0000');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('gives each server its own registry, where services add their counters', async () => {
    const first = build().app;
    const second = build().app;
    expect(first.metrics.registry).not.toBe(second.metrics.registry);
    await first.inject({ method: 'GET', url: '/health/live' });
    const { Counter } = await import('prom-client');
    new Counter({ name: 'exam_copies_registered_total', help: 'copies', registers: [second.metrics.registry] }).inc(2);
    const firstText = (await first.inject({ method: 'GET', url: '/metrics' })).body;
    const secondText = (await second.inject({ method: 'GET', url: '/metrics' })).body;
    expect(firstText).toContain('route="/health/live"');
    expect(secondText).not.toContain('route="/health/live"');
    expect(secondText).toContain('exam_copies_registered_total 2');
    expect(firstText).not.toContain('exam_copies_registered_total');
  });
});

describe('createServer: OpenAPI', () => {
  it('documents a zod-typed route with its body schema and hides infrastructure routes', async () => {
    const { app } = build({ openapi: { title: 'Exam service', description: 'Exams and copies' } });
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: 'Exam service', version: '1.2.3' });
    const schema = doc.paths['/exams']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['name', 'maxPoints']),
      properties: { name: { type: 'string', minLength: 1 }, maxPoints: { type: 'integer' } },
    });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/exams', '/exams/{id}']));
    for (const hidden of ['/health/live', '/health/ready', '/metrics', '/openapi.json']) {
      expect(doc.paths[hidden]).toBeUndefined();
    }
  });
});
