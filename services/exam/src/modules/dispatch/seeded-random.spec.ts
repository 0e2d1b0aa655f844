import { seededRandom, seededShuffle } from './seeded-random';

describe('the seeded shuffle', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);

  it('draws the same numbers from the same seed and salt, others from another', () => {
    const draw = (seed: string, salt: string) => Array.from({ length: 5 }, seededRandom(seed, salt));
    expect(draw('run-1', 'copies')).toEqual(draw('run-1', 'copies'));
    expect(draw('run-1', 'copies')).not.toEqual(draw('run-2', 'copies'));
    expect(draw('run-1', 'copies')).not.toEqual(draw('run-1', 'correctors'));
    expect(draw('run-1', 'x').every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('permutes without losing or repeating anything, and leaves the input alone', () => {
    const shuffled = seededShuffle(items, 'seed', 'salt');
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(items[0]).toBe(0);
  });

  it('puts every item in every place about equally often over many seeds', () => {
    const firsts = new Array<number>(5).fill(0);
    for (let s = 0; s < 5000; s++) firsts[seededShuffle([0, 1, 2, 3, 4], `seed-${s}`, 'salt')[0] as number]! += 1;
    for (const n of firsts) expect(n).toBeGreaterThan(850);
  });
});
