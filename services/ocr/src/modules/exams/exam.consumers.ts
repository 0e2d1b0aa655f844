import { type ExamCreatedV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { defineConsumer } from '@gradeline/messaging';
import { scheduleRematch } from '../matching/rematch-scheduler';
import { type OcrModules } from '../ocr-modules';
import { CopyIdentification } from './copy-identification.entity';
import { ExamView } from './exam-view.entity';
import { Reading } from '../reading/reading.entity';

// The exams read model (whose classes are candidates) and the identifications the exam service
// made: identified copies are final, and their students are taken for the rest of the exam.

async function applyExam(em: EntityManager, tenantId: string, data: ExamCreatedV1, at: Date, dueAt: Date): Promise<void> {
  const exam = await em.findOne(ExamView, { id: data.examId });
  if (exam && (exam.tenantId !== tenantId || exam.eventAt > at)) return;
  const classesChanged = !exam || [...exam.classNames].sort().join('\n') !== [...data.classNames].sort().join('\n');
  if (exam) Object.assign(exam, { classNames: data.classNames, eventAt: at });
  else em.persist(Object.assign(new ExamView(), { id: data.examId, tenantId, classNames: data.classNames, eventAt: at }));
  if (classesChanged) await scheduleRematch(em, tenantId, [data.examId], 'exam-classes', dueAt);
}

export function examConsumers({ rematchDueAt }: OcrModules) {
  return [
    defineConsumer({
      purpose: 'exams-created',
      type: 'exam.exam.created.v1',
      handler: (e, { em }) => applyExam(em, e.tenantId, e.data, new Date(e.occurredAt), rematchDueAt()),
    }),
    defineConsumer({
      purpose: 'exams-updated',
      type: 'exam.exam.updated.v1',
      handler: (e, { em }) => applyExam(em, e.tenantId, e.data, new Date(e.occurredAt), rematchDueAt()),
    }),
  ];
}

async function identification(em: EntityManager, tenantId: string, copyId: string, examId: string, at: Date) {
  const row = await em.findOne(CopyIdentification, { copyId });
  if (row && (row.tenantId !== tenantId || row.eventAt > at)) return null;
  if (row) return row;
  const created = Object.assign(new CopyIdentification(), { copyId, tenantId, examId, eventAt: at });
  em.persist(created);
  return created;
}

export function copyIdentifiedConsumer({ rematchDueAt }: OcrModules) {
  return defineConsumer({
    purpose: 'copies-identified',
    type: 'exam.copy.identified.v1',
    handler: async ({ tenantId, data, occurredAt }, { em }) => {
      const row = await identification(em, tenantId, data.copyId, data.examId, new Date(occurredAt));
      if (!row) return;
      Object.assign(row, { studentId: data.studentId, eventAt: new Date(occurredAt) });
      await scheduleRematch(em, tenantId, [data.examId], 'identified', rematchDueAt());
    },
  });
}

/**
 * An identification undone frees its student. When it undoes this service's own AUTO decision,
 * the person judged it wrong: the copy is matched again without that student.
 */
export function copyUnidentifiedConsumer({ rematchDueAt }: OcrModules) {
  return defineConsumer({
    purpose: 'copies-unidentified',
    type: 'exam.copy.unidentified.v1',
    handler: async ({ tenantId, data, occurredAt }, { em }) => {
      const row = await identification(em, tenantId, data.copyId, data.examId, new Date(occurredAt));
      if (!row) return;
      Object.assign(row, { studentId: null, eventAt: new Date(occurredAt) });
      const reading = await em.findOne(Reading, { copyId: data.copyId, tenantId });
      if (reading?.decision === 'AUTO' && reading.studentId === data.previousStudentId) {
        reading.rejectedStudentIds = [...new Set([...reading.rejectedStudentIds, data.previousStudentId])];
        reading.decision = 'MANUAL';
      }
      await scheduleRematch(em, tenantId, [data.examId], 'unidentified', rematchDueAt());
    },
  });
}
