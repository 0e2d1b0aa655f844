import { isAppError, type Logger } from '@gradeline/kit';
import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type AuditLog, type Clock, type Worker } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { type Artefact, type ExportBuilder } from './export-builder';
import { ExportJob } from './export-job.entity';

export interface ExportWorkerDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  audit: AuditLog;
  logger: Logger;
  clock: Clock;
  builder: ExportBuilder;
  ttlMs: number;
  pollIntervalMs: number;
}

/** A running job's claim lasts this long unless renewed (progress renews it). */
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 3;
const SYSTEM = { kind: 'system', name: 'export-worker' } as const;

// One job at a time: the oldest queued, or a running one whose worker died (its lease ran out).
const CLAIM_SQL = `update export_job set status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ?), locked_until = ?
  where id = (select id from export_job where (status = 'queued' or (status = 'running' and locked_until < ?)) and attempts < ?
    order by created_at limit 1 for update skip locked)
  returning id`;

/**
 * Runs export jobs from the database queue, one at a time per replica, and deletes artefacts once
 * they expire. Jobs survive restarts: a claimed job's lease runs out and another worker takes it.
 */
export class ExportWorker implements Worker {
  readonly name = 'export-jobs';
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: ExportWorkerDeps) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** A job was queued: look now rather than at the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Claims and runs one job; false when none was waiting. */
  async runOnce(): Promise<boolean> {
    const now = Date.now();
    const em = this.deps.orm.em.fork();
    const rows = await em.execute<{ id: string }[]>(CLAIM_SQL, [new Date(now), new Date(now + LEASE_MS), new Date(now), MAX_ATTEMPTS]);
    if (rows.length === 0) return false;
    await this.runJob(em, rows[0]!.id);
    return true;
  }

  /** Deletes the artefacts of expired exports, and fails jobs whose workers died too often; returns how many expired. */
  async sweep(): Promise<number> {
    const em = this.deps.orm.em.fork();
    const expired = await em.find(ExportJob, { status: 'done', expiresAt: { $lte: this.deps.clock.now() } });
    for (const job of expired) {
      if (job.objectKey) await this.deps.store.delete(job.objectKey);
      job.status = 'expired';
    }
    await em.flush();
    const abandoned = await em.find(ExportJob, { status: 'running', lockedUntil: { $lt: new Date() }, attempts: { $gte: MAX_ATTEMPTS } });
    for (const job of abandoned) await this.fail(job.id, 'worker_lost');
    return expired.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.sweep();
        while (this.running && (await this.runOnce()));
      } catch (error) {
        this.deps.logger.error({ err: error }, 'export worker loop failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.pollIntervalMs);
        this.wake = () => (clearTimeout(timer), resolve());
      });
    }
  }

  private async runJob(em: EntityManager, id: string): Promise<void> {
    const job = await em.findOneOrFail(ExportJob, id);
    const progress = async (done: number, total: number) => {
      await em.fork().nativeUpdate(ExportJob, { id }, { done, total, lockedUntil: new Date(Date.now() + LEASE_MS) });
    };
    try {
      const artefact = await this.deps.builder.build(em.fork(), job, progress);
      await this.finish(id, artefact);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'internal';
      this.deps.logger.error({ exportId: id, code, err: isAppError(error) ? undefined : error }, 'export failed');
      await this.fail(id, code);
    }
  }

  private async finish(id: string, artefact: Artefact): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      const job = await em.findOneOrFail(ExportJob, id);
      const now = this.deps.clock.now();
      Object.assign(job, { ...artefact, status: 'done', done: job.total, finishedAt: now, expiresAt: new Date(now.getTime() + this.deps.ttlMs), lockedUntil: null });
      this.deps.outbox.record(em, {
        type: 'export.export.completed.v1', tenantId: job.tenantId, correlationId: job.id, actor: SYSTEM,
        data: { exportId: job.id, examId: job.examId, kind: job.kind, expiresAt: job.expiresAt!.toISOString() },
      });
      this.audit(em, job, 'export.completed', 'success', { size: artefact.size, items: job.total });
    });
  }

  private async fail(id: string, code: string): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      const job = await em.findOneOrFail(ExportJob, id);
      if (code === 'internal' && job.attempts < MAX_ATTEMPTS) {
        job.status = 'queued'; // a transient failure: try again (the partial artefact is overwritten)
        return;
      }
      Object.assign(job, { status: 'failed', errorCode: code, finishedAt: this.deps.clock.now(), lockedUntil: null });
      this.deps.outbox.record(em, {
        type: 'export.export.failed.v1', tenantId: job.tenantId, correlationId: job.id, actor: SYSTEM,
        data: { exportId: job.id, examId: job.examId, kind: job.kind, code },
      });
      this.audit(em, job, 'export.failed', 'failure', { code });
    });
  }

  private audit(em: EntityManager, job: ExportJob, action: string, outcome: 'success' | 'failure', details: Record<string, unknown>): void {
    this.deps.audit.record(em, {
      tenantId: job.tenantId, actor: SYSTEM, action, subjectType: 'export', subjectId: job.id, outcome,
      details: { examId: job.examId, kind: job.kind, ...details },
    });
  }
}
