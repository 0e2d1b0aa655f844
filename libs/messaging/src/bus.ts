import { type EventType } from '@gradeline/contracts';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { checkNamespace, streamOf, streamOfType, subjectOf } from './naming';

export interface BusOptions {
  url: string;
  /** The connection name shown by the server (the service name). */
  name: string;
  /** Prefix of every subject and stream, so tests and shared environments never collide. */
  namespace?: string;
}

/** One NATS connection with its JetStream client and manager, and the naming rules applied. */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string | undefined;
  /** The subject an event type is published on. */
  subject(type: EventType): string;
  /** The stream of a producing service. */
  stream(producer: string): string;
  /** The stream an event type lands in. */
  streamOfType(type: EventType): string;
  /** Flushes pending publishes and acks, then closes. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to NATS (reconnecting forever) and returns the Bus. */
export async function connectBus(options: BusOptions): Promise<Bus> {
  const namespace = checkNamespace(options.namespace);
  // noAsyncTraces: no stack captured per request (a tenth of the CPU of a busy relay); failures are
  // logged by code anyway.
  const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1, noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  return {
    nc,
    js,
    jsm,
    namespace,
    subject: (type) => subjectOf(type, namespace),
    stream: (producer) => streamOf(producer, namespace),
    streamOfType: (type) => streamOfType(type, namespace),
    drain: async () => {
      if (!nc.isClosed()) await nc.drain();
    },
    close: async () => {
      if (!nc.isClosed()) await nc.close();
    },
  };
}
