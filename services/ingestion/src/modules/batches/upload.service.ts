import { randomUUID } from 'node:crypto';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Principal } from '@gradeline/auth';
import { type BatchAccepted } from '@gradeline/contracts';
import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { assertPageLimit, inspectPdf, rangeSource } from '@gradeline/pdf';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { LockMode } from '@mikro-orm/core';
import { assertOpen, examOfTenant } from '../exams/exam-view.repository';
import { taskQueue } from '../tasks/task.repository';
import { sourceKey } from '../../shared/object-keys';
import { Batch } from './batch.entity';
import { UploadMeter } from './upload-meter';

export interface UploadDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  maxBytes: number;
  maxPages: number;
}

export interface Upload {
  principal: Principal;
  examId: string;
  file: Readable;
  fileName: string;
  force: boolean;
  requestId: string;
  audit: Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;
}

interface Stored {
  batchId: string;
  key: string;
  size: number;
  sha256: string;
  pages: number;
}

/**
 * Receiving a scan batch: the file streams to object storage while it is hashed and measured,
 * then is validated where it lies (read by range, never loaded whole). Whatever is refused leaves
 * nothing behind: the object is deleted and no row is written. Only then is the batch created,
 * with its page tasks and its event, in one transaction.
 */
export class UploadService {
  constructor(private readonly deps: UploadDeps) {}

  async upload(upload: Upload): Promise<BatchAccepted> {
    const tenantId = upload.principal.tenantId;
    assertOpen(await examOfTenant(this.deps.orm.em.fork(), tenantId, upload.examId));
    const stored = await this.store(tenantId, upload.file);
    try {
      const accepted = await this.deps.orm.em.fork().transactional((em) => this.createBatch(em, upload, stored));
      if (accepted.duplicate) await this.deps.store.delete(stored.key);
      return accepted;
    } catch (error) {
      await this.deps.store.delete(stored.key);
      throw error;
    }
  }

  private async store(tenantId: string, file: Readable): Promise<Stored> {
    const batchId = randomUUID();
    const key = sourceKey(tenantId, batchId);
    const meter = new UploadMeter(this.deps.maxBytes);
    // The meter's own refusal (not a PDF, too large) is the answer, not how storage reacted to it.
    let refusal: unknown;
    meter.once('error', (error) => (refusal = error));
    try {
      const [put] = await Promise.all([
        this.deps.store.put(key, meter, { contentType: 'application/pdf' }),
        pipeline(file, meter),
      ]);
      const info = await inspectPdf(rangeSource(put.size, (start, end) => this.deps.store.getRange(key, start, end)));
      assertPageLimit(info.pageCount, this.deps.maxPages);
      return { batchId, key, size: put.size, sha256: meter.sha256, pages: info.pageCount };
    } catch (error) {
      file.destroy();
      await this.deps.store.delete(key);
      throw refusal ?? error;
    }
  }

  private async createBatch(em: EntityManager, upload: Upload, stored: Stored): Promise<BatchAccepted> {
    const tenantId = upload.principal.tenantId;
    // The exam may have closed while the file was streaming; the lock keeps it open until commit.
    const exam = await examOfTenant(em, tenantId, upload.examId, LockMode.PESSIMISTIC_READ);
    assertOpen(exam);
    // Two uploads of the same file at once: the second waits here and finds the first.
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${upload.examId}:${stored.sha256}`]);
    if (!upload.force) {
      const existing = await em.findOne(Batch, { tenantId, examId: upload.examId, sha256: stored.sha256 }, { orderBy: { createdAt: 'asc' } });
      if (existing) return { batchId: existing.id, status: existing.status, pages: existing.pagesTotal, duplicate: true };
    }
    const batch = Object.assign(new Batch(), {
      id: stored.batchId,
      tenantId,
      examId: exam.id,
      fileName: upload.fileName,
      size: stored.size,
      sha256: stored.sha256,
      sourceKey: stored.key,
      pagesTotal: stored.pages,
      pagesPerCopy: exam.pagesPerCopy,
      headerRegion: exam.headerRegion,
      uploadedBy: upload.principal.userId,
      correlationId: upload.requestId,
      createdAt: this.deps.clock.now(),
    });
    em.persist(batch);
    await em.flush();
    await taskQueue.enqueuePages(em, tenantId, batch.id, batch.pagesTotal);
    const data = { batchId: batch.id, examId: exam.id, fileName: batch.fileName, size: batch.size, sha256: batch.sha256 };
    this.deps.outbox.record(em, { type: 'ingestion.batch.received.v1', tenantId, correlationId: upload.requestId, actor: upload.audit.actor, data });
    this.deps.audit.record(em, {
      ...upload.audit,
      action: 'batch.uploaded',
      subjectType: 'batch',
      subjectId: batch.id,
      details: { examId: exam.id, pages: batch.pagesTotal, size: batch.size, sha256: batch.sha256, forced: upload.force },
    });
    return { batchId: batch.id, status: batch.status, pages: batch.pagesTotal, duplicate: false };
  }
}
