import { resolve } from './route-resolution';

describe('public path → owning service', () => {
  it('keeps path and query, and finds the owner by the route table', () => {
    expect(resolve('/api/v1/exams/e1/batches?x=1')).toMatchObject({ rule: { service: 'ingestion', limit: 'upload' }, upstreamPath: '/exams/e1/batches?x=1' });
    expect(resolve('/api/v1/auth/login')).toMatchObject({ rule: { service: 'identity', public: true, limit: 'auth' }, upstreamPath: '/auth/login' });
  });

  it('tells apart by method a path two services serve', () => {
    expect(resolve('/api/v1/exams/e1/grading', 'POST')).toMatchObject({ rule: { service: 'exam' }, upstreamPath: '/exams/e1/grading' });
    expect(resolve('/api/v1/exams/e1/grading', 'GET')).toMatchObject({ rule: { service: 'grading' }, upstreamPath: '/exams/e1/grading' });
  });

  it('maps signed file links onto the issuing service’s /files route', () => {
    expect(resolve('/api/v1/files/grading/tok.sig?download=1')).toMatchObject({ rule: { service: 'grading', public: true }, upstreamPath: '/files/tok.sig?download=1' });
  });

  it('refuses paths outside /api/v1, unknown areas and ambiguous segments', () => {
    for (const url of ['/exams', '/api/v1/nowhere', '/api/v1/exams/../users', '/api/v1/exams/%2E%2e/users', '/api/v1/exams/a%2fb', '/api/v1/exams\\x', '/api/v1/exams/./x']) {
      expect([url, resolve(url)]).toEqual([url, null]);
    }
    expect(resolve('/api/v1/exams/e1?next=../x')).not.toBeNull(); // dots in the query are data
  });
});
