import { type Annotation, type CopyPage, type NodeScore } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** The finalised grading of a copy (the latest version grading announced). */
export interface CopyResult {
  version: number;
  schemeVersion: number;
  correctorId: string;
  scores: NodeScore[];
  total: string;
  maxTotal: string;
  globalComment: string | null;
  annotations: Annotation[];
  finalizedAt: string;
}

/** The stored graded PDF of a copy. */
export interface RenderedPdf {
  key: string;
  version: number;
  /** The student shown on its summary page (null: the anonymous code). */
  studentId: string | null;
  size: number;
  pageCount: number;
}

/**
 * A copy as export knows it: pages and anonymous code (exam), student (identification), assignee
 * (dispatch), status and release (exam), result (grading) and its rendered PDF. Events about one
 * copy come from several streams in any order, so every field but the ids may arrive late.
 */
export class Copy {
  id!: string;
  tenantId!: string;
  examId!: string;
  anonymousCode: string | null = null;
  pages: CopyPage[] = [];
  status = 'STAGING';
  studentId: string | null = null;
  correctorId: string | null = null;
  releasedAt: Date | null = null;
  result: CopyResult | null = null;
  /** A reopen makes the result out of date until the next finalise. */
  resultOutOfDate = false;
  pdf: RenderedPdf | null = null;
}

export const copyEntity = new EntitySchema<Copy>({
  class: Copy,
  tableName: 'copy',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid', index: true },
    anonymousCode: { type: 'text', nullable: true },
    pages: { type: 'json' },
    status: { type: 'text' },
    studentId: { type: 'uuid', nullable: true, index: true },
    correctorId: { type: 'uuid', nullable: true },
    releasedAt: { type: 'datetime', nullable: true },
    result: { type: 'json', nullable: true },
    resultOutOfDate: { type: 'boolean' },
    pdf: { type: 'json', nullable: true },
  },
});

/** A result that exports, statistics and the portal may use: finalised and not reopened since. */
export function currentResult(copy: Copy): CopyResult | null {
  return copy.result && !copy.resultOutOfDate ? copy.result : null;
}
