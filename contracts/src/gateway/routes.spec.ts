import { routeFor } from './routes';

describe('gateway route table', () => {
  it.each([
    ['/auth/login', 'identity', true],
    ['/.well-known/jwks.json', 'identity', true],
    ['/exams/123/batches', 'ingestion', false],
    ['/exams/123/exports', 'export', false],
    ['/exams/123/stats', 'export', false],
    ['/exams/123/scheme', 'exam', false],
    ['/exams', 'exam', false],
    ['/copies/9/reading', 'ocr', false],
    ['/copies/9/grading', 'grading', false],
    ['/copies/9/identify', 'exam', false],
    ['/me/results/5/pdf', 'export', false],
    ['/me', 'identity', false],
    ['/files/grading/abc', 'grading', true],
    ['/students/import', 'identity', false],
  ])('sends %s to %s', (path, service, isPublic) => {
    const rule = routeFor(path);
    expect(rule?.service).toBe(service);
    expect(rule?.public ?? false).toBe(isPublic);
  });

  it('sends a path two services share by method: the exam moves to grading, grading shows its progress', () => {
    expect(routeFor('/exams/1/grading', 'POST')?.service).toBe('exam');
    expect(routeFor('/exams/1/grading', 'post')?.service).toBe('exam');
    expect(routeFor('/exams/1/grading', 'GET')?.service).toBe('grading');
    expect(routeFor('/exams/1/grading')?.service).toBe('grading');
    expect(routeFor('/exams/1/grading/x', 'POST')?.service).toBe('grading');
  });

  it('knows nothing of unknown areas, nor of look-alike prefixes', () => {
    expect(routeFor('/nothing')).toBeNull();
    expect(routeFor('/examsx')).toBeNull();
    expect(routeFor('/authx')).toBeNull();
    expect(routeFor('/auth/logout')?.public).toBeUndefined(); // signed-in only
  });
});
