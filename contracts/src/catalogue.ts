import { type z } from 'zod';
import { examEvents } from './exam/events';
import { exportEvents } from './export/events';
import { gatewayEvents } from './gateway/events';
import { gradingEvents } from './grading/events';
import { identityEvents } from './identity/events';
import { ingestionEvents } from './ingestion/events';
import { ocrEvents } from './ocr/events';

/**
 * Every event of the platform: subject (`<service>.<entity>.<pastTenseVerb>.v<N>`) → payload schema.
 * Additive changes stay in vN; a breaking change is a new vN+1 published beside vN.
 */
export const catalogue = {
  ...identityEvents,
  ...examEvents,
  ...ingestionEvents,
  ...ocrEvents,
  ...gradingEvents,
  ...exportEvents,
  ...gatewayEvents,
} as const;

export type Catalogue = typeof catalogue;
export type EventType = keyof Catalogue;
export type EventData<T extends EventType> = z.infer<Catalogue[T]>;

/** The producing services, each with one JetStream stream named after it in capitals. */
export const PRODUCERS = ['identity', 'exam', 'ingestion', 'ocr', 'grading', 'export', 'gateway'] as const;
export type Producer = (typeof PRODUCERS)[number];

export const eventTypes = Object.keys(catalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(catalogue, type);
}

/** The service that publishes events of this type (the first token of the subject). */
export function producerOf(type: EventType): Producer {
  return type.slice(0, type.indexOf('.')) as Producer;
}
