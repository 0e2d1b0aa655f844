import { z } from 'zod';
import { Id, IsoDateTime, Pagination } from '../values';
import { AssemblyMethod } from './events';

// Request and response bodies of the ingestion service's routes (behind the gateway at /api/v1).

export const BatchStatus = z.enum(['queued', 'processing', 'assembling', 'completed', 'failed']);
export type BatchStatus = z.infer<typeof BatchStatus>;

/** `POST /exams/:id/batches?force=true&fileName=…` (multipart field `file`, or a raw application/pdf body). */
export const BatchUploadQuery = z.object({
  /** Keep a second batch even when the same file (SHA-256) was already uploaded for this exam. */
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Name shown for a raw body upload (multipart uploads carry their own). */
  fileName: z.string().min(1).max(255).optional(),
});
export type BatchUploadQuery = z.infer<typeof BatchUploadQuery>;

/** 202 for a new batch; 200 with `duplicate: true` when the same file was already uploaded. */
export const BatchAccepted = z.object({
  batchId: Id,
  status: BatchStatus,
  /** Pages of the PDF (an A3 sheet side counts once here). */
  pages: z.number().int().min(0),
  duplicate: z.boolean(),
});
export type BatchAccepted = z.infer<typeof BatchAccepted>;

export const BatchView = z.object({
  id: Id,
  examId: Id,
  status: BatchStatus,
  fileName: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
  /** Pages of the PDF, and how many of them are processed. */
  pages: z.number().int().min(0),
  pagesDone: z.number().int().min(0),
  /** 0..100 */
  progress: z.number().int().min(0).max(100),
  /** Page images after A3 sheets were cut in two. */
  images: z.number().int().min(0),
  copies: z.number().int().min(0),
  /** Review items still open. */
  openReviewItems: z.number().int().min(0),
  reviewItems: z.number().int().min(0),
  errorCode: z.string().nullable(),
  createdAt: IsoDateTime,
  completedAt: IsoDateTime.nullable(),
});
export type BatchView = z.infer<typeof BatchView>;

export const BatchList = z.object({ items: z.array(BatchView), total: z.number().int().min(0) });
export type BatchList = z.infer<typeof BatchList>;

export const BatchListQuery = Pagination;
export type BatchListQuery = z.infer<typeof BatchListQuery>;

/** Which part of a scanned PDF page an image is: the whole page, or a half of an A3 sheet. */
export const ScanPageSide = z.enum(['full', 'left', 'right']);
export type ScanPageSide = z.infer<typeof ScanPageSide>;

export const ScanPageRef = z.object({
  pageId: Id,
  /** 1-based page of the uploaded PDF. */
  scanPage: z.number().int().min(1),
  side: ScanPageSide,
  width: z.number().int().min(0),
  height: z.number().int().min(0),
});
export type ScanPageRef = z.infer<typeof ScanPageRef>;

/** Why a page was not placed in a copy by itself. */
export const ReviewReason = z.enum([
  /** No readable sheet code, in a batch of coded sheets. */
  'unknown',
  /** A sheet code naming a page beyond the exam's pages per copy. */
  'extra',
  /** Two or more pages claim the same copy and page number. */
  'collision',
  /** Pages left over that do not fill a whole copy. */
  'remainder',
  /** A sheet code of another exam or another school. */
  'foreign_code',
  /** The page could not be extracted from the PDF. */
  'unreadable',
]);
export type ReviewReason = z.infer<typeof ReviewReason>;

export const ReviewItemStatus = z.enum(['open', 'assigned', 'discarded']);
export type ReviewItemStatus = z.infer<typeof ReviewItemStatus>;

export const ReviewItemView = z.object({
  id: Id,
  batchId: Id,
  reason: ReviewReason,
  status: ReviewItemStatus,
  /** Send it back in If-Match to assign or discard. */
  version: z.number().int().min(1),
  page: ScanPageRef,
  /** What the page's sheet code claimed, when it had one. */
  sheetCode: z.object({ slot: z.number().int(), page: z.number().int() }).nullable(),
  /** A short-lived signed link to a small image of the page (null for unreadable pages). */
  thumbnailUrl: z.string().nullable(),
  assignedCopyId: Id.nullable(),
});
export type ReviewItemView = z.infer<typeof ReviewItemView>;

export const ReviewListQuery = Pagination.extend({ status: ReviewItemStatus.optional() });
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

export const ReviewList = z.object({ items: z.array(ReviewItemView), total: z.number().int().min(0) });
export type ReviewList = z.infer<typeof ReviewList>;

/** `POST /batches/:id/review/:itemId/assign`: into an existing copy of the exam, or a new one. */
export const AssignReviewPage = z
  .object({
    copyId: Id.optional(),
    newCopy: z.literal(true).optional(),
    pageNumber: z.number().int().min(1).max(500),
  })
  .refine((b) => (b.copyId === undefined) !== (b.newCopy === undefined), {
    message: 'give either copyId or newCopy: true',
    path: ['copyId'],
  });
export type AssignReviewPage = z.infer<typeof AssignReviewPage>;

export const AssemblyStatus = z.enum(['complete', 'incomplete', 'accepted_incomplete']);
export type AssemblyStatus = z.infer<typeof AssemblyStatus>;

export const AssembledCopyView = z.object({
  id: Id,
  examId: Id,
  batchId: Id,
  /** The sheet-code slot (QR) or the position in the stack (page count); null for copies made in review. */
  ordinal: z.number().int().nullable(),
  assembly: AssemblyMethod,
  status: AssemblyStatus,
  /** Published revision of `ingestion.copy.assembled.v1`; grows with each review change. */
  revision: z.number().int().min(1),
  /** Send it back in If-Match to complete the copy. */
  version: z.number().int().min(1),
  pages: z.array(ScanPageRef.extend({ number: z.number().int().min(1) })),
  missingPages: z.array(z.number().int().min(1)),
  /** The student a prenamed sheet was printed for. */
  sheetStudentId: Id.nullable(),
});
export type AssembledCopyView = z.infer<typeof AssembledCopyView>;

export const AssembledCopyList = z.object({ items: z.array(AssembledCopyView), total: z.number().int().min(0) });
export type AssembledCopyList = z.infer<typeof AssembledCopyList>;

/** `POST /batches/:id/copies/:copyId/complete`: out of quarantine, or accepted with pages missing. */
export const CompleteAssembledCopy = z
  .object({
    acceptIncomplete: z.boolean().default(false),
    /** Why an incomplete copy is accepted (kept on the copy, never logged). */
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((b) => !b.acceptIncomplete || b.reason !== undefined, {
    message: 'a reason is required to accept a copy with missing pages',
    path: ['reason'],
  });
export type CompleteAssembledCopy = z.infer<typeof CompleteAssembledCopy>;

/** `GET /batches/:id/pages/:n`: the image(s) of page n of the PDF (two for an A3 sheet). */
export const ScanPageImages = z.object({
  scanPage: z.number().int().min(1),
  expiresAt: IsoDateTime,
  images: z.array(ScanPageRef.extend({ url: z.string() })),
});
export type ScanPageImages = z.infer<typeof ScanPageImages>;
