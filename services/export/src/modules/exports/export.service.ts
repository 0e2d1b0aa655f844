import { randomUUID } from 'node:crypto';
import { type Readable } from 'node:stream';
import { type Principal } from '@gradeline/auth';
import { type CreateExportRequest, type ExportAccepted, type ExportView } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { examForStaff } from '../read-model/exam-access';
import { loadExportContext, planFor } from './export-builder';
import { ExportJob } from './export-job.entity';

type Who = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

export function exportView(job: ExportJob): ExportView {
  return {
    id: job.id, examId: job.examId, kind: job.kind, purpose: job.purpose, status: job.status,
    progress: { done: job.done, total: job.total }, warnings: job.warnings, errorCode: job.errorCode,
    fileName: job.fileName, size: job.size, createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null, expiresAt: job.expiresAt?.toISOString() ?? null,
    downloadPath: job.status === 'done' ? `/api/v1/exports/${job.id}/download` : null,
  };
}

/** Export requests, their status and their downloads; the worker builds them. */
export class ExportService {
  constructor(private readonly deps: { audit: AuditLog; store: ObjectStore; clock: Clock; queued: () => void }) {}

  /** Queues an export, or refuses it (409 export_blocked) with every blocking problem listed. */
  async create(em: EntityManager, principal: Principal, who: Who, examId: string, request: CreateExportRequest): Promise<ExportAccepted> {
    const accepted = await em.transactional(async (tx) => {
      await examForStaff(tx, principal, examId);
      const context = await loadExportContext(tx, principal.tenantId, examId);
      const plan = planFor(request, context);
      if (plan.blocking.length) {
        throw new AppError('export_blocked', `the export cannot run: ${plan.blocking.map((p) => p.message).join('; ')}`, {
          extensions: { blocking: plan.blocking, warnings: plan.warnings },
        });
      }
      const job = Object.assign(new ExportJob(), {
        id: randomUUID(), tenantId: principal.tenantId, examId, kind: request.kind, purpose: request.purpose,
        warnings: plan.warnings, total: plan.included.length, createdBy: principal.userId, createdAt: this.deps.clock.now(),
      });
      tx.persist(job);
      this.deps.audit.record(tx, { ...who, action: 'export.requested', subjectType: 'export', subjectId: job.id, details: { examId, kind: job.kind, purpose: job.purpose, items: job.total } });
      return { exportId: job.id, warnings: plan.warnings };
    });
    this.deps.queued();
    return accepted;
  }

  async list(em: EntityManager, principal: Principal, examId: string): Promise<ExportView[]> {
    await examForStaff(em, principal, examId);
    const jobs = await em.find(ExportJob, { tenantId: principal.tenantId, examId }, { orderBy: { createdAt: 'desc' }, limit: 100 });
    return jobs.map(exportView);
  }

  async get(em: EntityManager, principal: Principal, id: string): Promise<ExportJob> {
    const job = await em.findOne(ExportJob, { id, tenantId: principal.tenantId });
    if (!job) throw notFound('export');
    await examForStaff(em, principal, job.examId);
    return job;
  }

  /** The artefact, once done and until it expires (410 after); the download is audited first. */
  async download(em: EntityManager, principal: Principal, who: Who, id: string): Promise<{ job: ExportJob; body: Readable }> {
    const job = await this.get(em, principal, id);
    if (job.status === 'expired' || (job.expiresAt && job.expiresAt <= this.deps.clock.now())) {
      throw new AppError('artefact_expired', 'this export has expired: run it again');
    }
    if (job.status !== 'done' || !job.objectKey) throw new AppError('invalid_state', `the export is ${job.status}`, { extensions: { status: job.status } });
    const body = await this.deps.store.get(job.objectKey);
    this.deps.audit.record(em, { ...who, action: 'export.downloaded', subjectType: 'export', subjectId: job.id, details: { examId: job.examId, kind: job.kind } });
    await em.flush();
    return { job, body };
  }
}
