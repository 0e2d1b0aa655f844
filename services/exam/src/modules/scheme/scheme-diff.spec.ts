import { type SchemeNode } from '@gradeline/contracts';
import { diffScheme, sameScheme } from './scheme-diff';

const id = (n: number) => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const leaf = (n: number, over: Partial<SchemeNode> = {}): SchemeNode => ({ id: id(n), parentId: null, label: `Q${n}`, maxPoints: '2', step: '1', position: n, ...over });

describe('what a new scheme version asks graders to look at again', () => {
  const before = [leaf(1), leaf(2), leaf(3), leaf(4), leaf(5), leaf(6)];

  it('lists nodes whose label, maximum or step changed, and removed nodes; moves and new nodes are not changes', () => {
    const after = [
      leaf(1, { label: 'Q1 (reformulée)' }),
      leaf(2, { maxPoints: '3' }),
      leaf(3, { step: '0.5' }),
      leaf(4, { position: 9 }),
      leaf(5, { maxPoints: '2.0' }),
      leaf(7),
    ];
    expect(diffScheme(before, after)).toEqual({ changedNodeIds: [id(1), id(2), id(3)], removedNodeIds: [id(6)] });
  });

  it('says when a tree is the same in every field', () => {
    expect(sameScheme(before, before.map((n) => ({ ...n })))).toBe(true);
    expect(sameScheme(before, [...before.slice(0, 5), leaf(6, { position: 0 })])).toBe(false);
    expect(sameScheme(before, before.slice(1))).toBe(false);
  });
});
