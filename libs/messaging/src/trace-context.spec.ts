import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { contextFromHeaders, currentTraceHeaders, parseTraceparent } from './trace-context';

const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };

describe('trace context in message headers', () => {
  // What the telemetry SDK does at start: without a context manager there is no active span at all.
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('writes the active span as a W3C traceparent, even with no telemetry set up', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, span);
    const headers = context.with(ctx, () => currentTraceHeaders());
    expect(headers.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('writes nothing outside a trace', () => {
    expect(currentTraceHeaders()).toEqual({});
  });

  it('continues the trace a header carries', () => {
    const ctx = contextFromHeaders({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(trace.getSpanContext(ctx)).toMatchObject({ ...span, isRemote: true });
  });

  it('ignores malformed or all-zero traceparents', () => {
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
  });
});
