import { type SchemeNode } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** One published version of an exam's marking scheme (labels, maxima, tree). */
export class SchemeVersion {
  /** `<examId>:<version>`. */
  id!: string;
  tenantId!: string;
  examId!: string;
  version!: number;
  nodes: SchemeNode[] = [];
  total!: string;
}

export const schemeVersionEntity = new EntitySchema<SchemeVersion>({
  class: SchemeVersion,
  tableName: 'scheme_version',
  properties: {
    id: { type: 'text', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid', index: true },
    version: { type: 'integer' },
    nodes: { type: 'json' },
    total: { type: 'text' },
  },
});

export const schemeVersionId = (examId: string, version: number): string => `${examId}:${version}`;
