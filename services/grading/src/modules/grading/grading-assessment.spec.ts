import { type SchemeStep } from '@gradeline/contracts';
import { SchemeTree } from '../schemes/scheme-tree';
import { idOf, ids, node, sampleTree } from '../../../test/fixtures/scheme';
import { assess } from './grading-assessment';
import { type ScoreState } from './score-rules';

const scored = (points: string | null, notAnswered = false, remark: string | null = null): ScoreState => ({ points, notAnswered, remark });

describe('assessing a copy before finalising', () => {
  it('lists the leaves still unscored', () => {
    const result = assess(sampleTree(), new Map([[ids.q1a, scored('1')]]), []);
    expect(result.missing).toEqual([ids.q1b, ids.q2]);
  });

  it('counts "not answered" as scored, at 0', () => {
    const result = assess(sampleTree(), new Map([[ids.q1a, scored('1')], [ids.q1b, scored('0', true)], [ids.q2, scored('3')]]), []);
    expect(result.missing).toEqual([]);
    expect(result.total).toBe('4');
    expect(result.scores.find((s) => s.nodeId === ids.q1b)).toEqual({ nodeId: ids.q1b, points: '0', notAnswered: true, remark: null });
  });

  it('totals in exact decimals: 0.1 + 0.2 marks add to 0.3 (in floating point they make 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    // The contract's steps today are 1, 0.5 and 0.25 (exact in binary too); tenths are what drift.
    const tenths = [node('a', null, '1', '0.1' as SchemeStep, 0), node('b', null, '1', '0.1' as SchemeStep, 1)];
    const result = assess(new SchemeTree('e', 1, tenths, '2'), new Map([[idOf('a'), scored('0.1')], [idOf('b'), scored('0.2')]]), []);
    expect(result.invalid).toEqual([]);
    expect(result.total).toBe('0.3');
  });

  it('totals many quarter points exactly', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => node(`q${i}`, null, '1', '0.25', i));
    const scores = new Map(nodes.map((n, i) => [n.id, scored(['0.25', '0.5', '0.75'][i % 3]!)]));
    expect(assess(new SchemeTree('e', 1, nodes, '40'), scores, []).total).toBe('19.75');
  });

  it('keeps scores of removed nodes out of the total and the event, and flags scores the new version no longer allows', () => {
    const v2 = new SchemeTree(idOf('exam'), 2, [node('1a', null, '1', '0.5', 0), node('2', null, '3', '1', 1)], '4');
    const result = assess(v2, new Map([[ids.q1a, scored('2')], [ids.q1b, scored('1')], [ids.q2, scored('3')]]), []);
    expect(result.scores.map((s) => s.nodeId)).toEqual([ids.q1a, ids.q2]);
    expect(result.invalid).toEqual([{ path: `scores.${ids.q1a}`, message: 'must be at most 1 for "1a"' }]);
    expect(result.total).toBe('3');
  });

  it('warns about full marks on a question carrying a cross, and zero on one carrying a tick', () => {
    const scores = new Map([[ids.q1a, scored('2')], [ids.q1b, scored('0')], [ids.q2, scored('1')]]);
    const result = assess(sampleTree(), scores, [
      { kind: 'cross', nodeId: ids.q1a },
      { kind: 'tick', nodeId: ids.q1b },
      { kind: 'cross', nodeId: ids.q2 },
      { kind: 'tick', nodeId: null },
    ]);
    expect(result.warnings.map((w) => [w.code, w.nodeId])).toEqual([
      ['full_marks_with_cross', ids.q1a],
      ['zero_with_tick', ids.q1b],
    ]);
  });

  it('reminds of nodes a scheme change touched', () => {
    const result = assess(sampleTree(), new Map(), [], [ids.q2, ids.q2]);
    expect(result.warnings).toEqual([{ code: 'scheme_changed', nodeId: ids.q2, message: expect.stringContaining('"2" changed') }]);
  });
});
