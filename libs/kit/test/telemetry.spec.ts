import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { createServer } from '../src/server';
import { activeTraceId, injectTraceContext, startTelemetry, withTraceContext, type Telemetry } from '../src/telemetry';
import { captureLogs } from './log-capture';

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

interface ExportRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: ExportedSpan[] }[];
  }[];
}

/** A minimal OTLP/HTTP JSON receiver: it records what the exporter posts to /v1/traces. */
function startReceiver(): Promise<{ server: Server; url: string; received: ExportRequest[] }> {
  const received: ExportRequest[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received }),
    ),
  );
}

const spansOf = (requests: ExportRequest[]) =>
  requests.flatMap((r) => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)));

describe('telemetry with an OTLP endpoint', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let telemetry: Telemetry;

  beforeAll(async () => {
    receiver = await startReceiver();
    telemetry = startTelemetry({ service: 'exam', otlpEndpoint: receiver.url });
  });

  afterAll(async () => {
    await telemetry.shutdown();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('puts the trace id of the active span on request log lines', async () => {
    const logs = captureLogs();
    const app = createServer({ service: 'exam', logger: logs.logger });
    app.get('/exams', async (request) => {
      request.log.info('listing exams');
      return [];
    });
    const tracer = trace.getTracer('kit-test');
    const traceId = await tracer.startActiveSpan('client call', async (span) => {
      await app.inject({ method: 'GET', url: '/exams' });
      span.end();
      return span.spanContext().traceId;
    });
    const line = logs.lines().find((l) => l['msg'] === 'listing exams');
    expect(line).toMatchObject({ traceId, requestId: expect.any(String) });
    await app.close();
  });

  it('continues a trace across a message and exports the spans with the service name', async () => {
    expect(telemetry.enabled).toBe(true);
    const tracer = trace.getTracer('kit-test');
    const headers: Record<string, string> = {};
    const published = tracer.startActiveSpan('publish copy.assembled', (span) => {
      injectTraceContext(headers);
      span.end();
      return span.spanContext();
    });
    expect(headers['traceparent']).toBe(`00-${published.traceId}-${published.spanId}-01`);

    // The consumer side: a fresh context, only the headers carry the trace.
    expect(activeTraceId()).toBeUndefined();
    const handled = withTraceContext(headers, () => {
      expect(activeTraceId()).toBe(published.traceId);
      const handle = tracer.startSpan('handle copy.assembled');
      handle.end();
      return handle.spanContext();
    });
    expect(handled.traceId).toBe(published.traceId);

    await telemetry.shutdown(); // flushes the batch to the receiver
    const spans = spansOf(receiver.received);
    expect(spans.find((s) => s.name === 'publish copy.assembled')).toMatchObject({ traceId: published.traceId });
    expect(spans.find((s) => s.name === 'handle copy.assembled')).toMatchObject({
      traceId: published.traceId,
      parentSpanId: published.spanId,
    });
    const serviceNames = receiver.received.flatMap((r) =>
      r.resourceSpans.flatMap((rs) => rs.resource.attributes.filter((a) => a.key === 'service.name')),
    );
    expect(serviceNames.map((a) => a.value.stringValue)).toContain('exam');
  });
});
