import { randomUUID } from 'node:crypto';
import { type DeadLetterReason, type EntityManager } from '@gradeline/db';

export interface DeadLetterRecord {
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  /** The message body: stored as JSON when it parses, as text otherwise. */
  body: string | null;
  headers: Record<string, string>;
  reason: DeadLetterReason;
  errorCode: string | null;
  errorMessage: string | null;
  deliveries: number;
}

function splitBody(body: string | null): { envelope: string | null; raw: string | null } {
  if (body === null) return { envelope: null, raw: null };
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { envelope: body, raw: null };
  } catch {
    // not JSON: kept as text below
  }
  return { envelope: null, raw: body };
}

const INSERT = `insert into dead_letter (id, consumer, stream, stream_seq, subject, envelope, raw, headers, reason,
  error_code, error_message, deliveries, first_failed_at, status)
  values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, now(), 'open')`;

/**
 * Stores a dead letter once per (consumer, stream, sequence). `overwrite` (the runner, which knows
 * the error) replaces what an advisory recorded; without it (the advisory recorder) an existing
 * row is kept. A dead letter that comes back (after a replay failed again) is reopened.
 */
export async function saveDeadLetter(em: EntityManager, record: DeadLetterRecord, overwrite: boolean): Promise<void> {
  const { envelope, raw } = splitBody(record.body);
  const conflict = overwrite
    ? `on conflict (consumer, stream, stream_seq) do update set reason = excluded.reason, error_code = excluded.error_code,
       error_message = excluded.error_message, deliveries = excluded.deliveries, status = 'open'`
    : 'on conflict (consumer, stream, stream_seq) do nothing';
  await em.execute(`${INSERT} ${conflict}`, [
    randomUUID(),
    record.consumer,
    record.stream,
    record.streamSeq,
    record.subject,
    envelope,
    raw,
    JSON.stringify(record.headers),
    record.reason,
    record.errorCode,
    record.errorMessage?.slice(0, 4_000) ?? null,
    record.deliveries,
  ]);
}
