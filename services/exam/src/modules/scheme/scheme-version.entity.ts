import { type SchemeNode } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** One saved version of an exam's marking scheme; versions are never changed once written. */
export class SchemeVersion {
  id!: string;
  tenantId!: string;
  examId!: string;
  version!: number;
  /** Depth first, siblings by position. */
  nodes: SchemeNode[] = [];
  total!: string;
  /** Saved after grading had started: the lists below tell graders what to look at again. */
  frozen = false;
  changedNodeIds: string[] = [];
  removedNodeIds: string[] = [];
  createdAt: Date = new Date();
  createdBy: string | null = null;
}

export const schemeVersionEntity = new EntitySchema<SchemeVersion>({
  class: SchemeVersion,
  tableName: 'scheme_version',
  uniques: [{ properties: ['examId', 'version'] }],
  indexes: [{ properties: ['tenantId', 'examId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    version: { type: 'integer' },
    nodes: { type: 'json' },
    total: { type: 'text' },
    frozen: { type: 'boolean' },
    changedNodeIds: { type: 'json' },
    removedNodeIds: { type: 'json' },
    createdAt: { type: 'datetime' },
    createdBy: { type: 'uuid', nullable: true },
  },
});
