import { EntitySchema } from '@mikro-orm/core';

/** One version of a school's privacy charter; the highest version is the current one. */
export class CharterVersion {
  id!: string;
  tenantId!: string;
  version!: number;
  text!: string;
  createdAt: Date = new Date();
  createdBy!: string;
}

export const charterVersionEntity = new EntitySchema<CharterVersion>({
  class: CharterVersion,
  tableName: 'charter_version',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    version: { type: 'integer' },
    text: { type: 'text' },
    createdAt: { type: 'datetime' },
    createdBy: { type: 'uuid' },
  },
  uniques: [{ name: 'charter_version_tenant_version_unique', properties: ['tenantId', 'version'] }],
});

/** A student's acceptance of one charter version, with when. */
export class CharterAcceptance {
  id!: string;
  tenantId!: string;
  userId!: string;
  studentId!: string;
  version!: number;
  acceptedAt: Date = new Date();
}

export const charterAcceptanceEntity = new EntitySchema<CharterAcceptance>({
  class: CharterAcceptance,
  tableName: 'charter_acceptance',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    userId: { type: 'uuid' },
    studentId: { type: 'uuid' },
    version: { type: 'integer' },
    acceptedAt: { type: 'datetime' },
  },
  uniques: [{ name: 'charter_acceptance_user_version_unique', properties: ['tenantId', 'userId', 'version'] }],
});
