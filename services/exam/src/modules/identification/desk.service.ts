import { type DeskCandidate, type DeskCopy, type IdentificationDesk, type Pagination, type RosterList, type RosterQuery } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type ObjectStore } from '@gradeline/storage';
import { type Caller } from '../../http/caller';
import { type Copy } from '../copy/copy.entity';
import { type ExamService } from '../exam/exam.service';
import { type RosterEntry } from '../roster/roster-entry.entity';
import { rosterRepository } from '../roster/roster.repository';
import { type CopyReading } from './copy-reading.entity';
import { identificationRepository } from './identification.repository';
import { nameMatcher } from './name-search';

/** How long a header image link stays valid: long enough to look, short enough not to be passed around. */
export const HEADER_URL_SECONDS = 300;

/** What the identification desk reads: copies to identify, the exam's roster, absent students. */
export class DeskService {
  constructor(private readonly deps: { store: ObjectStore; exams: ExamService }) {}

  /**
   * Undecided copies (neither identified nor set aside) by their best candidate's score, highest
   * first, copies without a reading last; each with a signed link to its header crop and its
   * candidates named from the roster.
   */
  async desk(em: EntityManager, caller: Caller, examId: string, page: Pagination): Promise<IdentificationDesk> {
    await this.deps.exams.load(em, caller, examId, 'manage');
    const copies = await identificationRepository.undecided(em, caller.tenantId, examId);
    const readings = await identificationRepository.readings(em, caller.tenantId, copies.map((c) => c.id));
    const score = (copy: Copy) => readings.get(copy.id)?.bestScore ?? -1;
    // A stable sort keeps registration order between equal scores.
    const shown = [...copies].sort((a, b) => score(b) - score(a)).slice(page.offset, page.offset + page.limit);
    const candidateIds = [...new Set(shown.flatMap((c) => readings.get(c.id)?.candidates.map((k) => k.studentId) ?? []))];
    const names = new Map((await rosterRepository.some(em, caller.tenantId, candidateIds)).map((e) => [e.studentId, e]));
    const takenBy = await identificationRepository.identified(em, caller.tenantId, examId, candidateIds);
    const items = await Promise.all(shown.map((copy) => this.deskCopy(copy, readings.get(copy.id) ?? null, names, takenBy)));
    return { examId, items, total: copies.length, headerUrlExpiresInSeconds: HEADER_URL_SECONDS };
  }

  /** Students of the exam's classes, in class then name order, optionally searched by name. */
  async roster(em: EntityManager, caller: Caller, examId: string, query: RosterQuery): Promise<RosterList> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    const matches = (await rosterRepository.inClasses(em, caller.tenantId, exam.classNames)).filter(nameMatcher(query.search));
    const copyOf = await identificationRepository.identified(em, caller.tenantId, examId);
    const items = matches.slice(query.offset, query.offset + query.limit).map((entry) => rosterStudent(entry, copyOf.get(entry.studentId) ?? null));
    return { items, total: matches.length };
  }

  /** Students of the exam's classes with no copy identified to them (absent, or not identified yet). */
  async absentStudents(em: EntityManager, caller: Caller, examId: string): Promise<RosterList> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    const copyOf = await identificationRepository.identified(em, caller.tenantId, examId);
    const absent = (await rosterRepository.inClasses(em, caller.tenantId, exam.classNames)).filter((entry) => !copyOf.has(entry.studentId));
    return { items: absent.map((entry) => rosterStudent(entry, null)), total: absent.length };
  }

  private async deskCopy(copy: Copy, reading: CopyReading | null, names: Map<string, RosterEntry>, takenBy: Map<string, string>): Promise<DeskCopy> {
    // Objects of a school live under its id: a key outside it is never signed, whatever an event said.
    const key = copy.headerCropKey?.startsWith(`${copy.tenantId}/`) ? copy.headerCropKey : null;
    const headerUrl = key ? await this.deps.store.signedReadUrl(key, { expiresInSeconds: HEADER_URL_SECONDS }) : null;
    const candidates = (reading?.candidates ?? []).map((candidate): DeskCandidate => {
      const entry = names.get(candidate.studentId);
      const named = entry && !entry.removed ? entry : null;
      return {
        ...candidate,
        lastName: named?.lastName ?? null,
        firstName: named?.firstName ?? null,
        birthDate: named?.birthDate ?? null,
        className: named?.className ?? null,
        takenByCopyId: takenBy.get(candidate.studentId) ?? null,
      };
    });
    return {
      copyId: copy.id,
      anonymousCode: copy.anonymousCode,
      status: copy.status,
      version: copy.version,
      headerUrl,
      reading: reading && { readingId: reading.readingId, method: reading.method, decision: reading.decision, fields: reading.fields, confidence: reading.confidence },
      candidates,
    };
  }
}

function rosterStudent(entry: RosterEntry, copyId: string | null): RosterList['items'][number] {
  const { studentId, lastName, firstName, birthDate, className, group } = entry;
  return { studentId, lastName, firstName, birthDate, className, group, copyId };
}
