import { EntitySchema } from '@mikro-orm/core';

/**
 * The score and remark of one scheme node on one copy. Keyed by the node's stable id, never its
 * position: a scheme edit cannot move a mark to another question.
 */
export class NodeScoreRecord {
  copyId!: string;
  nodeId!: string;
  tenantId!: string;
  /** A decimal string ("2.5"); null while not scored. "Not answered" stores "0". */
  points: string | null = null;
  notAnswered = false;
  remark: string | null = null;
  updatedBy!: string;
  updatedAt: Date = new Date();
}

export const nodeScoreEntity = new EntitySchema<NodeScoreRecord>({
  class: NodeScoreRecord,
  tableName: 'node_score',
  properties: {
    copyId: { type: 'uuid', primary: true },
    nodeId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    points: { type: 'text', nullable: true },
    notAnswered: { type: 'boolean' },
    remark: { type: 'text', nullable: true },
    updatedBy: { type: 'uuid' },
    updatedAt: { type: 'datetime' },
  },
});
