import { z } from 'zod';

/** A UUID identifying any entity. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** The tenant (school) an entity belongs to. */
export const TenantId = z.uuid();
export type TenantId = z.infer<typeof TenantId>;

/** An instant, ISO 8601 with offset (UTC `Z` on the wire). */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

export const Role = z.enum(['platform_admin', 'admin', 'teacher', 'student']);
export type Role = z.infer<typeof Role>;

/** Who caused something: a person, or a named part of the system. */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id, role: Role }),
  z.object({ kind: z.literal('system'), name: z.string().min(1) }),
]);
export type Actor = z.infer<typeof Actor>;

/** Copy lifecycle, owned by the exam service (see docs/architecture.md). */
export const CopyStatus = z.enum(['STAGING', 'QUARANTINE', 'READY', 'IN_GRADING', 'GRADED', 'REOPENED', 'RELEASED']);
export type CopyStatus = z.infer<typeof CopyStatus>;

/** Normalised rectangle on a page: every coordinate in 0..1 of the page's width or height. */
export const NormalisedRect = z
  .object({
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .refine((r) => r.x + r.width <= 1 + 1e-9 && r.y + r.height <= 1 + 1e-9, {
    message: 'the rectangle must lie inside the page',
  });
export type NormalisedRect = z.infer<typeof NormalisedRect>;

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type Pagination = z.infer<typeof Pagination>;

/**
 * The tenant id carried by platform admins (and platform-level events): they belong to no school.
 * Every school-scoped query filters by the caller's tenant, so this id matches no school's data.
 */
export const PLATFORM_TENANT_ID = '00000000-0000-0000-0000-000000000000';
