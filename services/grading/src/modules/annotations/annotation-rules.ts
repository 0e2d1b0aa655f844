import { isMultipleOf, toMilli, type AnnotationInput, type FieldError } from '@gradeline/contracts';
import { type SchemeTree } from '../schemes/scheme-tree';

/** An annotation's fields as they will be stored (after a patch is applied). */
export type AnnotationShape = AnnotationInput;

export interface AnnotationContext {
  /** Pages of the copy: `page` is a 0-based index below this. */
  pageCount: number;
  /** The scheme the copy is graded against, null before the exam published one. */
  tree: SchemeTree | null;
}

// Float coordinates from clients: x + width may exceed 1 by rounding alone.
const EPSILON = 1e-9;

/** Checks an annotation against its copy and scheme; each problem names its field (`body.<field>`). */
export function checkAnnotation(a: AnnotationShape, ctx: AnnotationContext): FieldError[] {
  return [...placement(a, ctx.pageCount), ...shapeOfKind(a), ...schemeLink(a, ctx.tree)];
}

function placement(a: AnnotationShape, pageCount: number): FieldError[] {
  const errors: FieldError[] = [];
  if (a.page >= pageCount) {
    errors.push({ path: 'body.page', message: pageCount === 0 ? 'the copy has no pages yet' : `must be below ${pageCount}: the copy has ${pageCount} page(s), counted from 0` });
  }
  if (a.width !== null && a.x + a.width > 1 + EPSILON) errors.push({ path: 'body.width', message: 'x + width must stay inside the page (at most 1)' });
  if (a.height !== null && a.y + a.height > 1 + EPSILON) errors.push({ path: 'body.height', message: 'y + height must stay inside the page (at most 1)' });
  if (a.width === 0 || a.height === 0) errors.push({ path: a.width === 0 ? 'body.width' : 'body.height', message: 'must be greater than 0' });
  return errors;
}

function shapeOfKind(a: AnnotationShape): FieldError[] {
  const errors: FieldError[] = [];
  if (a.kind === 'stroke') {
    if (!a.points || a.points.length < 2) errors.push({ path: 'body.points', message: 'a stroke needs at least 2 points' });
  } else if (a.points !== null) {
    errors.push({ path: 'body.points', message: 'only a stroke has points' });
  }
  if ((a.kind === 'highlight' || a.kind === 'text') && (a.width === null || a.height === null)) {
    errors.push({ path: a.width === null ? 'body.width' : 'body.height', message: `a ${a.kind === 'text' ? 'text box' : 'highlight'} needs a width and a height` });
  }
  if ((a.kind === 'comment' || a.kind === 'text') && !a.text?.trim()) {
    errors.push({ path: 'body.text', message: `a ${a.kind === 'text' ? 'text box' : 'comment'} needs text` });
  }
  return errors;
}

function schemeLink(a: AnnotationShape, tree: SchemeTree | null): FieldError[] {
  if (a.nodeId === null) return [];
  const node = tree?.node(a.nodeId);
  if (!node) return [{ path: 'body.nodeId', message: tree ? `is not a node of the exam's scheme (version ${tree.version})` : 'the exam has no published scheme yet' }];
  if (a.pointsDelta === null) return [];
  if (Math.abs(toMilli(a.pointsDelta)) > toMilli(node.maxPoints)) {
    return [{ path: 'body.pointsDelta', message: `must be between -${node.maxPoints} and ${node.maxPoints} for "${node.label}"` }];
  }
  if (!isMultipleOf(a.pointsDelta.replace('-', ''), node.step)) {
    return [{ path: 'body.pointsDelta', message: `must be a multiple of ${node.step} for "${node.label}"` }];
  }
  return [];
}
