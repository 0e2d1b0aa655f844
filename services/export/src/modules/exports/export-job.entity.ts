import { type ExportKind, type ExportProblem, type ExportPurpose, type ExportStatus } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * One export of an exam: a job in the database queue (claimed with SKIP LOCKED, so it survives
 * restarts and replicas share the queue), then the artefact it produced, until it expires.
 */
export class ExportJob {
  id!: string;
  tenantId!: string;
  examId!: string;
  kind!: ExportKind;
  purpose: ExportPurpose = 'named';
  status: ExportStatus = 'queued';
  done = 0;
  total = 0;
  warnings: ExportProblem[] = [];
  errorCode: string | null = null;
  objectKey: string | null = null;
  fileName: string | null = null;
  contentType: string | null = null;
  size: number | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  expiresAt: Date | null = null;
  /** A running job whose worker stopped renewing this is taken over by another worker. */
  lockedUntil: Date | null = null;
  attempts = 0;
}

export const exportJobEntity = new EntitySchema<ExportJob>({
  class: ExportJob,
  tableName: 'export_job',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid', index: true },
    kind: { type: 'text' },
    purpose: { type: 'text' },
    status: { type: 'text' },
    done: { type: 'integer' },
    total: { type: 'integer' },
    warnings: { type: 'json' },
    errorCode: { type: 'text', nullable: true },
    objectKey: { type: 'text', nullable: true },
    fileName: { type: 'text', nullable: true },
    contentType: { type: 'text', nullable: true },
    size: { type: 'integer', nullable: true },
    createdBy: { type: 'uuid' },
    createdAt: { type: 'datetime' },
    startedAt: { type: 'datetime', nullable: true },
    finishedAt: { type: 'datetime', nullable: true },
    expiresAt: { type: 'datetime', nullable: true },
    lockedUntil: { type: 'datetime', nullable: true },
    attempts: { type: 'integer' },
  },
  indexes: [{ name: 'export_job_queue_index', properties: ['status', 'createdAt'] }],
});
