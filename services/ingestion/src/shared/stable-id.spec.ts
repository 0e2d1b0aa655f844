import { stableId } from './stable-id';

describe('stableId', () => {
  it('gives the same version-5 uuid for the same parts, and another for other parts', () => {
    const id = stableId('page', 'b1', 3, 'full');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId('page', 'b1', 3, 'full')).toBe(id);
    expect(new Set([id, stableId('page', 'b1', 3, 'left'), stableId('page', 'b1', 4, 'full'), stableId('page', 'b13', '', 'full')]).size).toBe(4);
  });
});
