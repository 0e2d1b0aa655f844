import { producerOf, type EventType } from '@gradeline/contracts';

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Rejects a namespace that would not be a single NATS subject token and stream-name prefix. */
export function checkNamespace(namespace: string | undefined): string | undefined {
  if (namespace === undefined || namespace === '') return undefined;
  if (!TOKEN.test(namespace)) throw new Error(`invalid NATS namespace "${namespace}": use letters, digits, _ or -`);
  return namespace;
}

/** The NATS subject of an event type: the type itself, after the namespace when there is one. */
export function subjectOf(type: string, namespace?: string): string {
  return namespace ? `${namespace}.${type}` : type;
}

/** The stream of a producing service: its name in capitals (`IDENTITY`), `<ns>_` first when namespaced. */
export function streamOf(producer: string, namespace?: string): string {
  const name = producer.toUpperCase();
  return namespace ? `${namespace}_${name}` : name;
}

/** The stream an event type is stored in. */
export function streamOfType(type: EventType, namespace?: string): string {
  return streamOf(producerOf(type), namespace);
}

/** The durable consumer name: `<consumer-service>--<purpose>`. */
export function consumerName(service: string, purpose: string): string {
  for (const part of [service, purpose]) {
    if (!/^[a-z][a-z0-9-]*$/.test(part)) throw new Error(`invalid consumer name part "${part}": use lower-case kebab-case`);
  }
  return `${service}--${purpose}`;
}

/** The stream keeping one service's dead-letter advisories (`EXAM_ADVISORIES`). */
export function advisoryStreamOf(service: string, namespace?: string): string {
  return streamOf(`${service.replace(/-/g, '_')}_advisories`, namespace);
}

export const ADVISORY_PREFIX = '$JS.EVENT.ADVISORY.CONSUMER';

/** The advisory subjects JetStream (2.9) emits when a consumer gives up on a message. */
export function deadLetterAdvisorySubjects(stream: string, consumer: string): string[] {
  return [`${ADVISORY_PREFIX}.MAX_DELIVERIES.${stream}.${consumer}`, `${ADVISORY_PREFIX}.MSG_TERMINATED.${stream}.${consumer}`];
}
