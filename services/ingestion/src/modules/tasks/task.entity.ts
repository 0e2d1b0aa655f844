import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * `page`: extract one PDF page; `assemble`: place a finished batch's pages into copies;
 * `copy`: crop a copy's header and publish its revision; `thumbnail`: a review item's small image.
 */
export type TaskKind = 'page' | 'assemble' | 'copy' | 'thumbnail';
export type TaskStatus = 'pending' | 'done';

/**
 * One unit of work in the database queue. Workers claim pending tasks with FOR UPDATE SKIP LOCKED
 * and hold them by a lease; a worker that dies simply lets its lease expire.
 */
export class IngestionTask {
  id!: string;
  /** Unique per piece of work (`page:<batch>:<n>`, `copy:<copy>`…): re-enqueuing is an upsert. */
  key!: string;
  seq?: number;
  tenantId!: string;
  batchId!: string;
  kind!: TaskKind;
  scanIndex: number | null = null;
  /** The copy or review item the task is about. */
  subjectId: string | null = null;
  /** Lower first: finishing a batch goes before starting the pages of the next one. */
  priority = 1;
  status: TaskStatus = 'pending';
  attempts = 0;
  leaseOwner: string | null = null;
  /** Free to claim when null or past (also used to delay a retry). */
  leaseExpiresAt: Date | null = null;
  lastError: string | null = null;
  createdAt: Date = new Date();
}

export const taskEntity = new EntitySchema<IngestionTask>({
  class: IngestionTask,
  tableName: 'ingestion_task',
  indexes: [
    {
      name: 'ingestion_task_pending_index',
      expression:
        'create index "ingestion_task_pending_index" on "ingestion_task" ("priority", "seq") where "status" = \'pending\'',
    },
    { properties: ['batchId', 'status'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    key: { type: 'text', unique: true },
    seq: { type: new BigIntType('number'), autoincrement: true },
    tenantId: { type: 'uuid' },
    batchId: { type: 'uuid' },
    kind: { type: 'text' },
    scanIndex: { type: 'integer', nullable: true },
    subjectId: { type: 'uuid', nullable: true },
    priority: { type: 'integer', default: 1 },
    status: { type: 'text', default: 'pending' },
    attempts: { type: 'integer', default: 0 },
    leaseOwner: { type: 'text', nullable: true },
    leaseExpiresAt: { type: 'datetime', nullable: true },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
