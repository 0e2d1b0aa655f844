import { type MsgHdrs } from '@nats-io/nats-core';

/** NATS headers as a plain record (last value wins), for storage and trace extraction. */
export function headersRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  for (const key of headers.keys()) record[key] = headers.last(key);
  return record;
}
