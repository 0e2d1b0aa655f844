import { AppError } from '@gradeline/kit';
import { classifyFailure, PermanentError } from './failure';

describe('deciding what a handler failure means', () => {
  it('treats a domain refusal (4xx AppError or PermanentError) as final', () => {
    expect(classifyFailure(new AppError('invalid_state', 'already graded'))).toMatchObject({ permanent: true, code: 'invalid_state' });
    expect(classifyFailure(new PermanentError('scheme_missing', 'no scheme'))).toMatchObject({ permanent: true, code: 'scheme_missing' });
  });

  it('retries anything else: 5xx AppErrors, driver errors, plain errors', () => {
    expect(classifyFailure(new AppError('service_unavailable', 'later')).permanent).toBe(false);
    expect(classifyFailure(Object.assign(new Error('deadlock'), { code: '40P01' }))).toMatchObject({ permanent: false, code: '40P01' });
    expect(classifyFailure('boom')).toMatchObject({ permanent: false, code: 'internal', message: 'boom' });
  });
});
