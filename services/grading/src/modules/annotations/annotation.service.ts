import { randomUUID } from 'node:crypto';
import { type Annotation, type AnnotationInput, type AnnotationPatch } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid, notFound } from '@gradeline/kit';
import { versionConflict } from '../../shared/versions';
import { type CopyContext } from '../grading/copy-context';
import { type GradingDeps, type WriteContext, writeCopy } from '../grading/copy-writer';
import { schemeOf } from '../grading/grading-view';
import { AnnotationRecord } from './annotation.entity';
import { toAnnotation } from './annotation.repository';
import { checkAnnotation, type AnnotationShape } from './annotation-rules';

export interface CreatedAnnotation {
  annotation: Annotation;
  /** False when a retried POST found the annotation its first attempt created. */
  created: boolean;
}

/** Annotations on a copy's pages; each has its own version, so they never conflict with scores. */
export class AnnotationService {
  constructor(private readonly deps: GradingDeps) {}

  add(em: EntityManager, wc: WriteContext, copyId: string, input: AnnotationInput): Promise<CreatedAnnotation> {
    return writeCopy<CreatedAnnotation>(this.deps, em, wc, copyId, async (tx, ctx) => {
      const id = input.id ?? randomUUID();
      const existing = input.id ? await tx.findOne(AnnotationRecord, { id }) : null;
      if (existing) {
        if (existing.copyId !== copyId || existing.tenantId !== ctx.doc.tenantId) throw new AppError('conflict', 'this annotation id is already used');
        return { result: { annotation: toAnnotation(existing), created: false } };
      }
      await this.check(tx, ctx, input);
      const now = this.deps.clock.now();
      const { id: _ignored, ...shape } = input;
      const record = Object.assign(new AnnotationRecord(), shape, {
        id, tenantId: ctx.doc.tenantId, copyId, version: 1, createdBy: wc.principal.userId, createdAt: now, updatedAt: now,
      });
      tx.persist(record);
      return {
        result: { annotation: toAnnotation(record), created: true },
        action: 'grading.annotation_added',
        details: { annotationId: id, kind: record.kind, page: record.page, nodeId: record.nodeId, pointsDelta: record.pointsDelta },
      };
    });
  }

  update(em: EntityManager, wc: WriteContext, copyId: string, annotationId: string, baseVersion: number, patch: AnnotationPatch): Promise<Annotation> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      const record = await this.current(tx, ctx, annotationId, baseVersion);
      const next: AnnotationShape = { ...toAnnotation(record), ...definedOnly(patch) };
      await this.check(tx, ctx, next);
      const { version: _v, id: _id, ...fields } = next as AnnotationShape & { version?: number };
      Object.assign(record, fields, { version: record.version + 1, updatedAt: this.deps.clock.now() });
      return {
        result: toAnnotation(record),
        action: 'grading.annotation_changed',
        details: { annotationId, version: record.version, fields: Object.keys(definedOnly(patch)), nodeId: record.nodeId, pointsDelta: record.pointsDelta },
      };
    });
  }

  remove(em: EntityManager, wc: WriteContext, copyId: string, annotationId: string, baseVersion: number): Promise<void> {
    return writeCopy(this.deps, em, wc, copyId, async (tx, ctx) => {
      const record = await this.current(tx, ctx, annotationId, baseVersion);
      tx.remove(record);
      return {
        result: undefined,
        action: 'grading.annotation_deleted',
        details: { annotationId, version: record.version, kind: record.kind, page: record.page, nodeId: record.nodeId },
      };
    });
  }

  /** The annotation at the version the caller edited, or 409 with the one that is there now. */
  private async current(tx: EntityManager, ctx: CopyContext, annotationId: string, baseVersion: number): Promise<AnnotationRecord> {
    const record = await tx.findOne(AnnotationRecord, { id: annotationId, copyId: ctx.copy.id, tenantId: ctx.doc.tenantId });
    if (!record) throw notFound('annotation');
    if (record.version !== baseVersion) throw versionConflict('annotation', toAnnotation(record), record.version);
    return record;
  }

  private async check(tx: EntityManager, ctx: CopyContext, shape: AnnotationShape): Promise<void> {
    const tree = shape.nodeId === null ? null : await schemeOf(tx, this.deps.schemes, ctx);
    const errors = checkAnnotation(shape, { pageCount: ctx.copy.pages.length, tree });
    if (errors.length > 0) throw invalid('the annotation does not fit the copy or its scheme', errors);
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
