import { ids, sampleTree } from '../../../test/fixtures/scheme';
import { applyScoreEdit, checkScore, UNSCORED } from './score-rules';

const paths = { node: 'params.nodeId', points: 'body.points' };
const tree = sampleTree(3);
const check = (nodeId: string, points: string | null, notAnswered = false) =>
  checkScore(tree, nodeId, { points, notAnswered, remark: null }, paths);

describe('checking a score against the scheme', () => {
  it('accepts 0, the maximum and every multiple of the step in between', () => {
    for (const points of ['0', '0.5', '1', '1.5', '2']) expect(check(ids.q1a, points)).toEqual([]);
    for (const points of ['0.25', '0.75', '1']) expect(check(ids.q1b, points)).toEqual([]);
  });

  it('refuses a score above the node maximum, naming the field', () => {
    expect(check(ids.q1a, '2.5')).toEqual([{ path: 'body.points', message: 'must be at most 2 for "1a"' }]);
  });

  it('refuses a negative score', () => {
    expect(check(ids.q2, '-1')).toEqual([{ path: 'body.points', message: 'must be at least 0' }]);
  });

  it('refuses a score off the step', () => {
    expect(check(ids.q1a, '0.25')).toEqual([{ path: 'body.points', message: 'must be a multiple of 0.5 for "1a"' }]);
    expect(check(ids.q2, '1.5')).toEqual([{ path: 'body.points', message: 'must be a multiple of 1 for "2"' }]);
  });

  it('refuses an unknown node and a score on a node that has parts', () => {
    expect(check('00000000-0000-4000-8000-000000000000', '1')[0]).toMatchObject({ path: 'params.nodeId', message: expect.stringContaining('version 3') });
    expect(check(ids.q1, '1')[0]).toMatchObject({ path: 'params.nodeId' });
  });

  it('allows a remark on a node that has parts', () => {
    expect(checkScore(tree, ids.q1, { points: null, notAnswered: false, remark: 'Bien' }, paths)).toEqual([]);
  });

  it('refuses points other than 0 on a question marked not answered', () => {
    expect(check(ids.q2, '1', true)).toEqual([{ path: 'body.points', message: 'a question marked not answered scores 0' }]);
  });
});

describe('applying an edit', () => {
  it('scores "not answered" as 0, and unmarking it leaves the node unscored', () => {
    const marked = applyScoreEdit(UNSCORED, { notAnswered: true });
    expect(marked).toEqual({ points: '0', notAnswered: true, remark: null });
    expect(applyScoreEdit(marked, { notAnswered: false })).toEqual({ points: null, notAnswered: false, remark: null });
  });

  it('clears "not answered" when points are given, keeps an omitted remark and normalises decimals', () => {
    const before = { points: '0', notAnswered: true, remark: 'vide' };
    expect(applyScoreEdit(before, { points: '1.50' })).toEqual({ points: '1.5', notAnswered: false, remark: 'vide' });
    expect(applyScoreEdit(before, { remark: null })).toEqual({ points: '0', notAnswered: true, remark: null });
  });
});
