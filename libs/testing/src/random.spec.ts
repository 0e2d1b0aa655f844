import { createRandom, randomUuid } from './random';

describe('createRandom', () => {
  const draw = (seed: number, ...salts: number[]) => {
    const random = createRandom(seed, ...salts);
    return Array.from({ length: 8 }, () => random.next());
  };

  it('repeats the same numbers for the same seed and salts, and others otherwise', () => {
    expect(draw(1, 2, 3)).toEqual(draw(1, 2, 3));
    expect(draw(1, 2, 3)).not.toEqual(draw(1, 2, 4));
    expect(draw(1, 2)).not.toEqual(draw(1, 2, 0));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const random = createRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('shuffles into a permutation of the same items', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = createRandom(3).shuffle(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });

  it('draws version-4-shaped uuids', () => {
    expect(randomUuid(createRandom(9))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
