import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestIssuer, type TestIssuer } from '@gradeline/auth/testing';
import { DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { connectBus, type Bus } from '@gradeline/messaging';
import { eventually, publishEvent } from '@gradeline/runtime/testing';
import { createTestDatabase, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import { ids, sampleNodes } from './fixtures/scheme';
import { migrateProcess, startServiceProcess, type ServiceProcess } from './support/service-process';

interface Ack {
  kind: 'score' | 'annotation';
  version?: number;
  points?: string;
  annotationId?: string;
}

// "A write is accepted only when committed": the service is SIGKILLed in the middle of a grading
// session and restarted; every write it acknowledged must be there afterwards.
describe('a grading session across a crash of the service', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let bus: Bus;
  let storeRoot: string;
  let env: Record<string, string>;
  let running: ServiceProcess | null = null;
  const tenantId = randomUUID();
  const examId = randomUUID();
  const copyId = randomUUID();
  const corrector = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase('gl_grading_kill_');
    issuer = await createTestIssuer();
    storeRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-grading-kill-'));
    const namespace = testNamespace();
    env = {
      NODE_ENV: 'test', DATABASE_URL: database.url, NATS_URL: await testNatsUrl(), NATS_NAMESPACE: namespace, JWKS_URL: issuer.jwksUrl,
      PUBLIC_URL: 'http://gradeline.test', STORAGE_KIND: 'fs', STORAGE_FS_ROOT: storeRoot, STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
    await migrateProcess(env);
    bus = await connectBus({ url: env.NATS_URL!, name: 'grading-kill-test', namespace });
  }, 120_000);

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    await bus?.close();
    await database?.drop();
    await issuer?.close();
    await fs.rm(storeRoot, { recursive: true, force: true });
  });

  it('keeps every acknowledged write after SIGKILL and restart', async () => {
    running = await startServiceProcess(env);
    const headers = { authorization: (await issuer.bearer({ sub: corrector, tid: tenantId, role: 'teacher', scp: 'full' })).authorization, 'content-type': 'application/json' };
    const admin = { authorization: (await issuer.bearer({ sub: randomUUID(), tid: tenantId, role: 'admin', scp: 'full' })).authorization };
    await publishEvent(bus, 'exam.exam.created.v1', tenantId, {
      examId, name: 'Devoir', subject: 'Physique', date: '2025-12-01', classNames: ['2A'], pagesPerCopy: 2, headerRegion: DEFAULT_HEADER_REGION,
      correctorIds: [corrector], leadTeacherIds: [], status: 'grading', scaleTo: 20, coefficient: '1',
    });
    await publishEvent(bus, 'exam.scheme.published.v1', tenantId, { examId, version: 1, nodes: sampleNodes(), total: '6', changedNodeIds: [], removedNodeIds: [] });
    const pages = [1, 2].map((number) => ({ number, objectKey: `${tenantId}/pages/${copyId}/${number}.jpg`, contentType: 'image/jpeg', size: 1, width: 10, height: 14 }));
    await publishEvent(bus, 'exam.copy.registered.v1', tenantId, { copyId, examId, batchId: randomUUID(), anonymousCode: 'CRASH1', status: 'READY', pages, headerCropKey: null });
    await publishEvent(bus, 'exam.copy.dispatched.v1', tenantId, { copyId, examId, correctorId: corrector, dispatchId: randomUUID() });

    const call = (method: string, url: string, body?: object, extra: Record<string, string> = {}) =>
      fetch(`${running!.url}${url}`, { method, headers: { ...headers, ...extra }, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(5_000) });
    const readDoc = async () => (await (await fetch(`${running!.url}/copies/${copyId}/grading`, { headers })).json()) as { version: number; annotations: Array<{ id: string }>; scores: Array<{ nodeId: string; points: string }> };
    await eventually('the copy to grade', async () => (await fetch(`${running!.url}/copies/${copyId}/grading`, { headers })).status === 200, 30_000);

    const acks: Ack[] = [];
    let version = (await readDoc()).version;
    /** One write, alternating a score and an annotation; only answered writes count as acknowledged. */
    const write = async (i: number): Promise<void> => {
      try {
        if (i % 2 === 0) {
          const points = ['0', '1', '2', '3'][i % 4]!;
          const res = await call('PUT', `/copies/${copyId}/grading/scores/${ids.q2}`, { points }, { 'if-match': `"${version}"` });
          if (res.status === 200) {
            version = ((await res.json()) as { version: number }).version;
            acks.push({ kind: 'score', version, points });
          } else if (res.status === 409) version = (await readDoc()).version;
        } else {
          const annotationId = randomUUID();
          const res = await call('POST', `/copies/${copyId}/annotations`, { id: annotationId, kind: 'tick', page: i % 2, x: (i % 90) / 100, y: 0.5 });
          if (res.status === 201) acks.push({ kind: 'annotation', annotationId });
        }
      } catch {
        // no answer: the write may or may not have committed; it was not acknowledged
      }
    };

    let i = 0;
    for (let crash = 0; crash < 2; crash++) {
      const target = acks.length + 12;
      while (acks.length < target) await write(i++);
      // Kill while the next write is on its way.
      const inFlight = write(i++);
      running.child.kill('SIGKILL');
      await inFlight;
      expect(await running.exited).toBeNull();
      running = await startServiceProcess(env);
      version = (await readDoc()).version;
    }
    for (let n = 0; n < 6; n++) await write(i++);

    const doc = await readDoc();
    const annotationIds = new Set(doc.annotations.map((a) => a.id));
    const lost = acks.filter((a) => a.kind === 'annotation' && !annotationIds.has(a.annotationId!));
    expect(lost).toEqual([]);
    const scoreAcks = acks.filter((a) => a.kind === 'score');
    expect(scoreAcks.length).toBeGreaterThan(10);
    expect(doc.version).toBeGreaterThanOrEqual(Math.max(...scoreAcks.map((a) => a.version!)));
    const history = (await (await fetch(`${running.url}/copies/${copyId}/history?limit=500`, { headers: admin })).json()) as {
      items: Array<{ action: string; details: { documentVersion?: number; changes?: Array<{ to: { points: string } }> } }>;
    };
    const committed = new Map(history.items.filter((e) => e.action === 'grading.scores_changed').map((e) => [e.details.documentVersion, e.details.changes![0]!.to.points]));
    expect(scoreAcks.filter((a) => committed.get(a.version) !== a.points)).toEqual([]);
    const last = scoreAcks[scoreAcks.length - 1]!;
    if (doc.version === last.version) expect(doc.scores.find((s) => s.nodeId === ids.q2)?.points).toBe(last.points);
  }, 180_000);
});
