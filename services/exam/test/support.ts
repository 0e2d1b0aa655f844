import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  type AuditPage,
  type CopyAssembledV1,
  type CopyReadV1,
  type CopyView,
  type CreateExamRequest,
  type EventData,
  type EventType,
  type ExamView,
  type Role,
} from '@gradeline/contracts';
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

/** Synthetic roster names with the accents and forms the desk must cope with. */
export const NAMES: readonly [string, string][] = [
  ['Lefèvre', 'Anaïs'], ["N'Diaye", 'Marie-Ève'], ['De La Fontaine', 'Jérôme'], ['Cœurdevey', 'Léo'], ['Martin-Dubois', 'Inès'],
  ['Dupont', 'Lucas'], ['Ben Salah', 'Yasmine'], ['Le Gall', 'Noé'], ['Rousseau', 'Chloé'], ['Garnier', 'Théo'],
];

/** Roster students of `className` as identity announces them; resolves once the read model has them. */
export async function addStudents(svc: ExamTestService, tenantId: string, className: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  if (count === 0) return ids;
  for (const [i, studentId] of ids.entries()) {
    const [lastName, firstName] = NAMES[i % NAMES.length] as [string, string];
    const birthDate = `2011-0${(i % 9) + 1}-1${i % 10}`;
    await svc.publish('identity.student.upserted.v1', tenantId, { studentId, lastName, firstName, birthDate, className, group: null, externalId: null });
  }
  await eventually('the students', async () => (await rows(svc, 'select 1 from roster_entry where student_id in (?)', [ids])).length === count);
  return ids;
}

/** `count` complete copies of the exam from ingestion (STAGING); resolves once registered. */
export async function addCopies(svc: ExamTestService, tenantId: string, examId: string, count: number, overrides: Partial<CopyAssembledV1> = {}): Promise<string[]> {
  const copies = Array.from({ length: count }, () => assembled(examId, overrides));
  for (const copy of copies) await svc.publish('ingestion.copy.assembled.v1', tenantId, copy);
  const ids = copies.map((c) => c.copyId);
  await eventually('the copies', async () => (await rows(svc, 'select 1 from copy where id in (?)', [ids])).length === count);
  return ids;
}

/** One copy per student, identified by OCR (AUTO): READY. Resolves once they all are. */
export async function readyCopies(svc: ExamTestService, tenantId: string, examId: string, studentIds: readonly string[]): Promise<string[]> {
  const ids = await addCopies(svc, tenantId, examId, studentIds.length);
  for (const [i, copyId] of ids.entries()) {
    const studentId = studentIds[i] as string;
    await svc.publish('ocr.copy.read.v1', tenantId, reading(copyId, examId, [[studentId, 0.95]], { decision: 'AUTO', studentId }));
  }
  await eventually('READY copies', async () => (await rows(svc, "select 1 from copy where id in (?) and status = 'READY'", [ids])).length === ids.length);
  return ids;
}

/** The copy as its managers see it. */
export async function copyOf(svc: ExamTestService, headers: Headers, copyId: string): Promise<CopyView> {
  const res = await svc.app.inject({ url: `/copies/${copyId}`, headers });
  if (res.statusCode !== 200) throw new Error(`copy ${copyId}: ${res.statusCode} ${res.body}`);
  return res.json<CopyView>();
}

/** The audit entries of a subject (optionally of one action), newest first. */
export async function auditOf(svc: ExamTestService, admin: Headers, subjectId: string, action?: string): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ subjectId, limit: '500', ...(action ? { action } : {}) });
  return (await svc.app.inject({ url: `/admin/audit?${query}`, headers: admin })).json<AuditPage>().items;
}
