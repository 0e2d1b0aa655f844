import { clientResponseHeaders, trustedHops, upstreamRequestHeaders } from './forward-headers';

describe('forwarded headers', () => {
  it('trusts no hop by default, and exactly the counted proxies in front otherwise', () => {
    expect(trustedHops(0)('127.0.0.1', 0)).toBe(false);
    const two = trustedHops(2);
    expect([0, 1, 2].map((hop) => two('10.0.0.2', hop))).toEqual([true, true, false]);
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
      { requestId: 'r1', clientIp: '192.0.2.1', proto: 'https', host: 'gateway.example', traceHeaders: {} },
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
    const out = upstreamRequestHeaders({ traceparent: 'caller' }, { requestId: 'r', clientIp: 'a', proto: 'http', host: undefined, traceHeaders: { traceparent: 'ours' } });
    expect(out['traceparent']).toBe('ours');
  });

  it('keeps the length of an upstream answer and drops its connection headers', () => {
    expect(clientResponseHeaders({ 'content-length': '5', connection: 'close', 'keep-alive': 'x', etag: '"2"' })).toEqual({ 'content-length': '5', etag: '"2"' });
  });
});
