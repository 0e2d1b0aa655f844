import { isAppError } from '@gradeline/kit';
import { etag, requiredVersion, versionConflict } from './versions';

describe('document versions in headers', () => {
  it('reads the version from a strong, weak or bare If-Match', () => {
    expect(requiredVersion('"7"')).toBe(7);
    expect(requiredVersion('W/"7"')).toBe(7);
    expect(requiredVersion(' 12 ')).toBe(12);
    expect(requiredVersion(['"3"', '"4"'])).toBe(3);
    expect(requiredVersion(etag(41))).toBe(41);
  });

  it.each([undefined, '', '*', '"abc"', '"1", "2"', '-1'])('refuses %p with 428 precondition_required', (header) => {
    try {
      requiredVersion(header);
      throw new Error('accepted');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('precondition_required');
    }
  });

  it('answers a stale write with 409 and the current state', () => {
    const error = versionConflict('document', { version: 5 }, 5);
    expect(error.status).toBe(409);
    expect(error.code).toBe('version_conflict');
    expect(error.details.extensions).toEqual({ currentVersion: 5, current: { version: 5 } });
  });
});
