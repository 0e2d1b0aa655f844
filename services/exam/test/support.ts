import { randomUUID } from 'node:crypto';
import { type CopyAssembledV1, type CopyReadV1, type CreateExamRequest, type EventData, type EventType, type ExamView, type Role } from '@gradeline/contracts';
import { createLogger } from '@gradeline/kit';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../src/config';
import { service } from '../src/service';

export type ExamTestService = TestService<Config>;
export type Headers = Record<string, string>;

// EXAM_TEST_LOG=error (or debug) shows the service's log lines while a test runs.
const level = process.env.EXAM_TEST_LOG;
export const startExamService = (): Promise<ExamTestService> =>
  startTestService(service, level ? { logger: createLogger({ service: 'exam', level }) } : {});

/** A staff account of the school as identity announces it; resolves once the read model has it. */
export async function addStaff(svc: ExamTestService, tenantId: string, role: Role = 'teacher', active = true): Promise<string> {
  const userId = randomUUID();
  await svc.publish('identity.user.created.v1', tenantId, { userId, username: `u${userId.slice(0, 8)}`, displayName: 'Synthetic Teacher', role, active, studentId: null });
  await eventually('the staff member', async () => (await rows(svc, 'select 1 from staff_member where user_id = ?', [userId])).length === 1);
  return userId;
}

/** Headers of a person of the school (their id given, so they can own exams). */
export async function as(svc: ExamTestService, tenantId: string, role: Role, userId: string = randomUUID()): Promise<Headers> {
  return svc.as({ role, tenantId, userId });
}

export function examInput(overrides: Partial<CreateExamRequest> = {}): Record<string, unknown> {
  return { name: 'Contrôle n°3 — Fonctions', subject: 'Mathématiques', date: '2026-03-12', classNames: ['3B'], pagesPerCopy: 2, ...overrides };
}

export async function createExam(svc: ExamTestService, headers: Headers, overrides: Partial<CreateExamRequest> = {}): Promise<ExamView> {
  const res = await svc.app.inject({ method: 'POST', url: '/exams', headers, payload: examInput(overrides) });
  if (res.statusCode !== 201) throw new Error(`create exam: ${res.statusCode} ${res.body}`);
  return res.json<ExamView>();
}

/** POST /exams/:id/open (or another status command). */
export async function moveExam(svc: ExamTestService, headers: Headers, examId: string, command: 'open' | 'grading' | 'close'): Promise<ExamView> {
  const res = await svc.app.inject({ method: 'POST', url: `/exams/${examId}/${command}`, headers });
  if (res.statusCode !== 200) throw new Error(`${command}: ${res.statusCode} ${res.body}`);
  return res.json<ExamView>();
}

export async function rows<T = Record<string, unknown>>(svc: ExamTestService, sql: string, params: unknown[] = []): Promise<T[]> {
  return svc.deps.orm.em.fork().getConnection().execute(sql, params);
}

/** The events this service wrote to its outbox, oldest first (optionally only one subject's). */
export async function outboxEvents<T extends EventType>(svc: ExamTestService, type: T, where: Partial<Record<string, string>> = {}): Promise<EventData<T>[]> {
  const found = await rows<{ payload: { data: EventData<T> } }>(svc, 'select payload from outbox where type = ? order by seq', [type]);
  return found.map((r) => r.payload.data).filter((data) => Object.entries(where).every(([k, v]) => (data as Record<string, unknown>)[k] === v));
}

/** An ingestion.copy.assembled.v1 payload for a copy of `examId`. */
export function assembled(examId: string, overrides: Partial<CopyAssembledV1> = {}): CopyAssembledV1 {
  const copyId = overrides.copyId ?? randomUUID();
  const page = (number: number) => ({ number, objectKey: `t/exams/${examId}/copies/${copyId}/p${number}.jpg`, contentType: 'image/jpeg', size: 1000, width: 1654, height: 2339 });
  return {
    copyId,
    examId,
    batchId: randomUUID(),
    revision: 1,
    pages: [page(1), page(2)],
    headerCropKey: null,
    assembly: 'page_count',
    complete: true,
    missingPages: [],
    sheet: null,
    ...overrides,
  };
}

/** An ocr.copy.read.v1 payload: SUGGEST with the given candidates (best first) unless overridden. */
export function reading(copyId: string, examId: string, candidates: [string, number][] = [], overrides: Partial<CopyReadV1> = {}): CopyReadV1 {
  return {
    copyId,
    examId,
    readingId: randomUUID(),
    method: 'ocr',
    fields: { lastName: 'DURAND', firstName: 'Léa', birthDate: '2011-05-04' },
    decision: 'SUGGEST',
    studentId: null,
    confidence: candidates[0]?.[1] ?? null,
    candidates: candidates.map(([studentId, score]) => ({ studentId, score, lastNameScore: score, firstNameScore: score, birthDateScore: 1 })),
    ...overrides,
  };
}
