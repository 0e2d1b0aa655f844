import { randomUUID } from 'node:crypto';
import { type Envelope, type ExamCreatedV1, type CopyReadV1 } from '@gradeline/contracts';
import { type TestService } from '@gradeline/runtime/testing';
import { generateHeaderImage, type HeaderImageOptions } from '@gradeline/testing';

/** A synthetic pupil: invented names, the roster event's fields. */
export interface Pupil {
  studentId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  className: string;
}

export const pupil = (lastName: string, firstName: string, birthDate: string, className = '3A'): Pupil => ({
  studentId: randomUUID(), lastName, firstName, birthDate, className,
});

export function examData(examId: string, classNames: string[]): ExamCreatedV1 {
  return {
    examId, name: 'Contrôle 1', subject: 'Maths', date: '2025-10-01', classNames, pagesPerCopy: 2,
    headerRegion: { x: 0.05, y: 0.03, width: 0.9, height: 0.15 }, correctorIds: [], leadTeacherIds: [], status: 'open', scaleTo: 20, coefficient: '1.0',
  };
}

export async function publishPupils(svc: TestService, tenantId: string, pupils: Pupil[]): Promise<void> {
  for (const p of pupils) {
    await svc.publish('identity.student.upserted.v1', tenantId, { ...p, group: null, externalId: null });
  }
}

/** Puts a generated header crop in the service's store and publishes the copy as ingestion would. */
export async function assembleCopy(
  svc: TestService,
  tenantId: string,
  examId: string,
  header: Omit<HeaderImageOptions, 'seed'> & { seed?: number } | null,
  extra: { copyId?: string; sheetStudentId?: string; headerCropKey?: string; revision?: number } = {},
): Promise<string> {
  const copyId = extra.copyId ?? randomUUID();
  let key: string | null = extra.headerCropKey ?? null;
  if (header) {
    key = `${tenantId}/exams/${examId}/copies/${copyId}/header.png`;
    await svc.deps.store.put(key, await generateHeaderImage({ seed: 1, noise: 0.2, ...header }), { contentType: 'image/png' });
  }
  await svc.publish('ingestion.copy.assembled.v1', tenantId, {
    copyId, examId, batchId: randomUUID(), revision: extra.revision ?? 1, pages: [], headerCropKey: key, assembly: 'page_count',
    complete: true, missingPages: [], sheet: extra.sheetStudentId ? { slot: 1, studentId: extra.sheetStudentId } : null,
  });
  return copyId;
}

/** Every ocr.copy.read.v1 the service publishes, as its relay puts it on the bus. */
export function collectReadEvents(svc: TestService): { events: Array<Envelope<'ocr.copy.read.v1'>>; of(copyId: string): CopyReadV1[] } {
  const events: Array<Envelope<'ocr.copy.read.v1'>> = [];
  svc.deps.bus.nc.subscribe(svc.deps.bus.subject('ocr.copy.read.v1'), {
    callback: (_error, msg) => void events.push(JSON.parse(msg.string()) as Envelope<'ocr.copy.read.v1'>),
  });
  return { events, of: (copyId) => events.filter((e) => e.data.copyId === copyId).map((e) => e.data) };
}
