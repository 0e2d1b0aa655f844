import { type NodeScore } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { NodeScoreRecord } from './node-score.entity';
import { type ScoreState } from './score-rules';

/** The copy's stored scores by node id (including nodes a later scheme version removed). */
export async function scoresOf(em: EntityManager, tenantId: string, copyId: string): Promise<Map<string, NodeScoreRecord>> {
  const rows = await em.find(NodeScoreRecord, { tenantId, copyId });
  return new Map(rows.map((r) => [r.nodeId, r]));
}

export function stateOf(r: Pick<NodeScoreRecord, 'points' | 'notAnswered' | 'remark'>): ScoreState {
  return { points: r.points, notAnswered: r.notAnswered, remark: r.remark };
}

export function toNodeScore(r: Pick<NodeScoreRecord, 'nodeId' | 'points' | 'notAnswered' | 'remark'>): NodeScore {
  return { nodeId: r.nodeId, points: r.points, notAnswered: r.notAnswered, remark: r.remark };
}

/** The states of some nodes of a copy (the write path: plain rows, no entities to track). */
export async function scoreStatesOf(em: EntityManager, tenantId: string, copyId: string, nodeIds: string[]): Promise<Map<string, ScoreState>> {
  const rows = await em.execute<Array<{ node_id: string; points: string | null; not_answered: boolean; remark: string | null }>>(
    `select "node_id", "points", "not_answered", "remark" from "node_score"
     where "tenant_id" = ? and "copy_id" = ? and "node_id" = any(string_to_array(?, ',')::uuid[])`,
    [tenantId, copyId, nodeIds.join(',')],
  );
  return new Map(rows.map((r) => [r.node_id, { points: r.points, notAnswered: r.not_answered, remark: r.remark }]));
}

/** Writes the states of some nodes of a copy in one statement. */
export async function saveScores(
  em: EntityManager,
  copy: { tenantId: string; copyId: string; updatedBy: string; at: Date },
  states: Array<{ nodeId: string; state: ScoreState }>,
): Promise<void> {
  const values = states.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const params = states.flatMap(({ nodeId, state }) => [copy.copyId, nodeId, copy.tenantId, state.points, state.notAnswered, state.remark, copy.updatedBy, copy.at]);
  await em.execute(
    `insert into "node_score" ("copy_id", "node_id", "tenant_id", "points", "not_answered", "remark", "updated_by", "updated_at") values ${values}
     on conflict ("copy_id", "node_id") do update set "points" = excluded."points", "not_answered" = excluded."not_answered",
       "remark" = excluded."remark", "updated_by" = excluded."updated_by", "updated_at" = excluded."updated_at"`,
    params,
  );
}
