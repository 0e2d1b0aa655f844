import { MAX_SHEET_COPIES, type SheetsQuery } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid } from '@gradeline/kit';
import { tenantGuardOf } from '@gradeline/pdf';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { examRepository } from '../exam/exam.repository';
import { type ExamService } from '../exam/exam.service';
import { rosterRepository } from '../roster/roster.repository';
import { type SheetCopy, type SheetsDocument } from './sheets-pdf';

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');
const slug = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40) || 'exam';

/**
 * Printable coded answer sheets. Every print takes fresh slots (the exam counts them), so two
 * prints never carry the same slot and ingestion never mixes two pupils' pages into one copy.
 */
export class SheetsService {
  constructor(private readonly deps: { exams: ExamService }) {}

  async prepare(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string, query: SheetsQuery): Promise<SheetsDocument & { fileName: string }> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    if (exam.status === 'closed') {
      throw new AppError('invalid_state', 'The exam is closed: no more answer sheets.', { extensions: { currentStatus: exam.status } });
    }
    const prenamed = query.prenamed === true;
    if (prenamed === (query.copies !== undefined)) {
      throw invalid('Ask for copies=N unnamed sheets, or prenamed=true.', [{ path: 'querystring.copies', message: 'give copies=N, or prenamed=true' }]);
    }
    const copies: Omit<SheetCopy, 'slot'>[] = prenamed ? await this.rosterCopies(em, caller.tenantId, exam.classNames) : Array.from({ length: query.copies! }, () => ({ studentId: null, student: null }));
    const first = await examRepository.reserveSheetSlots(em, caller.tenantId, examId, copies.length);
    const last = first + copies.length - 1;
    changes.audit({ action: 'exam.sheets_printed', subjectType: 'exam', subjectId: examId, details: { firstSlot: first, lastSlot: last, prenamed } });
    return {
      tenantGuard: tenantGuardOf(caller.tenantId),
      examId,
      title: `${exam.name} — ${exam.subject} — ${frenchDate(exam.date)}`,
      pagesPerCopy: exam.pagesPerCopy,
      headerRegion: exam.headerRegion,
      copies: copies.map((copy, i) => ({ ...copy, slot: first + i })),
      fileName: `copies-${slug(exam.name)}-${first}-${last}.pdf`,
    };
  }

  private async rosterCopies(em: EntityManager, tenantId: string, classNames: string[]): Promise<Omit<SheetCopy, 'slot'>[]> {
    const students = await rosterRepository.inClasses(em, tenantId, classNames);
    if (students.length === 0) {
      throw new AppError('invalid_state', `The roster has no student in ${classNames.join(', ')}.`, { extensions: { classNames } });
    }
    if (students.length > MAX_SHEET_COPIES) {
      throw invalid('Too many students for one print.', [{ path: 'querystring.prenamed', message: `more than ${MAX_SHEET_COPIES} students: print class by class` }]);
    }
    return students.map((s) => ({
      studentId: s.studentId,
      student: { lastName: s.lastName, firstName: s.firstName, birthDate: s.birthDate ? frenchDate(s.birthDate) : '', className: s.className },
    }));
  }
}
