import { randomUUID } from 'node:crypto';
import { Copy, type CopyResult } from '../read-model/copy.entity';
import { schemeNodes } from '../../../test/support/graded-copy.fixture';
import { examStats, histogram, summarise } from './statistics';

describe('exam statistics', () => {
  it('summarises marks: count, mean, median, population standard deviation, min, max', () => {
    expect(summarise([10, 12, 14, 16])).toEqual({ count: 4, mean: 13, median: 13, standardDeviation: 2.24, min: 10, max: 16 });
    expect(summarise([7])).toEqual({ count: 1, mean: 7, median: 7, standardDeviation: 0, min: 7, max: 7 });
    expect(summarise([])).toMatchObject({ count: 0, mean: null, median: null });
  });

  it('counts marks in one-point bins, the top mark in the last one', () => {
    const bins = histogram([0, 9.99, 10, 20, 19.5], 20);
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 0, to: 1, count: 1 });
    expect(bins[9]!.count).toBe(1);
    expect(bins[10]!.count).toBe(1);
    expect(bins[19]).toEqual({ from: 19, to: 20, count: 2 });
  });

  it('gives each node its mean and success rate, and each corrector progress, mean and spread', () => {
    const nodes = schemeNodes();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const result = (correctorId: string, a: string, b: string, c: string, total: string): CopyResult => ({
      version: 1, schemeVersion: 1, correctorId, total, maxTotal: '20', globalComment: null, annotations: [], finalizedAt: '2026-06-20T10:00:00Z',
      scores: [{ nodeId: nodes[1]!.id, points: a, notAnswered: false, remark: null }, { nodeId: nodes[2]!.id, points: b, notAnswered: false, remark: null }, { nodeId: nodes[3]!.id, points: c, notAnswered: false, remark: null }],
    });
    const copy = (fields: Partial<Copy>) => Object.assign(new Copy(), { id: randomUUID(), tenantId: 't', examId: 'e', ...fields });
    const copies = [
      copy({ correctorId: alice, result: result(alice, '3', '5', '12', '20') }),
      copy({ correctorId: alice, result: result(alice, '1', '1', '6', '8') }),
      copy({ correctorId: alice }),
      copy({ correctorId: bob, result: result(bob, '2', '3', '9', '14') }),
      copy({ correctorId: bob, result: result(bob, '0', '0', '0', '0'), resultOutOfDate: true }),
    ];
    const stats = examStats({ id: 'e', scaleTo: 20 }, copies, nodes, true);
    expect(stats).toMatchObject({ copies: 5, graded: 3, marks: { count: 3, mean: 14, median: 14, min: 8, max: 20 } });
    expect(stats.nodes.map((n) => [n.label, n.mean, n.successRate])).toEqual([
      ['Exercice 1 — Fractions', 5, 0.63], ['a) Simplifier', 2, 0.67], ['b) Comparer', 3, 0.6], ['Exercice 2 — Géométrie', 9, 0.75],
    ]);
    const byId = new Map(stats.correctors!.map((c) => [c.correctorId, c]));
    expect(byId.get(alice)).toEqual({ correctorId: alice, assigned: 3, graded: 2, progress: 0.67, mean: 14, spread: 6 });
    expect(byId.get(bob)).toEqual({ correctorId: bob, assigned: 2, graded: 1, progress: 0.5, mean: 14, spread: 0 });
    expect(examStats({ id: 'e', scaleTo: 20 }, copies, nodes, false).correctors).toBeNull();
  });
});
