import { randomUUID } from 'node:crypto';
import { type CopyAssembledV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { CopyIdentification } from '../exams/copy-identification.entity';
import { ExamView } from '../exams/exam-view.entity';
import { type MatchCause } from '../matching/match-cause';
import { lockExam } from '../matching/matching.repository';
import { type MatchingService } from '../matching/matching.service';
import { type HeaderReader, type HeaderText } from './header-reader';
import { Reading } from './reading.entity';

/** A copy arrived before its exam: retried later (nak with backoff), not a failure of the copy. */
export class ExamNotYetKnownError extends Error {
  readonly code = 'exam_not_yet_known';
  constructor() {
    super('the exam of this copy is not known yet');
  }
}

/**
 * Reads copies' headers and keeps their readings: on assembly (QR sheets skip OCR) and on a
 * person's request. The OCR runs before any lock is taken; storing the reading and re-solving its
 * exam then happen under the exam's lock, in the caller's transaction.
 */
export class ReadingService {
  constructor(private readonly deps: { reader: HeaderReader; matching: MatchingService; clock: Clock }) {}

  async readAssembled(em: EntityManager, tenantId: string, copy: CopyAssembledV1, cause: MatchCause, working: () => void): Promise<void> {
    if (!(await em.findOne(ExamView, { id: copy.examId, tenantId }))) throw new ExamNotYetKnownError();
    const existing = await em.findOne(Reading, { copyId: copy.copyId, tenantId });
    if (existing && existing.revision >= copy.revision) return; // this revision was read already
    const qrStudent = copy.sheet?.studentId ?? null;
    const read = !qrStudent && copy.headerCropKey ? await this.deps.reader.read(copy.headerCropKey) : null;
    working();
    const exam = (await lockExam(em, tenantId, copy.examId))!;
    // Loaded again under the lock: a re-match may have changed it while the OCR ran.
    const current = existing ? await em.findOne(Reading, { id: existing.id }, { refresh: true }) : null;
    const reading = current ?? newReading(em, tenantId, copy, this.deps.clock.now());
    Object.assign(reading, { revision: copy.revision, method: qrStudent ? 'qr' : 'ocr', headerCropKey: copy.headerCropKey, sheetStudentId: qrStudent });
    this.store(reading, read);
    await this.deps.matching.rematch(em, exam, cause);
  }

  /** Reads a copy's header again (a person asks, e.g. after a rescan of a faint header). */
  async rerun(em: EntityManager, tenantId: string, copyId: string, cause: MatchCause, audit: (em: EntityManager, reading: Reading) => void): Promise<Reading> {
    const found = await em.findOne(Reading, { copyId, tenantId });
    if (!found) throw notFound('reading');
    await this.assertOpen(em, found);
    if (found.method === 'qr' || !found.headerCropKey) throw new AppError('invalid_state', 'this copy has no header crop to read');
    const read = await this.deps.reader.read(found.headerCropKey);
    return em.transactional(async (tx) => {
      const exam = await lockExam(tx, tenantId, found.examId);
      const reading = await tx.findOneOrFail(Reading, { id: found.id });
      if (!exam) throw notFound('reading');
      await this.assertOpen(tx, reading);
      this.store(reading, read);
      await this.deps.matching.rematch(tx, exam, cause);
      audit(tx, reading);
      return reading;
    });
  }

  private store(reading: Reading, read: HeaderText | null): void {
    Object.assign(reading, {
      text: read?.text ?? null,
      ocrConfidence: read?.confidence ?? null,
      fields: read?.fields ?? null,
      readAt: this.deps.clock.now(),
    });
    // A new reading is matched afresh, even if the previous one had been decided AUTO.
    if (reading.decision === 'AUTO') reading.decision = 'MANUAL';
  }

  /** A copy identified by a person, or decided AUTO, is final for OCR. */
  private async assertOpen(em: EntityManager, reading: Reading): Promise<void> {
    const identified = await em.findOne(CopyIdentification, { copyId: reading.copyId, tenantId: reading.tenantId, studentId: { $ne: null } });
    if (identified || reading.decision === 'AUTO') throw new AppError('invalid_state', 'this copy is already identified');
  }
}

function newReading(em: EntityManager, tenantId: string, copy: CopyAssembledV1, now: Date): Reading {
  const reading = Object.assign(new Reading(), { id: randomUUID(), tenantId, copyId: copy.copyId, examId: copy.examId, revision: copy.revision, method: 'ocr', readAt: now, matchedAt: now });
  em.persist(reading);
  return reading;
}
