import { type SecondLook } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { SecondLookRecord } from './second-look.entity';

/** Scheme changes that touched this copy and that no finalise has answered yet. */
export function openSecondLooks(em: EntityManager, tenantId: string, copyId: string): Promise<SecondLookRecord[]> {
  return em.find(SecondLookRecord, { tenantId, copyId, resolvedAt: null }, { orderBy: { schemeVersion: 'asc' } });
}

/** A finalise on `schemeVersion` answers every change up to it. */
export async function resolveSecondLooks(em: EntityManager, tenantId: string, copyId: string, schemeVersion: number, at: Date): Promise<void> {
  await em.nativeUpdate(SecondLookRecord, { tenantId, copyId, resolvedAt: null, schemeVersion: { $lte: schemeVersion } }, { resolvedAt: at });
}

export function toSecondLook(r: SecondLookRecord): SecondLook {
  return { schemeVersion: r.schemeVersion, nodeIds: r.nodeIds, raisedAt: r.raisedAt.toISOString() };
}

/**
 * Lists for a second look every copy of the exam with a score, "not answered" or an annotation on
 * one of `nodeIds` (changed or removed by `schemeVersion`), with the nodes it touches.
 */
export async function raiseSecondLooks(
  em: EntityManager,
  change: { tenantId: string; examId: string; schemeVersion: number; nodeIds: string[]; at: Date },
): Promise<void> {
  const ids = change.nodeIds.join(',');
  await em.execute(
    `insert into "second_look" ("copy_id", "scheme_version", "tenant_id", "exam_id", "node_ids", "raised_at")
     select t."copy_id", ?, ?, ?, jsonb_agg(distinct t."node_id"), ?
     from (
       select s."copy_id", s."node_id" from "node_score" s join "grading_document" d on d."copy_id" = s."copy_id"
       where d."tenant_id" = ? and d."exam_id" = ? and s."node_id" = any(string_to_array(?, ',')::uuid[]) and (s."points" is not null or s."not_answered")
       union
       select a."copy_id", a."node_id" from "annotation" a join "grading_document" d on d."copy_id" = a."copy_id"
       where d."tenant_id" = ? and d."exam_id" = ? and a."node_id" = any(string_to_array(?, ',')::uuid[])
     ) t
     group by t."copy_id"
     on conflict ("copy_id", "scheme_version") do update set "node_ids" = excluded."node_ids", "resolved_at" = null`,
    [change.schemeVersion, change.tenantId, change.examId, change.at, change.tenantId, change.examId, ids, change.tenantId, change.examId, ids],
  );
}

export function openSecondLooksOfExam(em: EntityManager, tenantId: string, examId: string): Promise<SecondLookRecord[]> {
  return em.find(SecondLookRecord, { tenantId, examId, resolvedAt: null }, { orderBy: { schemeVersion: 'asc', copyId: 'asc' } });
}
