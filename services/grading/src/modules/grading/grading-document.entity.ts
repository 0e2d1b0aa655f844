import { type FinalizeResult, type GradingState } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * The grading of one copy. Every write locks this row first (SELECT … FOR UPDATE), so writes to one
 * copy are applied one at a time and each sees the version the previous one left.
 * `version` covers the scores, remarks, global comment and state; annotations have their own.
 */
export class GradingDocumentRecord {
  copyId!: string;
  tenantId!: string;
  examId!: string;
  version = 1;
  state: GradingState = 'open';
  globalComment: string | null = null;
  /** An admin who took the copy over: the assigned corrector may read it but no longer write. */
  takenOverBy: string | null = null;
  takenOverAt: Date | null = null;
  /** Set by the first accepted write (grading.copy.started.v1 went out with it). */
  startedAt: Date | null = null;
  /** Which write set `startedAt`: a statement learns from it whether it was the first (and publishes). */
  startedWrite: string | null = null;
  /** How many times it was finalised: the `version` of the last grading.copy.finalized.v1. */
  finalizedVersion = 0;
  /** The document version the last finalise was asked for: a retry with it gets the same answer. */
  finalizedFromVersion: number | null = null;
  /** The scheme version of the last finalise (while finalised, the one scores were checked against). */
  finalizedSchemeVersion: number | null = null;
  /** The answer of the last finalise, returned again to a retry. */
  finalized: FinalizeResult | null = null;
  updatedAt: Date = new Date();
}

export const gradingDocumentEntity = new EntitySchema<GradingDocumentRecord>({
  class: GradingDocumentRecord,
  tableName: 'grading_document',
  properties: {
    copyId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    version: { type: 'integer' },
    state: { type: 'text' },
    globalComment: { type: 'text', nullable: true },
    takenOverBy: { type: 'uuid', nullable: true },
    takenOverAt: { type: 'datetime', nullable: true },
    startedAt: { type: 'datetime', nullable: true },
    startedWrite: { type: 'uuid', nullable: true },
    finalizedVersion: { type: 'integer' },
    finalizedFromVersion: { type: 'integer', nullable: true },
    finalizedSchemeVersion: { type: 'integer', nullable: true },
    finalized: { type: 'json', nullable: true },
    updatedAt: { type: 'datetime' },
  },
  indexes: [
    { name: 'grading_document_exam_index', properties: ['tenantId', 'examId'] },
    { name: 'grading_document_taken_over_index', properties: ['tenantId', 'takenOverBy'] },
  ],
});
