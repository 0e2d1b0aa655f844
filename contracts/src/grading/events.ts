import { z } from 'zod';
import { Points } from '../points';
import { Id, IsoDateTime } from '../values';

export const AnnotationKind = z.enum(['comment', 'tick', 'cross', 'highlight', 'stroke', 'text']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

const Coordinate = z.number().min(0).max(1);
export const Point2D = z.object({ x: Coordinate, y: Coordinate });
export type Point2D = z.infer<typeof Point2D>;

/** An annotation on a page, in coordinates normalised to the page (0..1). */
export const Annotation = z.object({
  id: Id,
  kind: AnnotationKind,
  /** 0-based index of the page in the copy. */
  page: z.number().int().min(0),
  x: Coordinate,
  y: Coordinate,
  width: Coordinate.nullable(),
  height: Coordinate.nullable(),
  /** Free-hand strokes: the path, in page coordinates. */
  points: z.array(Point2D).nullable(),
  text: z.string().max(5000).nullable(),
  nodeId: Id.nullable(),
  pointsDelta: Points.nullable(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).nullable(),
  version: z.number().int().min(1),
});
export type Annotation = z.infer<typeof Annotation>;

export const NodeScore = z.object({
  nodeId: Id,
  /** Null when not scored; "not answered" scores 0. */
  points: Points.nullable(),
  notAnswered: z.boolean(),
  remark: z.string().max(5000).nullable(),
});
export type NodeScore = z.infer<typeof NodeScore>;

export const GradingStartedV1 = z.object({ copyId: Id, examId: Id, correctorId: Id });
export type GradingStartedV1 = z.infer<typeof GradingStartedV1>;

export const CopyFinalizedV1 = z.object({
  copyId: Id,
  examId: Id,
  /** Grows with every finalise after a reopen. */
  version: z.number().int().min(1),
  schemeVersion: z.number().int().min(1),
  correctorId: Id,
  scores: z.array(NodeScore),
  total: Points,
  maxTotal: Points,
  globalComment: z.string().max(10000).nullable(),
  annotations: z.array(Annotation),
  finalizedAt: IsoDateTime,
});
export type CopyFinalizedV1 = z.infer<typeof CopyFinalizedV1>;

export const CopyReopenedV1 = z.object({ copyId: Id, examId: Id, reason: z.string(), version: z.number().int().min(1) });
export type CopyReopenedV1 = z.infer<typeof CopyReopenedV1>;

export const gradingEvents = {
  'grading.copy.started.v1': GradingStartedV1,
  'grading.copy.finalized.v1': CopyFinalizedV1,
  'grading.copy.reopened.v1': CopyReopenedV1,
} as const;
