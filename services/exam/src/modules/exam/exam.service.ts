import { randomUUID } from 'node:crypto';
import {
  DEFAULT_HEADER_REGION,
  type CreateExamRequest,
  type ExamList,
  type ExamListQuery,
  type FieldError,
  type UpdateExamRequest,
} from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid, notFound } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertCurrentVersion } from '../../http/versioning';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { staffRepository } from '../staff/staff.repository';
import { assertExamAccess, managesAllExams, type ExamAccess } from './exam-access';
import { Exam } from './exam.entity';
import { examRepository } from './exam.repository';
import { canMoveExam, EXAM_COMMANDS, type ExamCommand } from './exam-status';
import { examEventData, examView } from './exam.view';

/** Exams: who creates and manages them, what may change when, and what others are told. */
export class ExamService {
  constructor(private readonly deps: { clock: Clock }) {}

  async create(em: EntityManager, changes: ChangeRecorder, caller: Caller, input: CreateExamRequest): Promise<Exam> {
    await assertStaff(em, caller.tenantId, input);
    const now = this.deps.clock.now();
    const exam = Object.assign(new Exam(), {
      ...input,
      id: randomUUID(),
      tenantId: caller.tenantId,
      headerRegion: input.headerRegion ?? DEFAULT_HEADER_REGION,
      ownerId: caller.userId,
      createdAt: now,
      updatedAt: now,
    });
    em.persist(exam);
    changes.event('exam.exam.created.v1', examEventData(exam));
    changes.audit({ action: 'exam.created', subjectType: 'exam', subjectId: exam.id });
    return exam;
  }

  async update(em: EntityManager, changes: ChangeRecorder, caller: Caller, id: string, expected: number, patch: UpdateExamRequest): Promise<Exam> {
    const exam = await this.load(em, caller, id, 'manage');
    assertCurrentVersion('exam', expected, exam.version, () => examView(exam));
    if (exam.status === 'closed') throw statusConflict(exam, 'A closed exam cannot be changed.');
    if (patch.leadTeacherIds && !managesAllExams(caller.principal) && exam.ownerId !== caller.userId) {
      throw new AppError('forbidden', 'Only the exam’s owner or an admin chooses its leads.');
    }
    if (patch.pagesPerCopy !== undefined && patch.pagesPerCopy !== exam.pagesPerCopy && (await examRepository.countCopies(em, caller.tenantId, id)) > 0) {
      throw statusConflict(exam, 'Copies are already registered: their number of pages can no longer change.');
    }
    await assertStaff(em, caller.tenantId, patch);
    Object.assign(exam, patch, { updatedAt: this.deps.clock.now() });
    changes.event('exam.exam.updated.v1', examEventData(exam));
    changes.audit({ action: 'exam.updated', subjectType: 'exam', subjectId: exam.id, details: { fields: Object.keys(patch) } });
    return exam;
  }

  /** Only a draft can be deleted: nothing was uploaded or graded for it yet. */
  async remove(em: EntityManager, changes: ChangeRecorder, caller: Caller, id: string, expected: number): Promise<void> {
    const exam = await this.load(em, caller, id, 'manage');
    assertCurrentVersion('exam', expected, exam.version, () => examView(exam));
    if (exam.status !== 'draft') throw statusConflict(exam, `The exam is ${exam.status}: only a draft can be deleted.`);
    await em.nativeDelete(SchemeVersion, { tenantId: caller.tenantId, examId: id });
    em.remove(exam);
    changes.event('exam.exam.deleted.v1', { examId: id });
    changes.audit({ action: 'exam.deleted', subjectType: 'exam', subjectId: id });
  }

  /** open / grading / close; a move the lifecycle does not allow is a 409 naming the status. */
  async move(em: EntityManager, changes: ChangeRecorder, caller: Caller, id: string, command: ExamCommand, expected: number | null): Promise<Exam> {
    const exam = await this.load(em, caller, id, 'manage');
    assertCurrentVersion('exam', expected, exam.version, () => examView(exam));
    const to = EXAM_COMMANDS[command];
    if (!canMoveExam(exam.status, to)) throw statusConflict(exam, `The exam is ${exam.status}: it cannot become ${to}.`);
    if (to === 'grading' && exam.schemeVersion === 0) throw new AppError('scheme_required', 'Save a marking scheme before grading starts.');
    if (to === 'grading' && exam.correctorIds.length === 0) throw new AppError('no_correctors', 'Choose at least one corrector before grading starts.');
    const from = exam.status;
    Object.assign(exam, { status: to, updatedAt: this.deps.clock.now() });
    changes.event('exam.exam.updated.v1', examEventData(exam));
    changes.audit({ action: 'exam.status_changed', subjectType: 'exam', subjectId: exam.id, details: { from, to } });
    return exam;
  }

  /** An exam of the caller's school (404 otherwise) that the caller may read or manage (403 otherwise). */
  async load(em: EntityManager, caller: Caller, id: string, access: ExamAccess): Promise<Exam> {
    const exam = await examRepository.find(em, caller.tenantId, id);
    if (!exam) throw notFound('exam');
    assertExamAccess(caller.principal, exam, access);
    return exam;
  }

  /** As `load`, the exam's row locked until the transaction ends: dispatch runs and releases of one exam take turns. */
  async loadLocked(em: EntityManager, caller: Caller, id: string, access: ExamAccess): Promise<Exam> {
    const exam = await examRepository.findForUpdate(em, caller.tenantId, id);
    if (!exam) throw notFound('exam');
    assertExamAccess(caller.principal, exam, access);
    return exam;
  }

  /** Admins see the school's exams; teachers the ones they own, lead or correct. */
  async list(em: EntityManager, caller: Caller, query: ExamListQuery): Promise<ExamList> {
    const involving = query.mine || !managesAllExams(caller.principal) ? caller.userId : undefined;
    const [exams, total] = await examRepository.list(em, caller.tenantId, { ...query, className: query.class, involving });
    return { items: exams.map(examView), total };
  }
}

function statusConflict(exam: Exam, message: string): AppError {
  return new AppError('invalid_state', message, { extensions: { currentStatus: exam.status } });
}

/** Correctors and leads must be active staff of the school (the staff read model). */
async function assertStaff(em: EntityManager, tenantId: string, input: { correctorIds?: string[]; leadTeacherIds?: string[] }): Promise<void> {
  const lists = { correctorIds: input.correctorIds ?? [], leadTeacherIds: input.leadTeacherIds ?? [] };
  const staff = await staffRepository.activeStaff(em, tenantId, [...lists.correctorIds, ...lists.leadTeacherIds]);
  const errors: FieldError[] = Object.entries(lists).flatMap(([field, ids]) =>
    ids.flatMap((userId, i) => (staff.has(userId) ? [] : [{ path: `${field}[${i}]`, message: 'not an active teacher of the school' }])),
  );
  if (errors.length > 0) throw invalid('Correctors and leads must be active teachers of the school.', errors);
}
