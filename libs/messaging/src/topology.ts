import { PRODUCERS, producerOf, type Producer } from '@gradeline/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { type Bus } from './bus';
import { resolveSettings, serverBackoffMs, type ConsumerSettings } from './consumer';
import { advisoryStreamOf, consumerName, deadLetterAdvisorySubjects, subjectOf } from './naming';

const DAY_MS = 24 * 3_600_000;
/** JetStream drops a message whose Nats-Msg-Id it stored within this window. */
export const DUPLICATE_WINDOW_MS = 120_000;
/** How long streams keep messages unless a StreamSpec says otherwise. */
export const STREAM_MAX_AGE_MS = 7 * DAY_MS;

export interface StreamSpec {
  producer: Producer;
  /** How long messages stay (default 7 days): also how far back a new consumer can start. */
  maxAgeMs?: number;
}

export interface Topology {
  /** Streams of producing services (a service lists its own; consumed ones are added anyway). */
  streams?: Array<Producer | StreamSpec>;
  /** The consuming service; required with `consumers`. */
  service?: string;
  consumers?: ConsumerSettings[];
}

export type Action = 'created' | 'updated' | 'unchanged';
export interface TopologyReport {
  streams: Array<{ name: string; action: Action }>;
  consumers: Array<{ stream: string; name: string; action: Action }>;
}

type Desired<T> = Partial<T> & { name?: string };

function differs<T extends object>(current: T, desired: Desired<T>): boolean {
  return Object.entries(desired).some(([key, value]) => JSON.stringify(current[key as keyof T] ?? null) !== JSON.stringify(value ?? null));
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound);
}

async function ensureStream(bus: Bus, config: Partial<StreamConfig> & { name: string }): Promise<Action> {
  try {
    const info = await bus.jsm.streams.info(config.name);
    if (!differs(info.config, config)) return 'unchanged';
    await bus.jsm.streams.update(config.name, config);
    return 'updated';
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await bus.jsm.streams.add(config);
    return 'created';
  }
}

async function ensureConsumer(bus: Bus, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<Action> {
  try {
    const info = await bus.jsm.consumers.info(stream, config.durable_name);
    if (!differs(info.config, config)) return 'unchanged';
    const { durable_name: name, deliver_policy: _fixed, ...update } = config;
    await bus.jsm.consumers.update(stream, name, update);
    return 'updated';
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await bus.jsm.consumers.add(stream, config);
    return 'created';
  }
}

function streamConfig(name: string, subjects: string[], maxAgeMs = STREAM_MAX_AGE_MS): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeMs),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: 1,
  };
}

/** The JetStream configuration of one durable pull consumer. */
export function consumerConfig(bus: Bus, service: string, settings: ConsumerSettings): Partial<ConsumerConfig> & { durable_name: string } {
  const resolved = resolveSettings(settings);
  const backoff = serverBackoffMs(resolved).map(nanos);
  return {
    durable_name: consumerName(service, settings.purpose),
    filter_subject: bus.subject(settings.type),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_deliver: resolved.maxDeliver,
    ack_wait: backoff[0]!,
    backoff,
  };
}

/** The durable that feeds the DeadLetterRecorder with a service's advisories. */
export function advisoryConsumerConfig(service: string): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: consumerName(service, 'dead-letters'),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_deliver: 1_000,
    ack_wait: nanos(30_000),
    backoff: [30_000, 60_000, 300_000].map(nanos),
  };
}

function normaliseStreams(topology: Topology): StreamSpec[] {
  const specs = new Map<Producer, StreamSpec>();
  for (const s of topology.streams ?? []) {
    const spec = typeof s === 'string' ? { producer: s } : s;
    if (!PRODUCERS.includes(spec.producer)) throw new Error(`unknown producer ${spec.producer}`);
    specs.set(spec.producer, spec);
  }
  for (const c of topology.consumers ?? []) {
    const producer = producerOf(c.type);
    if (!specs.has(producer)) specs.set(producer, { producer });
  }
  return [...specs.values()];
}

/**
 * Creates or updates streams and durable consumers to match the declaration: running it twice
 * changes nothing, changed settings are updated. With consumers, also the service's advisory
 * stream that the DeadLetterRecorder reads.
 */
export async function ensureTopology(bus: Bus, topology: Topology): Promise<TopologyReport> {
  const report: TopologyReport = { streams: [], consumers: [] };
  for (const spec of normaliseStreams(topology)) {
    const config = streamConfig(bus.stream(spec.producer), [subjectOf(`${spec.producer}.>`, bus.namespace)], spec.maxAgeMs);
    report.streams.push({ name: config.name, action: await ensureStream(bus, config) });
  }
  const consumers = topology.consumers ?? [];
  if (consumers.length === 0) return report;
  const service = topology.service;
  if (!service) throw new Error('ensureTopology: consumers need the consuming service');
  const advisorySubjects: string[] = [];
  for (const settings of consumers) {
    const stream = bus.streamOfType(settings.type);
    const config = consumerConfig(bus, service, settings);
    report.consumers.push({ stream, name: config.durable_name, action: await ensureConsumer(bus, stream, config) });
    advisorySubjects.push(...deadLetterAdvisorySubjects(stream, config.durable_name));
  }
  const advisories = streamConfig(advisoryStreamOf(service, bus.namespace), advisorySubjects);
  report.streams.push({ name: advisories.name, action: await ensureStream(bus, advisories) });
  const recorder = advisoryConsumerConfig(service);
  report.consumers.push({ stream: advisories.name, name: recorder.durable_name, action: await ensureConsumer(bus, advisories.name, recorder) });
  return report;
}
