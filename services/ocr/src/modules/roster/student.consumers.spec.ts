import { applies } from './student.consumers';

const tenantId = '60000000-0000-4000-8000-0000000000aa';
const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

describe('which roster events change the OCR roster', () => {
  it('applies anything to an unknown student, and nothing older than what is known', () => {
    expect(applies(null, tenantId, t(1), 'upserted')).toBe(true);
    expect(applies(null, tenantId, t(1), 'removed')).toBe(true);
    expect(applies({ tenantId, eventAt: t(5), removed: false }, tenantId, t(4), 'upserted')).toBe(false);
    expect(applies({ tenantId, eventAt: t(5), removed: true }, tenantId, t(4), 'upserted')).toBe(false);
    expect(applies({ tenantId, eventAt: t(5), removed: false }, tenantId, t(4), 'removed')).toBe(false);
  });

  it('keeps a removal over an upsert of the same instant, whichever arrives first', () => {
    expect(applies({ tenantId, eventAt: t(6), removed: true }, tenantId, t(6), 'upserted')).toBe(false);
    expect(applies({ tenantId, eventAt: t(6), removed: false }, tenantId, t(6), 'removed')).toBe(true);
    expect(applies({ tenantId, eventAt: t(6), removed: true }, tenantId, t(7), 'upserted')).toBe(true);
  });

  it('never touches another school’s student', () => {
    expect(applies({ tenantId: '60000000-0000-4000-8000-0000000000bb', eventAt: t(1), removed: false }, tenantId, t(2), 'upserted')).toBe(false);
  });
});
