import { z } from 'zod';
import { Id, IsoDateTime, Pagination } from '../values';

// Dispatch of copies to correctors (re-exported by ./http).

/**
 * Per-corrector quotas: the number of copies of the exam each named corrector should hold in all
 * (copies they already hold count). Only named correctors receive copies.
 */
export const Quotas = z.record(Id, z.number().int().min(0).max(100_000));
export type Quotas = z.infer<typeof Quotas>;

/** POST /exams/:id/dispatch (body optional): balanced over the exam's correctors, or by quotas. */
export const DispatchRequest = z.object({
  quotas: Quotas.refine((quotas) => Object.keys(quotas).length > 0, 'name at least one corrector, or leave quotas out').optional(),
});
export type DispatchRequest = z.infer<typeof DispatchRequest>;

export const DispatchKind = z.enum(['dispatch', 'rebalance']);
export type DispatchKind = z.infer<typeof DispatchKind>;

export const CorrectorLoad = z.object({
  correctorId: Id,
  /** Copies of the exam the corrector held before the run. */
  before: z.number().int().min(0),
  /** Copies the run gave this corrector. */
  received: z.number().int().min(0),
  /** Copies the run took from this corrector (rebalance only). */
  given: z.number().int().min(0),
  after: z.number().int().min(0),
  quota: z.number().int().min(0).nullable(),
});
export type CorrectorLoad = z.infer<typeof CorrectorLoad>;

export const DispatchAssignment = z.object({ copyId: Id, fromCorrectorId: Id.nullable(), correctorId: Id });
export type DispatchAssignment = z.infer<typeof DispatchAssignment>;

export const DispatchRunSummary = z.object({
  runId: Id,
  examId: Id,
  kind: DispatchKind,
  createdAt: IsoDateTime,
  createdBy: Id.nullable(),
  assigned: z.number().int().min(0),
});
export type DispatchRunSummary = z.infer<typeof DispatchRunSummary>;

/**
 * A stored run: its plan, and whether the plan derived again from the stored inputs and the run id
 * (the shuffle's seed) is the same one (`reproduced`).
 */
export const DispatchRunView = DispatchRunSummary.extend({
  quotas: Quotas.nullable(),
  correctors: z.array(CorrectorLoad),
  assignments: z.array(DispatchAssignment),
  /** Copies left unassigned because every quota was full. */
  unplacedCopyIds: z.array(Id),
  reproduced: z.boolean(),
});
export type DispatchRunView = z.infer<typeof DispatchRunView>;

export const DispatchRunList = z.object({ items: z.array(DispatchRunSummary), total: z.number().int().min(0) });
export type DispatchRunList = z.infer<typeof DispatchRunList>;

export const DispatchRunListQuery = Pagination;
export type DispatchRunListQuery = z.infer<typeof DispatchRunListQuery>;

/** POST /copies/:id/assignment (admins, If-Match): reassign to another corrector of the exam, or unassign (null). */
export const AssignmentRequest = z.object({ correctorId: Id.nullable(), reason: z.string().trim().min(1).max(500) });
export type AssignmentRequest = z.infer<typeof AssignmentRequest>;
