// A synthetic school for integration tests, built the way production builds it: only from the exam
// service's events, published on the test's own NATS namespace.
import { randomUUID } from 'node:crypto';
import { DEFAULT_HEADER_REGION, type CopyPage, type Envelope, type EventType, type NormalisedRect, type SchemeNode } from '@gradeline/contracts';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../../src/config';
import { service } from '../../src/service';
import { sampleNodes } from '../fixtures/scheme';

export type Svc = TestService<Config>;
export type Headers = { authorization: string };

export interface World {
  tenantId: string;
  examId: string;
  corrector: string;
  otherCorrector: string;
  lead: string;
  /** Created the exam; neither a lead nor a corrector. */
  owner: string;
  admin: string;
  as: {
    corrector: Headers;
    otherCorrector: Headers;
    lead: Headers;
    owner: Headers;
    admin: Headers;
    student: Headers;
    otherTenantAdmin: Headers;
    otherTenantTeacher: Headers;
  };
}

export interface WorldOptions {
  headerRegion?: NormalisedRect;
  nodes?: SchemeNode[];
  total?: string;
}

/** An exam with two correctors, a lead and a published scheme (sample: 1a 2 pts, 1b 1 pt, 2 3 pts). */
export async function createWorld(svc: Svc, options: WorldOptions = {}): Promise<World> {
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const [corrector, otherCorrector, lead, owner, admin] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const examId = randomUUID();
  const as = {
    corrector: await svc.as({ role: 'teacher', tenantId, userId: corrector }),
    otherCorrector: await svc.as({ role: 'teacher', tenantId, userId: otherCorrector }),
    lead: await svc.as({ role: 'teacher', tenantId, userId: lead }),
    owner: await svc.as({ role: 'teacher', tenantId, userId: owner }),
    admin: await svc.as({ role: 'admin', tenantId, userId: admin }),
    student: await svc.as({ role: 'student', tenantId }),
    otherTenantAdmin: await svc.as({ role: 'admin', tenantId: otherTenant }),
    otherTenantTeacher: await svc.as({ role: 'teacher', tenantId: otherTenant, userId: corrector }),
  };
  await svc.publish('exam.exam.created.v1', tenantId, {
    examId, name: 'Contrôle de synthèse', subject: 'Mathématiques', date: '2025-11-20', classNames: ['3B'], pagesPerCopy: 2,
    headerRegion: options.headerRegion ?? DEFAULT_HEADER_REGION, correctorIds: [corrector, otherCorrector], leadTeacherIds: [lead],
    ownerId: owner, status: 'grading', scaleTo: 20, coefficient: '1',
  });
  await publishScheme(svc, tenantId, examId, 1, options.nodes ?? sampleNodes(), options.total ?? '6');
  const world = { tenantId, examId, corrector, otherCorrector, lead, owner, admin, as };
  await eventually('the exam and its scheme', async () => {
    const rows = await svc.deps.orm.em.fork().execute<Array<{ n: number }>>(
      `select (select count(*) from exam where id = ?)::int + (select count(*) from scheme_version where exam_id = ?)::int as n`,
      [examId, examId],
    );
    return rows[0]?.n === 2;
  });
  return world;
}

export async function publishScheme(
  svc: Svc, tenantId: string, examId: string, version: number, nodes: SchemeNode[], total: string,
  change: { changedNodeIds?: string[]; removedNodeIds?: string[] } = {},
): Promise<void> {
  await svc.publish('exam.scheme.published.v1', tenantId, {
    examId, version, nodes, total, changedNodeIds: change.changedNodeIds ?? [], removedNodeIds: change.removedNodeIds ?? [],
  });
}

export function fakePages(tenantId: string, copyId: string, count = 2): CopyPage[] {
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1, objectKey: `${tenantId}/ingestion/pages/${copyId}/${i + 1}.jpg`, contentType: 'image/jpeg', size: 1000, width: 1654, height: 2339,
  }));
}

/** A READY copy dispatched to `correctorId` (the world's corrector by default), visible once consumed. */
export async function addCopy(svc: Svc, world: World, options: { correctorId?: string | null; pages?: CopyPage[] } = {}): Promise<string> {
  const copyId = randomUUID();
  const correctorId = options.correctorId === undefined ? world.corrector : options.correctorId;
  const pages = options.pages ?? fakePages(world.tenantId, copyId);
  await svc.publish('exam.copy.registered.v1', world.tenantId, {
    copyId, examId: world.examId, batchId: randomUUID(), anonymousCode: `K${copyId.slice(0, 6).toUpperCase()}`, status: 'STAGING', pages, headerCropKey: null,
  });
  await svc.publish('exam.copy.transitioned.v1', world.tenantId, { copyId, examId: world.examId, from: 'STAGING', to: 'READY', reason: null });
  if (correctorId) await svc.publish('exam.copy.dispatched.v1', world.tenantId, { copyId, examId: world.examId, correctorId, dispatchId: randomUUID() });
  await eventually('the copy in grading', async () => {
    const [row] = await svc.deps.orm.em.fork().execute<Array<{ status: string | null; corrector_id: string | null; pages: unknown[] }>>(
      'select status, corrector_id, pages from copy where id = ?',
      [copyId],
    );
    return row?.status === 'READY' && row.corrector_id === correctorId && row.pages.length === pages.length;
  });
  return copyId;
}

/** Every event of `type` this service published (read back from its JetStream stream). */
export async function publishedEvents<T extends EventType>(svc: Svc, type: T): Promise<Array<Envelope<T>>> {
  const { bus } = svc.deps;
  const stream = bus.streamOfType(type);
  const info = await bus.jsm.streams.info(stream);
  const out: Array<Envelope<T>> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (message?.subject === bus.subject(type)) out.push(message.json<Envelope<T>>());
  }
  return out;
}

/** Waits for `count` events of `type` about `copyId` to be on the bus. */
export async function eventsAbout<T extends EventType>(svc: Svc, type: T, copyId: string, count = 1): Promise<Array<Envelope<T>>> {
  let found: Array<Envelope<T>> = [];
  await eventually(`${count} ${type} of ${copyId}`, async () => {
    found = (await publishedEvents(svc, type)).filter((e) => (e.data as { copyId?: string }).copyId === copyId);
    return found.length >= count;
  });
  return found;
}

export const ifMatch = (version: number | string) => ({ 'if-match': `"${version}"` });

/** A grading service of its own (database, NATS namespace, store) with a world in it. */
export async function startWorld(options: WorldOptions = {}): Promise<{ svc: Svc; world: World }> {
  const svc = await startTestService(service);
  return { svc, world: await createWorld(svc, options) };
}
