import { Id } from '@gradeline/contracts';
import { z } from 'zod';

export const CopyParams = z.object({ id: Id });
export const ExamParams = z.object({ id: Id });
export const ScoreParams = z.object({ id: Id, nodeId: Id });
export const AnnotationParams = z.object({ id: Id, annotationId: Id });
export const PageParams = z.object({ id: Id, n: z.coerce.number().int().min(1).max(10_000) });
export const CommentParams = z.object({ commentId: Id });
/** `If-Match` is read by the handler: missing answers 428, not 422. */
export const IfMatchHeaders = z.object({ 'if-match': z.string().optional() });
