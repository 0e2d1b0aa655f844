import { type AnnotationInput } from '@gradeline/contracts';
import { ids, sampleTree } from '../../../test/fixtures/scheme';
import { checkAnnotation, type AnnotationContext } from './annotation-rules';

const base: AnnotationInput = {
  kind: 'tick', page: 0, x: 0.5, y: 0.5, width: null, height: null, points: null, text: null, nodeId: null, pointsDelta: null, color: null,
};
const ctx: AnnotationContext = { pageCount: 2, tree: sampleTree() };
const paths = (a: Partial<AnnotationInput>, c = ctx) => checkAnnotation({ ...base, ...a }, c).map((e) => e.path);

describe('checking an annotation', () => {
  it('accepts each kind in its own shape', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ kind: 'cross', page: 1, nodeId: ids.q2, pointsDelta: '-1' })).toEqual([]);
    expect(paths({ kind: 'comment', text: 'Revoir la définition' })).toEqual([]);
    expect(paths({ kind: 'highlight', x: 0.1, y: 0.2, width: 0.9, height: 0.1 })).toEqual([]);
    expect(paths({ kind: 'text', width: 0.3, height: 0.1, text: 'Justifier' })).toEqual([]);
    expect(paths({ kind: 'stroke', points: [{ x: 0.1, y: 0.1 }, { x: 0.2, y: 0.25 }] })).toEqual([]);
  });

  it('refuses a page index beyond the copy (pages count from 0)', () => {
    expect(paths({ page: 2 })).toEqual(['body.page']);
  });

  it('refuses a box that sticks out of the page', () => {
    expect(paths({ kind: 'highlight', x: 0.8, width: 0.3, height: 0.1 })).toEqual(['body.width']);
    expect(paths({ kind: 'text', y: 0.95, width: 0.1, height: 0.1, text: 'x' })).toEqual(['body.height']);
  });

  it('refuses a kind without what it needs', () => {
    expect(paths({ kind: 'stroke', points: [{ x: 0.1, y: 0.1 }] })).toEqual(['body.points']);
    expect(paths({ kind: 'tick', points: [{ x: 0.1, y: 0.1 }, { x: 0.2, y: 0.2 }] })).toEqual(['body.points']);
    expect(paths({ kind: 'comment', text: '  ' })).toEqual(['body.text']);
    expect(paths({ kind: 'highlight', width: 0.2 })).toEqual(['body.height']);
  });

  it('refuses an unknown node, and a points delta the node cannot hold', () => {
    expect(paths({ nodeId: '00000000-0000-4000-8000-000000000000' })).toEqual(['body.nodeId']);
    expect(paths({ nodeId: ids.q1a }, { pageCount: 2, tree: null })).toEqual(['body.nodeId']);
    expect(paths({ nodeId: ids.q1a, pointsDelta: '2.5' })).toEqual(['body.pointsDelta']);
    expect(paths({ nodeId: ids.q1a, pointsDelta: '0.25' })).toEqual(['body.pointsDelta']);
    expect(paths({ nodeId: ids.q1a, pointsDelta: '-0.5' })).toEqual([]);
  });
});
