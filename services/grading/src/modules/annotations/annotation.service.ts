import { randomUUID } from 'node:crypto';
import { type Annotation, type AnnotationInput, type AnnotationPatch } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid, notFound } from '@gradeline/kit';
import { insertFrom, type SqlPart } from '../../shared/raw-rows';
import { versionConflict } from '../../shared/versions';
import { type CopyContext } from '../grading/copy-context';
import { commitCopyChange, onWritableCopy, refusal, type CopyChange } from '../grading/copy-statement';
import { type GradingDeps, type WriteContext } from '../grading/copy-writer';
import { schemeOf } from '../grading/grading-view';
import { AnnotationRecord } from './annotation.entity';
import { toAnnotation } from './annotation.repository';
import { checkAnnotation, type AnnotationShape } from './annotation-rules';

export interface CreatedAnnotation {
  annotation: Annotation;
  /** False when a retried POST found the annotation its first attempt created. */
  created: boolean;
}

// Columns a patch may change (the kind, the copy and the author never change).
const MUTABLE: Array<[keyof AnnotationShape, string, string]> = [
  ['page', 'page', 'int'], ['x', 'x', 'float8'], ['y', 'y', 'float8'], ['width', 'width', 'float8'], ['height', 'height', 'float8'],
  ['points', 'points', 'jsonb'], ['text', 'text', 'text'], ['nodeId', 'node_id', 'uuid'], ['pointsDelta', 'points_delta', 'text'], ['color', 'color', 'text'],
];

/** Annotations on a copy's pages; each has its own version, so they never conflict with scores. */
export class AnnotationService {
  constructor(private readonly deps: GradingDeps) {}

  add(em: EntityManager, wc: WriteContext, copyId: string, input: AnnotationInput): Promise<CreatedAnnotation> {
    return onWritableCopy(this.deps, em, wc, copyId, (ctx) => this.addOn(em, wc, ctx, input));
  }

  update(em: EntityManager, wc: WriteContext, copyId: string, annotationId: string, baseVersion: number, patch: AnnotationPatch): Promise<Annotation> {
    return onWritableCopy(this.deps, em, wc, copyId, (ctx) => this.updateOn(em, wc, ctx, annotationId, baseVersion, patch));
  }

  remove(em: EntityManager, wc: WriteContext, copyId: string, annotationId: string, baseVersion: number): Promise<void> {
    return onWritableCopy(this.deps, em, wc, copyId, (ctx) => this.removeOn(em, wc, ctx, annotationId, baseVersion));
  }

  private async addOn(em: EntityManager, wc: WriteContext, ctx: CopyContext, input: AnnotationInput): Promise<CreatedAnnotation> {
    const copyId = ctx.doc.copyId;
    const retried = input.id ? await this.retried(em, ctx, input.id) : null;
    if (retried) return retried;
    await this.check(em, ctx, input);
    const now = this.deps.clock.now();
    const { id = randomUUID(), ...shape } = input;
    const record = Object.assign(new AnnotationRecord(), shape, { id, tenantId: ctx.doc.tenantId, copyId, version: 1, createdBy: wc.principal.userId, createdAt: now, updatedAt: now });
    const change: CopyChange = {
      writes: [insertFrom(em, record, '"d"')],
      audit: { action: 'grading.annotation_added', details: { annotationId: id, kind: record.kind, page: record.page, nodeId: record.nodeId, pointsDelta: record.pointsDelta } },
    };
    try {
      if (!(await commitCopyChange(this.deps, em, wc, ctx, change)).applied) throw await refusal(this.deps, em, wc, copyId);
    } catch (error) {
      // The same id sent twice at once: the second insert meets the first one's row.
      const again = input.id && (error as { code?: string }).code === '23505' ? await this.retried(em, ctx, input.id) : null;
      if (again) return again;
      throw error;
    }
    return { annotation: toAnnotation(record), created: true };
  }

  private async updateOn(em: EntityManager, wc: WriteContext, ctx: CopyContext, annotationId: string, baseVersion: number, patch: AnnotationPatch): Promise<Annotation> {
    const copyId = ctx.doc.copyId;
    const current = await this.current(em, ctx, annotationId, baseVersion);
    const changes = definedOnly(patch);
    const next: AnnotationShape = { ...toAnnotation(current), ...changes };
    await this.check(em, ctx, next);
    const sets = MUTABLE.map(([, column, type]) => `"${column}" = ?::${type}`).join(', ');
    const values = MUTABLE.map(([field, , type]) => (type === 'jsonb' && next[field] !== null ? JSON.stringify(next[field]) : next[field]));
    const subject: SqlPart = {
      sql: `update "annotation" set ${sets}, "version" = "version" + 1, "updated_at" = ?
        where "id" = ? and "copy_id" = ? and "tenant_id" = ? and "version" = ? and exists (select 1 from "d") returning "version"`,
      params: [...values, this.deps.clock.now(), annotationId, copyId, ctx.doc.tenantId, baseVersion],
    };
    const audit = { action: 'grading.annotation_changed', details: { annotationId, version: baseVersion + 1, fields: Object.keys(changes), nodeId: next.nodeId, pointsDelta: next.pointsDelta } };
    await this.commitSubject(em, wc, ctx, annotationId, { subject, audit });
    return { ...toAnnotation(current), ...changes, version: baseVersion + 1 } as Annotation;
  }

  private async removeOn(em: EntityManager, wc: WriteContext, ctx: CopyContext, annotationId: string, baseVersion: number): Promise<void> {
    const copyId = ctx.doc.copyId;
    const current = await this.current(em, ctx, annotationId, baseVersion);
    const subject: SqlPart = {
      sql: `delete from "annotation" where "id" = ? and "copy_id" = ? and "tenant_id" = ? and "version" = ? and exists (select 1 from "d") returning "version"`,
      params: [annotationId, copyId, ctx.doc.tenantId, baseVersion],
    };
    const audit = { action: 'grading.annotation_deleted', details: { annotationId, version: baseVersion, kind: current.kind, page: current.page, nodeId: current.nodeId } };
    await this.commitSubject(em, wc, ctx, annotationId, { subject, audit });
  }

  /** Applies an annotation's change; if the annotation moved on meanwhile, 409 with it as it is now. */
  private async commitSubject(em: EntityManager, wc: WriteContext, ctx: CopyContext, annotationId: string, change: CopyChange): Promise<void> {
    const committed = await commitCopyChange(this.deps, em, wc, ctx, change);
    if (committed.applied) return;
    if (committed.documentVersion === null) throw await refusal(this.deps, em, wc, ctx.doc.copyId);
    const now = await em.findOne(AnnotationRecord, { id: annotationId, copyId: ctx.doc.copyId, tenantId: ctx.doc.tenantId }, { refresh: true });
    if (!now) throw notFound('annotation');
    throw versionConflict('annotation', toAnnotation(now), now.version);
  }

  /** The annotation a retried POST created, or null; an id used elsewhere is a conflict. */
  private async retried(em: EntityManager, ctx: CopyContext, id: string): Promise<CreatedAnnotation | null> {
    const existing = await em.findOne(AnnotationRecord, { id }, { refresh: true });
    if (!existing) return null;
    if (existing.copyId !== ctx.doc.copyId || existing.tenantId !== ctx.doc.tenantId) throw new AppError('conflict', 'this annotation id is already used');
    return { annotation: toAnnotation(existing), created: false };
  }

  /** The annotation at the version the caller edited, or 409 with the one that is there now. */
  private async current(em: EntityManager, ctx: CopyContext, annotationId: string, baseVersion: number): Promise<AnnotationRecord> {
    const record = await em.findOne(AnnotationRecord, { id: annotationId, copyId: ctx.copy.id, tenantId: ctx.doc.tenantId }, { refresh: true });
    if (!record) throw notFound('annotation');
    if (record.version !== baseVersion) throw versionConflict('annotation', toAnnotation(record), record.version);
    return record;
  }

  private async check(em: EntityManager, ctx: CopyContext, shape: AnnotationShape): Promise<void> {
    const tree = shape.nodeId === null ? null : await schemeOf(em, this.deps.schemes, ctx);
    const errors = checkAnnotation(shape, { pageCount: ctx.copy.pages.length, tree });
    if (errors.length > 0) throw invalid('the annotation does not fit the copy or its scheme', errors);
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
