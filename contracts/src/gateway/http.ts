import { z } from 'zod';
import { AuditPage } from '../audit';
import { eventTypes, PRODUCERS } from '../catalogue';
import { Id, IsoDateTime, Pagination } from '../values';

// Request and response bodies of the gateway's own routes: webhooks (school admins) and the admin
// API (platform admins, school admins for the audit trail). Served under /api/v1.

const PRODUCER_PATTERNS = new Set<string>(PRODUCERS.map((p) => `${p}.*`));
const EVENT_TYPES = new Set<string>(eventTypes);

/** One event type (`exam.copy.transitioned.v1`) or every event of a producer (`exam.*`). */
export const WebhookEventPattern = z
  .string()
  .max(100)
  .refine((p) => EVENT_TYPES.has(p) || PRODUCER_PATTERNS.has(p), {
    message: 'must be a catalogued event type or <service>.* (see /docs/asyncapi.json)',
  });
export type WebhookEventPattern = z.infer<typeof WebhookEventPattern>;

const WebhookFields = z.object({
  /** https, except where the operator allows http (local runs). */
  url: z.url().max(2_000),
  eventTypes: z.array(WebhookEventPattern).min(1).max(50),
  active: z.boolean(),
  description: z.string().trim().max(200),
});

export const WebhookCreate = WebhookFields.extend({ active: z.boolean().default(true), description: z.string().trim().max(200).default('') });
export type WebhookCreate = z.infer<typeof WebhookCreate>;

/** Only the fields sent change (no defaults here: a partial update must not reset the others). */
export const WebhookUpdate = WebhookFields.partial().refine((u) => Object.values(u).some((v) => v !== undefined), {
  message: 'name at least one field to change',
});
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

/** A subscription as the API shows it: never its signing secret. */
export const Webhook = z.object({
  id: Id,
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  description: z.string(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer to a creation: the only time the signing secret is shown. */
export const WebhookCreated = Webhook.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof WebhookCreated>;

export const WebhookList = z.object({ items: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = z.object({
  id: Id,
  subscriptionId: Id,
  eventId: Id,
  eventType: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  /** HTTP status of the last attempt, null when it got no answer. */
  lastStatusCode: z.number().int().nullable(),
  /** Why the last attempt failed: `http_500`, `timeout`, `connection_failed`, `target_refused`… */
  lastError: z.string().nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastAttemptAt: IsoDateTime.nullable(),
  deliveredAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryQuery = Pagination.extend({ status: WebhookDeliveryStatus.optional() });
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;

export const WebhookDeliveryPage = z.object({ items: z.array(WebhookDelivery), total: z.number().int().min(0) });
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;

/** The audit trail of every service, merged by time; services that did not answer are named. */
export const MergedAuditPage = AuditPage.extend({ unavailable: z.array(z.string()) });
export type MergedAuditPage = z.infer<typeof MergedAuditPage>;

export const ServiceHealth = z.object({
  service: z.string(),
  status: z.enum(['ok', 'unavailable', 'not_configured']),
  /** The service's own readiness checks (database, nats, storage…), when it answered. */
  checks: z.record(z.string(), z.string()),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const PlatformHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  services: z.array(ServiceHealth),
});
export type PlatformHealth = z.infer<typeof PlatformHealth>;

/** A dead letter of some service (the fields of libs/messaging's view, plus the service). */
export const ServiceDeadLetter = z.object({ service: z.string(), id: z.string(), firstFailedAt: z.string() }).catchall(z.unknown());
export type ServiceDeadLetter = z.infer<typeof ServiceDeadLetter>;

export const MergedDeadLetterPage = z.object({
  items: z.array(ServiceDeadLetter),
  total: z.number().int().min(0),
  unavailable: z.array(z.string()),
});
export type MergedDeadLetterPage = z.infer<typeof MergedDeadLetterPage>;
