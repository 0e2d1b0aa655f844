import { type NodeScore } from '@gradeline/contracts';
import { type SqlPart } from '../../shared/raw-rows';
import { type NodeScoreRecord } from './node-score.entity';
import { type ScoreState } from './score-rules';

export function toNodeScore(r: Pick<NodeScoreRecord, 'nodeId' | 'points' | 'notAnswered' | 'remark'>): NodeScore {
  return { nodeId: r.nodeId, points: r.points, notAnswered: r.notAnswered, remark: r.remark };
}

/** Upserts the states of some nodes of a copy, as a part of a copy change (`from d`). */
export function scoreWrites(copy: { tenantId: string; copyId: string; updatedBy: string; at: Date }, states: Array<{ nodeId: string; state: ScoreState }>): SqlPart {
  const values = states.map(() => '(?::uuid, ?::uuid, ?::uuid, ?::text, ?::boolean, ?::text, ?::uuid, ?::timestamptz)').join(', ');
  const params = states.flatMap(({ nodeId, state }) => [copy.copyId, nodeId, copy.tenantId, state.points, state.notAnswered, state.remark, copy.updatedBy, copy.at]);
  return {
    sql: `insert into "node_score" ("copy_id", "node_id", "tenant_id", "points", "not_answered", "remark", "updated_by", "updated_at")
      select v.* from (values ${values}) as v, "d"
      on conflict ("copy_id", "node_id") do update set "points" = excluded."points", "not_answered" = excluded."not_answered",
        "remark" = excluded."remark", "updated_by" = excluded."updated_by", "updated_at" = excluded."updated_at"`,
    params,
  };
}
