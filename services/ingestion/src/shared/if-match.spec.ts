import { type FastifyRequest } from 'fastify';
import { assertVersion, requiredVersion } from './if-match';

const request = (ifMatch?: string) => ({ headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }) as FastifyRequest;

describe('If-Match versions', () => {
  it('reads a strong, weak or bare version', () => {
    expect([requiredVersion(request('"3"')), requiredVersion(request('W/"4"')), requiredVersion(request('5'))]).toEqual([3, 4, 5]);
  });

  it('answers 428 when the header is missing, 422 when it is not a version', () => {
    expect(() => requiredVersion(request())).toThrow(expect.objectContaining({ code: 'precondition_required', status: 428 }));
    expect(() => requiredVersion(request('"abc"'))).toThrow(expect.objectContaining({ code: 'validation_failed', status: 422 }));
  });

  it('answers a stale version with 409 and the current state', async () => {
    await expect(assertVersion(2, 2, () => 'unused')).resolves.toBeUndefined();
    await expect(assertVersion(1, 2, async () => ({ version: 2 }))).rejects.toMatchObject({
      code: 'version_conflict',
      details: { extensions: { current: { version: 2 } } },
    });
  });
});
