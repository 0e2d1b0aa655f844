import { type SchemeNodeInput } from '@gradeline/contracts';
import { buildScheme } from './scheme.rules';

const ids = { ex1: '10000000-0000-4000-8000-000000000001', q1: '10000000-0000-4000-8000-000000000002', q2: '10000000-0000-4000-8000-000000000003', a: '10000000-0000-4000-8000-000000000004', b: '10000000-0000-4000-8000-000000000005', ex2: '10000000-0000-4000-8000-000000000006' };
const node = (input: Partial<SchemeNodeInput> & { label: string }): SchemeNodeInput => ({ parentId: null, ...input });
let counter = 0;
const newId = () => `20000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

const errorsOf = (inputs: SchemeNodeInput[]) => {
  const result = buildScheme(inputs, newId);
  if (result.ok) throw new Error('expected the scheme to be refused');
  return result.errors;
};

describe('marking scheme rules', () => {
  it('computes inner maxima and steps exactly, keeps ids, numbers siblings and orders depth first', () => {
    const result = buildScheme(
      [
        node({ id: ids.ex2, label: 'Exercice 2', position: 1 }),
        node({ id: ids.ex1, label: 'Exercice 1', position: 0 }),
        node({ id: ids.q2, parentId: ids.ex1, label: '2', maxPoints: '1.25', step: '0.25', position: 5 }),
        node({ id: ids.q1, parentId: ids.ex1, label: '1', position: 2 }),
        node({ id: ids.a, parentId: ids.q1, label: 'a', maxPoints: '0.5', step: '0.5' }),
        node({ id: ids.b, parentId: ids.q1, label: 'b', maxPoints: '2' }),
        node({ parentId: ids.ex2, label: 'Bonus', maxPoints: '0.75', step: '0.25' }),
      ],
      newId,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.total).toBe('4.5');
    expect(result.nodes.map((n) => [n.label, n.parentId, n.maxPoints, n.step, n.position])).toEqual([
      ['Exercice 1', null, '3.75', '0.25', 0],
      ['1', ids.ex1, '2.5', '0.5', 0],
      ['a', ids.q1, '0.5', '0.5', 0],
      ['b', ids.q1, '2', '1', 1],
      ['2', ids.ex1, '1.25', '0.25', 1],
      ['Exercice 2', null, '0.75', '0.25', 1],
      ['Bonus', ids.ex2, '0.75', '0.25', 0],
    ]);
    expect(result.nodes[6]!.id).toMatch(/^20000000-/);
    expect(result.nodes.slice(0, 6).map((n) => n.id)).toEqual([ids.ex1, ids.q1, ids.a, ids.b, ids.q2, ids.ex2]);
  });

  it('allows any total, as long as it is positive', () => {
    const result = buildScheme([node({ label: 'Q', maxPoints: '37.5', step: '0.5' })], newId);
    expect(result).toMatchObject({ ok: true, total: '37.5' });
  });

  it('sums decimals without floating-point drift', () => {
    const leaves = Array.from({ length: 10 }, (_, i) => node({ label: `Q${i}`, maxPoints: '0.25', step: '0.25' }));
    expect(buildScheme([...leaves, node({ label: 'R', maxPoints: '0.5', step: '0.5' })], newId)).toMatchObject({ ok: true, total: '3' });
  });

  it('names each leaf whose maximum is missing, not positive, or not a multiple of its step', () => {
    expect(
      errorsOf([
        node({ label: 'Q1', maxPoints: '1.5' }),
        node({ label: 'Q2', maxPoints: '0.75', step: '0.5' }),
        node({ label: 'Q3', step: '0.25' }),
        node({ label: 'Q4', maxPoints: '0', step: '1' }),
        node({ label: 'Q5', maxPoints: '-2', step: '1' }),
        node({ label: 'Q6', maxPoints: '1.25', step: '0.25' }),
      ]),
    ).toEqual([
      { path: 'nodes[0].maxPoints', message: 'must be a multiple of its step 1' },
      { path: 'nodes[1].maxPoints', message: 'must be a multiple of its step 0.5' },
      { path: 'nodes[2].maxPoints', message: 'required for a question without sub-questions' },
      { path: 'nodes[3].maxPoints', message: 'must be positive' },
      { path: 'nodes[4].maxPoints', message: 'must be positive' },
    ]);
  });

  it('checks an inner node’s maximum and step against its children when they are given', () => {
    const children = [node({ id: ids.a, parentId: ids.ex1, label: 'a', maxPoints: '1.5', step: '0.5' }), node({ id: ids.b, parentId: ids.ex1, label: 'b', maxPoints: '2' })];
    expect(buildScheme([node({ id: ids.ex1, label: 'Ex', maxPoints: '3.5', step: '0.5' }), ...children], newId)).toMatchObject({ ok: true, total: '3.5' });
    expect(errorsOf([node({ id: ids.ex1, label: 'Ex', maxPoints: '4', step: '1' }), ...children])).toEqual([
      { path: 'nodes[0].maxPoints', message: 'must equal the sum of its sub-questions (3.5)' },
      { path: 'nodes[0].step', message: 'must be the finest step below it (0.5)' },
    ]);
  });

  it('refuses more than three levels', () => {
    const chain = [
      node({ id: ids.ex1, label: 'Exercice' }),
      node({ id: ids.q1, parentId: ids.ex1, label: 'Question' }),
      node({ id: ids.q2, parentId: ids.q1, label: 'Sous-question' }),
      node({ id: ids.a, parentId: ids.q2, label: 'Trop profond', maxPoints: '1' }),
    ];
    expect(errorsOf(chain)).toEqual([{ path: 'nodes[3].parentId', message: 'deeper than 3 levels (exercise, question, sub-question)' }]);
    expect(buildScheme(chain.slice(0, 2).concat(node({ id: ids.q2, parentId: ids.q1, label: 'Sous-question', maxPoints: '1' })), newId).ok).toBe(true);
  });

  it('refuses duplicate ids, unknown parents and cycles, naming the node', () => {
    expect(errorsOf([node({ id: ids.a, label: 'A', maxPoints: '1' }), node({ id: ids.a, label: 'B', maxPoints: '1' })])).toEqual([
      { path: 'nodes[1].id', message: 'duplicate id (also nodes[0])' },
    ]);
    expect(errorsOf([node({ label: 'A', parentId: ids.ex1, maxPoints: '1' })])).toEqual([{ path: 'nodes[0].parentId', message: 'no other node has this id' }]);
    expect(errorsOf([node({ id: ids.a, label: 'A', parentId: ids.a, maxPoints: '1' })])).toEqual([{ path: 'nodes[0].parentId', message: 'no other node has this id' }]);
    expect(
      errorsOf([node({ label: 'Root', maxPoints: '1' }), node({ id: ids.a, parentId: ids.b, label: 'A' }), node({ id: ids.b, parentId: ids.a, label: 'B', maxPoints: '1' })]),
    ).toEqual([
      { path: 'nodes[1].parentId', message: 'the parents form a cycle' },
      { path: 'nodes[2].parentId', message: 'the parents form a cycle' },
    ]);
  });

  it('refuses an empty scheme and a total beyond what points can carry', () => {
    expect(errorsOf([])).toEqual([{ path: 'nodes', message: 'the scheme needs at least one question with points' }]);
    expect(errorsOf([node({ label: 'A', maxPoints: '999999' }), node({ label: 'B', maxPoints: '1' })])).toEqual([{ path: 'nodes', message: 'the total exceeds 999999.999 points' }]);
  });
});
