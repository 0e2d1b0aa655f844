import { type ReadingView } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { CopyIdentification } from '../exams/copy-identification.entity';
import { RosterStudent } from '../roster/roster-student.entity';
import { type Reading } from './reading.entity';

/** A reading as the identification desk shows it: candidates with the roster's names. */
export async function readingView(em: EntityManager, reading: Reading): Promise<ReadingView> {
  const ids = reading.candidates.map((c) => c.studentId);
  const students = ids.length ? await em.find(RosterStudent, { id: { $in: ids }, tenantId: reading.tenantId }) : [];
  const byId = new Map(students.map((s) => [s.id, s]));
  const identification = await em.findOne(CopyIdentification, { copyId: reading.copyId, tenantId: reading.tenantId });
  return {
    readingId: reading.id,
    copyId: reading.copyId,
    examId: reading.examId,
    revision: reading.revision,
    method: reading.method,
    text: reading.text,
    ocrConfidence: reading.ocrConfidence,
    fields: reading.fields,
    decision: reading.decision,
    reason: reading.reason,
    studentId: reading.studentId,
    confidence: reading.confidence,
    candidates: reading.candidates.map((c) => {
      const s = byId.get(c.studentId);
      return { ...c, lastName: s?.lastName ?? null, firstName: s?.firstName ?? null, birthDate: s?.birthDate ?? null, className: s && !s.removed ? s.className : null };
    }),
    identifiedStudentId: identification?.studentId ?? null,
    readAt: reading.readAt.toISOString(),
    matchedAt: reading.matchedAt.toISOString(),
    version: reading.version,
  };
}
