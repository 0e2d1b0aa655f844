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
