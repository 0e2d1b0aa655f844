import { type Annotation } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AnnotationRecord } from './annotation.entity';

export function annotationsOf(em: EntityManager, tenantId: string, copyId: string): Promise<AnnotationRecord[]> {
  return em.find(AnnotationRecord, { tenantId, copyId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export function toAnnotation(r: AnnotationRecord): Annotation {
  return {
    id: r.id,
    kind: r.kind,
    page: r.page,
    x: r.x,
    y: r.y,
    width: r.width,
    height: r.height,
    points: r.points,
    text: r.text,
    nodeId: r.nodeId,
    pointsDelta: r.pointsDelta,
    color: r.color,
    version: r.version,
  };
}
