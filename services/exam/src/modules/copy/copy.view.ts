import { type AssignedCopyView, type CopyRegisteredV1, type CopyResult, type CopyView } from '@gradeline/contracts';
import { type Copy } from './copy.entity';

export function copyView(copy: Copy): CopyView {
  return {
    id: copy.id,
    examId: copy.examId,
    batchId: copy.batchId,
    anonymousCode: copy.anonymousCode,
    status: copy.status,
    statusReason: copy.statusReason,
    revision: copy.revision,
    complete: copy.complete,
    missingPages: copy.missingPages,
    pages: copy.pages.map(({ objectKey: _key, ...page }) => page),
    sheetSlot: copy.sheetSlot,
    sheetStudentId: copy.sheetStudentId,
    studentId: copy.studentId,
    identificationMethod: copy.identificationMethod,
    identificationConfidence: copy.identificationConfidence,
    blankReason: copy.blankReason,
    correctorId: copy.correctorId,
    dispatchId: copy.dispatchId,
    gradingStarted: copy.gradingStartedAt !== null,
    result: copyResult(copy),
    releasedAt: copy.releasedAt?.toISOString() ?? null,
    version: copy.version,
    registeredAt: copy.registeredAt.toISOString(),
    updatedAt: copy.updatedAt.toISOString(),
  };
}

function copyResult(copy: Copy): CopyResult | null {
  if (copy.gradedVersion === 0 || copy.total === null || copy.maxTotal === null || copy.finalizedAt === null) return null;
  return { version: copy.gradedVersion, total: copy.total, maxTotal: copy.maxTotal, finalizedAt: copy.finalizedAt.toISOString() };
}

/** What a corrector sees of a copy assigned to them: never who wrote it. */
export function assignedCopyView(copy: Copy, examName: string): AssignedCopyView {
  return {
    id: copy.id,
    examId: copy.examId,
    examName,
    anonymousCode: copy.anonymousCode,
    status: copy.status,
    pages: copy.pages.map(({ objectKey: _key, ...page }) => page),
    assignedAt: copy.assignedAt?.toISOString() ?? null,
    gradingStarted: copy.gradingStartedAt !== null,
    version: copy.version,
    updatedAt: copy.updatedAt.toISOString(),
  };
}

/** exam.copy.registered.v1: the copy's pages as grading and export need them. */
export function copyRegisteredData(copy: Copy): CopyRegisteredV1 {
  return {
    copyId: copy.id,
    examId: copy.examId,
    batchId: copy.batchId,
    anonymousCode: copy.anonymousCode,
    status: copy.status,
    pages: copy.pages,
    headerCropKey: copy.headerCropKey,
  };
}
