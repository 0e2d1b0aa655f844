import { type AnnotationKind, type Point2D } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A mark on a page of a copy, in page-normalised coordinates; versioned on its own. */
export class AnnotationRecord {
  id!: string;
  tenantId!: string;
  copyId!: string;
  kind!: AnnotationKind;
  page!: number;
  x!: number;
  y!: number;
  width: number | null = null;
  height: number | null = null;
  points: Point2D[] | null = null;
  text: string | null = null;
  nodeId: string | null = null;
  pointsDelta: string | null = null;
  color: string | null = null;
  version = 1;
  createdBy!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const annotationEntity = new EntitySchema<AnnotationRecord>({
  class: AnnotationRecord,
  tableName: 'annotation',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    copyId: { type: 'uuid' },
    kind: { type: 'text' },
    page: { type: 'integer' },
    x: { type: 'double' },
    y: { type: 'double' },
    width: { type: 'double', nullable: true },
    height: { type: 'double', nullable: true },
    points: { type: 'json', nullable: true },
    text: { type: 'text', nullable: true },
    nodeId: { type: 'uuid', nullable: true },
    pointsDelta: { type: 'text', nullable: true },
    color: { type: 'text', nullable: true },
    version: { type: 'integer' },
    createdBy: { type: 'uuid' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
  indexes: [{ name: 'annotation_copy_index', properties: ['copyId', 'createdAt'] }],
});
