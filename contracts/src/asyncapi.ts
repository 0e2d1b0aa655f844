import { z } from 'zod';
import { catalogue, producerOf, type EventType } from './catalogue';
import { EventEnvelope } from './envelope';

/** The event catalogue as an AsyncAPI 2.6 document, for integrators. */
export function asyncApiDocument(version = '1.0.0'): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const type of Object.keys(catalogue) as EventType[]) {
    const payload = z.toJSONSchema(EventEnvelope.extend({ type: z.literal(type), data: catalogue[type] }), {
      io: 'output',
      unrepresentable: 'any',
    });
    channels[type] = {
      description: `Published by the ${producerOf(type)} service on JetStream stream ${producerOf(type).toUpperCase()}.`,
      subscribe: { operationId: `on_${type.replace(/[.-]/g, '_')}`, message: { name: type, payload } },
    };
  }
  return {
    asyncapi: '2.6.0',
    info: {
      title: 'Gradeline events',
      version,
      description:
        'Every event Gradeline publishes. Each message is a JSON envelope; `data` follows the schema of its `type`. ' +
        'Messages carry `Nats-Msg-Id` (the envelope id) and `traceparent` headers.',
    },
    defaultContentType: 'application/json',
    channels,
  };
}
