import { type SchemeNode } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** One published version of an exam's marking scheme (every version is kept: finalised copies refer to theirs). */
export class SchemeVersion {
  examId!: string;
  version!: number;
  tenantId!: string;
  nodes: SchemeNode[] = [];
  total!: string;
  changedNodeIds: string[] = [];
  removedNodeIds: string[] = [];
  publishedAt!: Date;
}

export const schemeVersionEntity = new EntitySchema<SchemeVersion>({
  class: SchemeVersion,
  tableName: 'scheme_version',
  properties: {
    examId: { type: 'uuid', primary: true },
    version: { type: 'integer', primary: true },
    tenantId: { type: 'uuid' },
    nodes: { type: 'json' },
    total: { type: 'text' },
    changedNodeIds: { type: 'json' },
    removedNodeIds: { type: 'json' },
    publishedAt: { type: 'datetime' },
  },
});
