import { randomUUID } from 'node:crypto';
import { asyncApiDocument } from './asyncapi';
import { catalogue } from './catalogue';
import { parseEnvelope } from './envelope';
import { decodeSheetCode, encodeSheetCode } from './exam/sheet-code';

function envelope(type: string, data: unknown) {
  return {
    id: randomUUID(),
    type,
    tenantId: randomUUID(),
    occurredAt: new Date().toISOString(),
    correlationId: 'corr-1',
    causationId: null,
    data,
  };
}

describe('parseEnvelope', () => {
  it('accepts a catalogued event whose data fits its schema', () => {
    const result = parseEnvelope(envelope('identity.user.deactivated.v1', { userId: randomUUID() }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.envelope.type).toBe('identity.user.deactivated.v1');
  });

  it('refuses data that does not fit the schema of its type, naming the field', () => {
    const result = parseEnvelope(envelope('identity.user.deactivated.v1', { userId: 'not-a-uuid' }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining('userId') });
  });

  it('refuses an unknown type and a malformed envelope', () => {
    expect(parseEnvelope(envelope('identity.user.exploded.v1', {})).ok).toBe(false);
    expect(parseEnvelope({ hello: 'world' }).ok).toBe(false);
    expect(parseEnvelope(null).ok).toBe(false);
  });
});

describe('catalogue', () => {
  it('names every subject <service>.<entity>.<verb>.v<N>', () => {
    for (const type of Object.keys(catalogue)) expect(type).toMatch(/^[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  it('is published as an AsyncAPI document with one channel per event', () => {
    const doc = asyncApiDocument() as { channels: Record<string, unknown> };
    expect(Object.keys(doc.channels).sort()).toEqual(Object.keys(catalogue).sort());
  });
});

describe('sheet codes', () => {
  it('round-trip through their text form, with and without a student', () => {
    const code = { tenantGuard: '0a1b2c3d', examId: randomUUID(), slot: 12, page: 3, studentId: null };
    expect(decodeSheetCode(encodeSheetCode(code))).toEqual(code);
    const named = { ...code, studentId: randomUUID() };
    expect(decodeSheetCode(encodeSheetCode(named))).toEqual(named);
  });

  it('ignore QR codes that are not Gradeline sheet codes', () => {
    expect(decodeSheetCode('https://example.org')).toBeNull();
    expect(decodeSheetCode('GL1:zz:1:2:3')).toBeNull();
  });
});
