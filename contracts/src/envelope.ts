import { z } from 'zod';
import { catalogue, type EventData, type EventType, isEventType } from './catalogue';
import { Actor, Id, IsoDateTime, TenantId } from './values';

export const SUBJECT_PATTERN = /^[a-z]+\.[a-z][a-z-]*\.[a-z][a-z-]*\.v[1-9]\d*$/;

/** The envelope every event travels in; `data` is checked against the catalogue by `type`. */
export const EventEnvelope = z.object({
  id: Id,
  type: z.string().regex(SUBJECT_PATTERN),
  tenantId: TenantId,
  occurredAt: IsoDateTime,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  actor: Actor.optional(),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An envelope whose `type` and `data` agree with the catalogue. */
export type Envelope<T extends EventType> = Omit<EventEnvelope, 'type' | 'data'> & { type: T; data: EventData<T> };

/** Any catalogued envelope, discriminated by `type` (switch on it exhaustively). */
export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

export type EnvelopeResult = { ok: true; envelope: AnyEnvelope } | { ok: false; error: string };

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates an envelope and its payload by its `type`. Never throws. */
export function parseEnvelope(raw: unknown): EnvelopeResult {
  const base = EventEnvelope.safeParse(raw);
  if (!base.success) return { ok: false, error: `envelope: ${describe(base.error)}` };
  const { type } = base.data;
  if (!isEventType(type)) return { ok: false, error: `unknown event type ${type}` };
  const data = catalogue[type].safeParse(base.data.data);
  if (!data.success) return { ok: false, error: `${type} data: ${describe(data.error)}` };
  return { ok: true, envelope: { ...base.data, type, data: data.data } as AnyEnvelope };
}

/** Checks a payload against the catalogue, throwing a ZodError when it does not fit. */
export function validateEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  return catalogue[type].parse(data) as EventData<T>;
}
