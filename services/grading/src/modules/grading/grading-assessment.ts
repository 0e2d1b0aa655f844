import { addPoints, toMilli, type AnnotationKind, type FieldError, type GradingWarning, type NodeScore } from '@gradeline/contracts';
import { type SchemeTree } from '../schemes/scheme-tree';
import { checkScore, isScored, type ScoreState } from './score-rules';

/** Where a copy's grading stands against a scheme version: what finalising would publish, or why not. */
export interface Assessment {
  /** Every node of the scheme with a score or remark, in scheme order (what the finalised event carries). */
  scores: NodeScore[];
  total: string;
  maxTotal: string;
  /** Leaves without a score or "not answered". */
  missing: string[];
  /** Scores the scheme no longer allows (a later version lowered a maximum or changed a step). */
  invalid: FieldError[];
  warnings: GradingWarning[];
}

export interface AnnotationMark {
  kind: AnnotationKind;
  nodeId: string | null;
}

/** Exact totals (integer thousandths) over the scheme's leaves; scores of removed nodes are kept but not counted. */
export function assess(
  tree: SchemeTree,
  scores: ReadonlyMap<string, ScoreState>,
  annotations: readonly AnnotationMark[],
  secondLookNodeIds: readonly string[] = [],
): Assessment {
  const out: Assessment = { scores: [], total: '0', maxTotal: tree.total, missing: [], invalid: [], warnings: [] };
  const counted: string[] = [];
  for (const node of tree.ordered()) {
    const state = scores.get(node.id);
    const leaf = tree.isLeaf(node.id);
    if (state && (isScored(state) || state.remark !== null)) {
      out.scores.push({ nodeId: node.id, points: leaf ? state.points : null, notAnswered: leaf && state.notAnswered, remark: state.remark });
    }
    if (!leaf) continue;
    if (!isScored(state)) {
      out.missing.push(node.id);
      continue;
    }
    const errors = checkScore(tree, node.id, state!, { node: `scores.${node.id}`, points: `scores.${node.id}` });
    out.invalid.push(...errors);
    if (errors.length === 0) counted.push(state!.points!);
  }
  out.total = addPoints('0', ...counted);
  out.warnings = warningsOf(tree, scores, annotations, secondLookNodeIds);
  return out;
}

function warningsOf(
  tree: SchemeTree,
  scores: ReadonlyMap<string, ScoreState>,
  annotations: readonly AnnotationMark[],
  secondLookNodeIds: readonly string[],
): GradingWarning[] {
  const warnings: GradingWarning[] = [];
  const marked = (nodeId: string, kind: AnnotationKind) => annotations.some((a) => a.nodeId === nodeId && a.kind === kind);
  for (const leaf of tree.leaves()) {
    const points = scores.get(leaf.id)?.points;
    if (points === null || points === undefined) continue;
    if (toMilli(points) === toMilli(leaf.maxPoints) && toMilli(points) > 0 && marked(leaf.id, 'cross')) {
      warnings.push({ code: 'full_marks_with_cross', nodeId: leaf.id, message: `"${leaf.label}" has full marks but carries a cross` });
    }
    if (toMilli(points) === 0 && marked(leaf.id, 'tick')) {
      warnings.push({ code: 'zero_with_tick', nodeId: leaf.id, message: `"${leaf.label}" scores 0 but carries a tick` });
    }
  }
  for (const nodeId of new Set(secondLookNodeIds)) {
    const label = tree.node(nodeId)?.label;
    const what = label ? `"${label}" changed` : 'a node was removed';
    warnings.push({ code: 'scheme_changed', nodeId, message: `${what} in the scheme after it was graded: check its score` });
  }
  return warnings;
}
