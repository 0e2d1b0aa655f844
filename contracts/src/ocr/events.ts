import { z } from 'zod';
import { Id, IsoDate } from '../values';

export const OcrDecision = z.enum(['AUTO', 'SUGGEST', 'MANUAL']);
export type OcrDecision = z.infer<typeof OcrDecision>;

export const HeaderFields = z.object({
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  birthDate: IsoDate.nullable(),
});
export type HeaderFields = z.infer<typeof HeaderFields>;

export const Candidate = z.object({
  studentId: Id,
  score: z.number().min(0).max(1),
  lastNameScore: z.number().min(0).max(1).nullable(),
  firstNameScore: z.number().min(0).max(1).nullable(),
  birthDateScore: z.number().min(0).max(1).nullable(),
});
export type Candidate = z.infer<typeof Candidate>;

export const CopyReadV1 = z.object({
  copyId: Id,
  examId: Id,
  readingId: Id,
  method: z.enum(['ocr', 'qr']),
  fields: HeaderFields.nullable(),
  decision: OcrDecision,
  /** The student chosen when the decision is AUTO. */
  studentId: Id.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  /** Ranked, best first; at most 10. */
  candidates: z.array(Candidate).max(10),
});
export type CopyReadV1 = z.infer<typeof CopyReadV1>;

export const ocrEvents = {
  'ocr.copy.read.v1': CopyReadV1,
} as const;
