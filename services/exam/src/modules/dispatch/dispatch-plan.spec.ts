import { randomUUID } from 'node:crypto';
import { planRun, shareOut, type PlanInputs } from './dispatch-plan';

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const counts = (moves: { to: string }[]) => moves.reduce((m, { to }) => m.set(to, (m.get(to) ?? 0) + 1), new Map<string, number>());
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('dispatch plans', () => {
  const correctors = ['c-anne', 'c-bruno', 'c-chloe'];
  const dispatch = (copyIds: string[], held: Record<string, number> = {}, quotas: Record<string, number> | null = null): PlanInputs => ({
    kind: 'dispatch', copyIds, correctorIds: correctors, held, quotas,
  });

  it('deals 17 copies to 3 correctors within one of each other, every copy once', () => {
    const copies = ids(17, 'copy');
    const { moves, unplaced } = planRun(randomUUID(), dispatch(copies));
    expect(unplaced).toEqual([]);
    expect(moves.map((m) => m.copyId).sort()).toEqual(copies);
    expect(spread(correctors.map((c) => counts(moves).get(c) ?? 0))).toBeLessThanOrEqual(1);
    expect(moves.every((m) => m.from === null)).toBe(true);
  });

  it('stays balanced for any number of copies and correctors', () => {
    for (let n = 0; n <= 40; n++) {
      for (let c = 1; c <= 6; c++) {
        const who = ids(c, 'c');
        const { moves } = planRun(`seed-${n}-${c}`, { kind: 'dispatch', copyIds: ids(n, 'x'), correctorIds: who, held: {}, quotas: null });
        expect(spread(who.map((id) => counts(moves).get(id) ?? 0))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives the same plan for the same run id, whatever order the inputs came in, and another for another id', () => {
    const copies = ids(30, 'copy');
    const seed = randomUUID();
    const first = planRun(seed, dispatch(copies));
    expect(planRun(seed, { ...dispatch([...copies].reverse()), correctorIds: [...correctors].reverse() })).toEqual(first);
    expect(planRun(randomUUID(), dispatch(copies))).not.toEqual(first);
  });

  it('shuffles: consecutive copies do not go to the same corrector in order', () => {
    const { moves } = planRun('a-run', dispatch(ids(30, 'copy')));
    const owner = new Map(moves.map((m) => [m.copyId, m.to]));
    const runs = ids(30, 'copy').filter((id, i, all) => i > 0 && owner.get(id) === owner.get(all[i - 1] as string)).length;
    expect(runs).toBeLessThan(25);
  });

  it('counts what correctors already hold in the exam', () => {
    const { moves } = planRun('seed', dispatch(ids(6, 'copy'), { 'c-anne': 5, 'c-bruno': 2 }));
    const got = counts(moves);
    expect([5 + (got.get('c-anne') ?? 0), 2 + (got.get('c-bruno') ?? 0), got.get('c-chloe') ?? 0].sort()).toEqual([4, 4, 5]);
    expect(got.get('c-anne') ?? 0).toBe(0);
  });

  it('fills quotas as totals, in proportion, leaving copies unplaced when every quota is full', () => {
    const { moves, unplaced } = planRun('seed', dispatch(ids(20, 'copy'), { 'c-anne': 2 }, { 'c-anne': 10, 'c-bruno': 5 }));
    const got = counts(moves);
    expect(got.get('c-anne')).toBe(8);
    expect(got.get('c-bruno')).toBe(5);
    expect(got.has('c-chloe')).toBe(false);
    expect(unplaced).toHaveLength(7);
    const short = counts(planRun('seed', dispatch(ids(6, 'copy'), {}, { 'c-anne': 20, 'c-bruno': 10 })).moves);
    expect([short.get('c-anne'), short.get('c-bruno')]).toEqual([4, 2]);
  });
});

describe('rebalance plans', () => {
  const correctors = ['c-anne', 'c-bruno', 'c-chloe'];
  const movable = (spec: Record<string, number>) =>
    Object.entries(spec).flatMap(([correctorId, n]) => ids(n, `${correctorId}-copy`).map((copyId) => ({ copyId, correctorId })));

  it('moves as few copies as it takes to even the loads out', () => {
    const inputs: PlanInputs = { kind: 'rebalance', correctorIds: correctors, fixed: {}, movable: movable({ 'c-anne': 9, 'c-bruno': 3, 'c-chloe': 0 }) };
    const { moves } = planRun('seed', inputs);
    // 9, 3, 0 → 4, 4, 4: five copies leave Anne, four go to Chloé and one to Bruno.
    expect(moves).toHaveLength(5);
    expect(moves.every((m) => m.from === 'c-anne')).toBe(true);
    expect(counts(moves)).toEqual(new Map([['c-chloe', 4], ['c-bruno', 1]]));
  });

  it('counts copies that cannot move, and moves nothing when already balanced', () => {
    const inputs: PlanInputs = { kind: 'rebalance', correctorIds: correctors, fixed: { 'c-anne': 4 }, movable: movable({ 'c-anne': 2, 'c-bruno': 4, 'c-chloe': 4 }) };
    const { moves } = planRun('seed', inputs);
    expect(moves).toEqual([expect.objectContaining({ from: 'c-anne' }), expect.objectContaining({ from: 'c-anne' })].slice(0, moves.length));
    const after = { 'c-anne': 6, 'c-bruno': 4, 'c-chloe': 4 } as Record<string, number>;
    for (const m of moves) {
      after[m.from as string]! -= 1;
      after[m.to]! += 1;
    }
    expect(spread(Object.values(after))).toBeLessThanOrEqual(1);
    expect(planRun('seed', { kind: 'rebalance', correctorIds: correctors, fixed: {}, movable: movable({ 'c-anne': 3, 'c-bruno': 3, 'c-chloe': 2 }) }).moves).toEqual([]);
  });

  it('hands out every copy of someone who is no longer a corrector', () => {
    const { moves } = planRun('seed', { kind: 'rebalance', correctorIds: ['c-anne', 'c-bruno'], fixed: {}, movable: movable({ 'c-anne': 1, 'c-bruno': 1, 'c-gone': 4 }) });
    expect(moves).toHaveLength(4);
    expect(moves.every((m) => m.from === 'c-gone')).toBe(true);
    expect(counts(moves)).toEqual(new Map([['c-anne', 2], ['c-bruno', 2]]));
  });
});

describe('shareOut', () => {
  it('gives nothing to a corrector whose quota is zero or absent', () => {
    expect(shareOut(['a', 'b', 'c'], {}, 4, { a: 0, b: 9 })).toEqual(new Map([['a', 0], ['b', 4], ['c', 0]]));
  });
});
