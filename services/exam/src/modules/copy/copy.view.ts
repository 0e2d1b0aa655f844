import { type CopyRegisteredV1, type CopyView } from '@gradeline/contracts';
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
    correctorId: copy.correctorId,
    version: copy.version,
    registeredAt: copy.registeredAt.toISOString(),
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
