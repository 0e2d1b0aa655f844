import { type FastifyRequest } from 'fastify';
import { assertCurrentVersion, etag, ifMatch, requireIfMatch } from './versioning';

const request = (value?: string) => ({ headers: value === undefined ? {} : { 'if-match': value } }) as unknown as FastifyRequest;

describe('ETag and If-Match', () => {
  it('quotes the version, and reads it back strong, weak or bare', () => {
    expect(etag(7)).toBe('"7"');
    expect(ifMatch(request('"7"'))).toBe(7);
    expect(ifMatch(request('W/"7"'))).toBe(7);
    expect(ifMatch(request('7'))).toBe(7);
    expect(ifMatch(request())).toBeNull();
  });

  it('treats a malformed If-Match as naming no version', () => {
    expect(ifMatch(request('"abc"'))).toBe(-1);
    expect(ifMatch(request('*'))).toBe(-1);
  });

  it('asks for If-Match with a 428 when it must be there', () => {
    expect(() => requireIfMatch(request())).toThrow(expect.objectContaining({ code: 'precondition_required', status: 428 }));
  });

  it('answers a stale version with 409 and the current state', () => {
    expect(() => assertCurrentVersion('exam', 2, 2, () => ({}))).not.toThrow();
    expect(() => assertCurrentVersion('exam', null, 2, () => ({}))).not.toThrow();
    expect(() => assertCurrentVersion('exam', 1, 2, () => ({ name: 'now' }))).toThrow(
      expect.objectContaining({ code: 'version_conflict', details: { extensions: { currentVersion: 2, current: { name: 'now' } } } }),
    );
  });
});
