import { SchemeTree } from './scheme-tree';
import { node, sampleTree, ids } from '../../../test/fixtures/scheme';

describe('a scheme tree', () => {
  it('scores leaves only, in scheme order, whatever order the nodes came in', () => {
    const tree = sampleTree();
    expect(tree.leaves().map((n) => n.label)).toEqual(['1a', '1b', '2']);
    expect(tree.isLeaf(ids.q1)).toBe(false);
    expect(tree.isLeaf(ids.q1a)).toBe(true);
    expect(tree.isLeaf('00000000-0000-4000-8000-00000000ffff')).toBe(false);
  });

  it('orders siblings by position, not by arrival', () => {
    const tree = new SchemeTree('e', 1, [node('b', null, '1', '1', 1), node('a', null, '1', '1', 0)], '2');
    expect(tree.ordered().map((n) => n.label)).toEqual(['a', 'b']);
  });
});
