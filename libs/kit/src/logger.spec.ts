import { captureLogs } from '../test/log-capture';
import { REDACTED_KEYS } from './logger';

describe('createLogger', () => {
  it('writes JSON lines carrying the service name', () => {
    const logs = captureLogs();
    logs.logger.info({ copyId: 'c-1' }, 'copy opened');
    expect(logs.lines()[0]).toMatchObject({ service: 'test-service', level: 'info', copyId: 'c-1', msg: 'copy opened' });
  });

  it('never writes secrets or personal fields, at the top level or nested', () => {
    const logs = captureLogs();
    // Every value is unique so the test can prove none of them reached the output.
    const secret = (key: string, where: string) => `SENTINEL-${where}-${key}`;
    const at = (where: string) => Object.fromEntries(REDACTED_KEYS.map((key) => [key, secret(key, where)]));
    logs.logger.info({
      ...at('top'),
      user: at('depth1'),
      request: { body: at('depth2') },
      batch: { rows: [at('in-array')] },
      deep: { a: { b: { c: { d: { e: at('depth6') } } } } },
      headers: { Authorization: 'Bearer SENTINEL-any-case', 'Set-Cookie': 'SENTINEL-set-cookie' },
      req: { headers: { authorization: 'Bearer SENTINEL-bearer', cookie: 'sid=SENTINEL-cookie' } },
    });
    const text = logs.text();
    expect(text).not.toContain('SENTINEL');
    expect(text).toContain('[redacted]');
    // Redaction keeps the keys, so a reader still sees that a field was present.
    const line = logs.lines()[0] as { user: Record<string, unknown> };
    expect(line.user['email']).toBe('[redacted]');
  });

  it('censors personal fields bound to a child logger', () => {
    const logs = captureLogs();
    logs.logger.child({ email: 'SENTINEL-child@school.test', tenantId: 't-1' }).info('bound');
    expect(logs.text()).not.toContain('SENTINEL');
    expect(logs.lines()[0]).toMatchObject({ email: '[redacted]', tenantId: 't-1' });
  });

  it('leaves the caller\'s object untouched and still serialises errors', () => {
    const logs = captureLogs();
    const payload = { user: { email: 'someone@school.test' } };
    logs.logger.error({ err: new Error('relay stalled'), payload }, 'failed');
    expect(payload.user.email).toBe('someone@school.test');
    expect(logs.lines()[0]).toMatchObject({ err: { type: 'Error', message: 'relay stalled' } });
  });

  it('keeps ordinary fields intact', () => {
    const logs = captureLogs();
    logs.logger.info({ tenantId: 't-1', examId: 'e-1', code: 'version_conflict' });
    expect(logs.lines()[0]).toMatchObject({ tenantId: 't-1', examId: 'e-1', code: 'version_conflict' });
  });
});
