import { clientAddress, clientResponseHeaders, upstreamRequestHeaders } from './forward-headers';

describe('forwarded headers', () => {
  it('takes the socket peer as the client when no proxy is trusted, whatever the client claims', () => {
    expect(clientAddress('192.0.2.10', '6.6.6.6', 0)).toEqual({ ip: '192.0.2.10', chain: ['192.0.2.10'] });
  });

  it('believes exactly the trusted hops of X-Forwarded-For, dropping what the client wrote itself', () => {
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.4', 1)).toEqual({ ip: '198.51.100.4', chain: ['198.51.100.4', '10.0.0.2'] });
    expect(clientAddress('10.0.0.2', ['6.6.6.6', '198.51.100.4, 10.0.0.9'], 2)).toEqual({ ip: '198.51.100.4', chain: ['198.51.100.4', '10.0.0.9', '10.0.0.2'] });
    expect(clientAddress('10.0.0.2', undefined, 3).ip).toBe('10.0.0.2');
  });

  it('drops hop-by-hop headers (also those named in Connection) and rebuilds forwarding ones', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'gateway.example',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        'x-forwarded-for': '6.6.6.6',
        'x-request-id': 'spoofed',
        authorization: 'Bearer t',
        'content-length': '12',
        traceparent: '00-abc-def-01',
      },
      { requestId: 'r1', client: { ip: '192.0.2.1', chain: ['192.0.2.1'] }, proto: 'https', host: 'gateway.example', traceHeaders: {} },
    );
    expect(out).toEqual({
      authorization: 'Bearer t',
      'content-length': '12',
      traceparent: '00-abc-def-01',
      'x-request-id': 'r1',
      'x-forwarded-for': '192.0.2.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gateway.example',
    });
  });

  it('puts the gateway’s own trace context over the caller’s when tracing is on', () => {
    const out = upstreamRequestHeaders({ traceparent: 'caller' }, { requestId: 'r', client: { ip: 'a', chain: ['a'] }, proto: 'http', host: undefined, traceHeaders: { traceparent: 'ours' } });
    expect(out['traceparent']).toBe('ours');
  });

  it('keeps the length of an upstream answer and drops its connection headers', () => {
    expect(clientResponseHeaders({ 'content-length': '5', connection: 'close', 'keep-alive': 'x', etag: '"2"' })).toEqual({ 'content-length': '5', etag: '"2"' });
  });
});
