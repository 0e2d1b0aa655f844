import { helmetHeaders } from './security.plugin';

describe('security headers', () => {
  it('are helmet’s, with a CSP that loads nothing from another origin', () => {
    const headers = helmetHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).not.toMatch(/https?:/);
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'cross-origin-resource-policy': 'same-origin' });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
