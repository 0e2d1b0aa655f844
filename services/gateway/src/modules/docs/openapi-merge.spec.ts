import { mergeDocuments } from './openapi-merge';

const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown>) => ({ openapi: '3.1.0', paths: paths as never, components: { schemas } });

describe('merged OpenAPI document', () => {
  const merged = mergeDocuments({
    version: '1',
    unavailable: ['grading'],
    gateway: doc({ '/api/v1/webhooks': { get: {} }, '/admin/audit': { get: {} } }, { Webhook: { type: 'object' } }),
    services: [
      { service: 'exam', document: doc({ '/exams/{id}': { get: { responses: { 200: { $ref: '#/components/schemas/Exam' } } } }, '/copies/{id}/grading': { get: {} } }, { Exam: { properties: { copy: { $ref: '#/components/schemas/Copy' } } }, Copy: {} }) },
      { service: 'grading', document: doc({}, {}) },
    ],
  });

  it('keeps each path only under its owner, prefixed with /api/v1 and tagged', () => {
    expect(Object.keys(merged.paths!)).toEqual(['/api/v1/exams/{id}', '/api/v1/webhooks']);
    expect(merged.paths!['/api/v1/exams/{id}']).toMatchObject({ get: { tags: ['exam'] } });
  });

  it('puts the operations two services serve on one path together, each under its owner', () => {
    const shared = mergeDocuments({
      version: '1',
      unavailable: [],
      gateway: doc({}, {}),
      services: [
        { service: 'exam', document: doc({ '/exams/{id}/grading': { post: {}, get: {} } }, {}) },
        { service: 'grading', document: doc({ '/exams/{id}/grading': { get: {} } }, {}) },
      ],
    });
    expect(shared.paths!['/api/v1/exams/{id}/grading']).toEqual({ post: { tags: ['exam'] }, get: { tags: ['grading'] } });
  });

  it('prefixes component names by service and follows them in every $ref', () => {
    expect(Object.keys(merged.components!['schemas']!)).toEqual(['Exam_Exam', 'Exam_Copy', 'Gateway_Webhook']);
    expect(merged.components!['schemas']!['Exam_Exam']).toEqual({ properties: { copy: { $ref: '#/components/schemas/Exam_Copy' } } });
    expect(JSON.stringify(merged.paths)).toContain('#/components/schemas/Exam_Exam');
  });

  it('names the services that did not answer and declares the bearer scheme', () => {
    expect(merged.info).toMatchObject({ 'x-unavailable-services': ['grading'] });
    expect(merged.components!['securitySchemes']).toMatchObject({ bearerAuth: { type: 'http', scheme: 'bearer' } });
  });
});
