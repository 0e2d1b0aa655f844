import { maxWeightAssignment } from './assignment';

/** The best total by trying every injective placement (small inputs only). */
function bruteForceBest(weights: number[][]): number {
  const columns = weights[0]?.length ?? 0;
  const go = (row: number, used: Set<number>): number => {
    if (row === weights.length) return 0;
    let best = go(row + 1, used); // leaving the row unplaced (weights are never negative, so only ties)
    for (let c = 0; c < columns; c++) {
      if (used.has(c)) continue;
      used.add(c);
      best = Math.max(best, weights[row]![c]! + go(row + 1, used));
      used.delete(c);
    }
    return best;
  };
  return go(0, new Set());
}

const total = (weights: number[][], assigned: number[]) => assigned.reduce((sum, c, r) => sum + (c >= 0 ? weights[r]![c]! : 0), 0);

describe('maximum-weight assignment', () => {
  it('prefers the assignment with the best total over greedy choices', () => {
    const weights = [
      [0.9, 0.8],
      [0.85, 0.1],
    ];
    // Greedy would give row 0 column 0 (0.9) and row 1 column 1 (0.1): 1.0 < 1.65.
    expect(maxWeightAssignment(weights)).toEqual([1, 0]);
  });

  it('finds the optimum on random matrices, never reusing a column', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 40; round++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = 1 + Math.floor(random() * 5);
      const weights = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.round(random() * 100) / 100));
      const assigned = maxWeightAssignment(weights);
      const placed = assigned.filter((c) => c >= 0);
      expect(new Set(placed).size).toBe(placed.length);
      expect(placed.length).toBe(Math.min(rows, columns));
      expect(total(weights, assigned)).toBeCloseTo(bruteForceBest(weights), 9);
    }
  });

  it('leaves rows without a column when there are more rows than columns, and handles no columns', () => {
    expect(maxWeightAssignment([[0.2], [0.9], [0.5]])).toEqual([-1, 0, -1]);
    expect(maxWeightAssignment([[], []])).toEqual([-1, -1]);
    expect(maxWeightAssignment([])).toEqual([]);
  });
});
