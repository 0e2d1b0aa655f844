import { createHash } from 'node:crypto';
import { type CopyReadV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type AuditLog, type Clock } from '@gradeline/runtime';
import { type ExamView } from '../exams/exam-view.entity';
import { type Reading } from '../reading/reading.entity';
import { matchExam, type CopyMatch } from './exam-matcher';
import { loadMatchState, type ExamMatchState } from './matching.repository';
import { type MatchCause } from './match-cause';
import { matchQrSheet } from './qr-match';
import { type MatchSettings } from './settings';

export interface RematchOutcome {
  examId: string;
  /** Readings matched (the exam's open copies). */
  matched: number;
  /** Readings whose decision or candidates changed, and were republished. */
  changed: number;
}

export interface MatchingDeps {
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  settings: MatchSettings;
}

/**
 * Re-solves one exam from what was read (never re-reading anything): QR sheets, then the OCR'd
 * copies as a whole. Copies a person identified, and copies already decided AUTO, stay as they
 * are, and their students are taken. Publishes ocr.copy.read.v1 for each copy whose decision or
 * candidates changed. The caller holds the exam's lock (lockExam) inside its transaction.
 */
export class MatchingService {
  constructor(private readonly deps: MatchingDeps) {}

  async rematch(em: EntityManager, exam: ExamView, cause: MatchCause): Promise<RematchOutcome> {
    await em.flush();
    const state = await loadMatchState(em, exam);
    const open = state.readings.filter((r) => !state.identified.has(r.copyId) && r.decision !== 'AUTO');
    const taken = new Set(state.identified.values());
    for (const r of state.readings) if (r.decision === 'AUTO' && r.studentId && !state.identified.has(r.copyId)) taken.add(r.studentId);
    const inExam = new Set(state.students.map((s) => s.id));
    const results: Array<[Reading, CopyMatch]> = [];
    for (const reading of open.filter((r) => r.method === 'qr' && r.sheetStudentId)) {
      const result = matchQrSheet({ ...reading, sheetStudentId: reading.sheetStudentId! }, inExam, taken);
      if (result.decision === 'AUTO') taken.add(result.studentId!);
      results.push([reading, result]);
    }
    const ocrOpen = open.filter((r) => !(r.method === 'qr' && r.sheetStudentId));
    const matched = matchExam({
      copies: ocrOpen.map((r) => ({ copyId: r.copyId, fields: r.fields, rejectedStudentIds: r.rejectedStudentIds })),
      students: matchStudents(state),
      takenStudentIds: taken,
      settings: this.deps.settings,
    });
    matched.forEach((result, i) => results.push([ocrOpen[i]!, result]));
    let changed = 0;
    for (const [reading, result] of results) if (this.apply(em, reading, result, cause)) changed++;
    await em.flush();
    return { examId: exam.id, matched: results.length, changed };
  }

  /** Stores a result on its reading; publishes it when it differs from what was published last. */
  private apply(em: EntityManager, reading: Reading, result: CopyMatch, cause: MatchCause): boolean {
    const previousReason = reading.reason;
    Object.assign(reading, {
      decision: result.decision,
      reason: result.reason,
      studentId: result.studentId,
      confidence: result.confidence,
      candidates: result.candidates,
      matchedAt: this.deps.clock.now(),
    });
    if (result.reason === 'qr_student_unknown' && previousReason !== 'qr_student_unknown') {
      this.deps.audit.record(em, {
        tenantId: reading.tenantId, actor: cause.actor, action: 'reading.qr_student_refused',
        subjectType: 'copy', subjectId: reading.copyId, outcome: 'failure', details: { readingId: reading.id, sheetStudentId: reading.sheetStudentId },
      });
    }
    const digest = digestOf(result);
    if (digest === reading.publishedDigest) return false;
    reading.publishedDigest = digest;
    reading.version += 1;
    this.deps.outbox.record(em, {
      type: 'ocr.copy.read.v1', tenantId: reading.tenantId, correlationId: cause.correlationId, causationId: cause.causationId ?? null,
      actor: cause.actor, data: readEvent(reading),
    });
    return true;
  }
}

function matchStudents(state: ExamMatchState) {
  return state.students.map((s) => ({ id: s.id, lastName: s.lastName ?? '', firstName: s.firstName ?? '', birthDate: s.birthDate }));
}

const digestOf = (r: CopyMatch) =>
  createHash('sha256').update(JSON.stringify([r.decision, r.studentId, r.candidates])).digest('base64url');

export function readEvent(reading: Reading): CopyReadV1 {
  return {
    copyId: reading.copyId, examId: reading.examId, readingId: reading.id, method: reading.method, fields: reading.fields,
    decision: reading.decision, studentId: reading.studentId, confidence: reading.confidence, candidates: reading.candidates,
  };
}
