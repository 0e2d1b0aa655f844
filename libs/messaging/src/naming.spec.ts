import { advisoryStreamOf, checkNamespace, consumerName, streamOfType, subjectOf } from './naming';

describe('subject and stream names', () => {
  it('uses the event type as subject and the producer in capitals as stream', () => {
    expect(subjectOf('identity.user.created.v1')).toBe('identity.user.created.v1');
    expect(streamOfType('identity.user.created.v1')).toBe('IDENTITY');
  });

  it('prefixes both with the namespace so parallel test files never collide', () => {
    expect(subjectOf('exam.copy.ready.v1', 't1a2b')).toBe('t1a2b.exam.copy.ready.v1');
    expect(streamOfType('exam.copy.ready.v1', 't1a2b')).toBe('t1a2b_EXAM');
    expect(advisoryStreamOf('exam', 't1a2b')).toBe('t1a2b_EXAM_ADVISORIES');
  });

  it('names durables <service>--<purpose> and refuses names NATS would split', () => {
    expect(consumerName('ocr', 'roster-model')).toBe('ocr--roster-model');
    expect(() => consumerName('ocr', 'roster.model')).toThrow();
    expect(() => checkNamespace('a.b')).toThrow();
  });
});
