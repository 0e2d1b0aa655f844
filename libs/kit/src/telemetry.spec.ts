import { trace } from '@opentelemetry/api';
import { activeTraceId, injectTraceContext, startTelemetry, withTraceContext } from './telemetry';

// With no endpoint nothing is registered: every helper must still be callable and do nothing.
describe('telemetry when no endpoint is configured', () => {
  it('starts nothing and shuts down without error', async () => {
    const telemetry = startTelemetry({ service: 'exam' });
    expect(telemetry.enabled).toBe(false);
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
  });

  it('makes the context helpers no-ops', () => {
    const span = trace.getTracer('test').startSpan('noop');
    expect(span.isRecording()).toBe(false);
    const carrier = injectTraceContext({});
    expect(carrier).toEqual({});
    const incoming = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect(withTraceContext(incoming, () => 'ran')).toBe('ran');
    expect(activeTraceId()).toBeUndefined();
    span.end();
  });
});
