import { createHmac } from 'node:crypto';
import { matchesEventType } from './event-match';
import { nextAttemptAt } from './retry-schedule';
import { newSigningSecret, SecretBox } from './secret-box';
import { signPayload, verifySignature } from './signature';

describe('webhook secrets, signatures and schedules', () => {
  it('keeps a secret sealed at rest, bound to its subscription', () => {
    const box = new SecretBox('k'.repeat(32));
    const secret = newSigningSecret();
    const sealed = box.seal(secret, 'sub-1');
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, 'sub-1')).toBe(secret);
    expect(() => box.open(sealed, 'sub-2')).toThrow();
    expect(() => new SecretBox('x'.repeat(32)).open(sealed, 'sub-1')).toThrow();
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256, as integrators verify it', () => {
    const body = '{"id":"e1"}';
    const expected = createHmac('sha256', 'whsec_a').update(`1700000000.${body}`).digest('hex');
    expect(signPayload('whsec_a', 1_700_000_000, body)).toBe(`sha256=${expected}`);
    expect(verifySignature('whsec_a', 1_700_000_000, body, `sha256=${expected}`)).toBe(true);
    expect(verifySignature('whsec_a', 1_700_000_001, body, `sha256=${expected}`)).toBe(false);
    expect(verifySignature('whsec_a', 1_700_000_000, `${body} `, `sha256=${expected}`)).toBe(false);
  });

  it('matches exact types and whole services, nothing else', () => {
    expect(matchesEventType(['exam.*'], 'exam.copy.transitioned.v1')).toBe(true);
    expect(matchesEventType(['exam.results.released.v1'], 'exam.results.released.v1')).toBe(true);
    expect(matchesEventType(['exam.results.released.v1'], 'exam.results.withdrawn.v1')).toBe(false);
    expect(matchesEventType(['ingestion.*'], 'exam.copy.transitioned.v1')).toBe(false);
  });

  it('retries on the schedule, then gives up', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const schedule = [60_000, 300_000];
    expect(nextAttemptAt(now, 1, schedule)?.toISOString()).toBe('2025-01-01T00:01:00.000Z');
    expect(nextAttemptAt(now, 2, schedule)?.toISOString()).toBe('2025-01-01T00:05:00.000Z');
    expect(nextAttemptAt(now, 3, schedule)).toBeNull();
  });
});
