import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  service: string;
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
}

export interface Telemetry {
  enabled: boolean;
  /** Flushes pending spans and stops the SDK (a no-op when disabled). */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when an endpoint is configured, else nothing. Call it before the
 * modules it instruments (pg, http clients) are loaded: instrumentation patches them on require.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!options.otlpEndpoint) return { enabled: false, shutdown: () => Promise.resolve() };
  const sdk = new NodeSDK({
    serviceName: options.service,
    traceExporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }),
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation()],
    // Metrics stay with prom-client (/metrics); logs stay with pino.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
}

/** Writes the active trace context (`traceparent`) into message headers; no-op when tracing is off. */
export function injectTraceContext(carrier: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs fn inside the trace context carried by message headers, so its spans join that trace. */
export function withTraceContext<T>(carrier: Record<string, string>, fn: () => T): T {
  return context.with(propagation.extract(context.active(), carrier), fn);
}

/** The trace id of the active span, if any. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? traceId : undefined;
}
